import { WorkspaceHome } from "@/features/workspaces";

export const metadata = { title: "Home" };
export default function Home() {
  return <WorkspaceHome />;
}
