import { HomePage } from "@/components/shell/HomePage";

export const metadata = { title: "Home" };
export default function Home() {
  return <HomePage />;
}
