import { WorkspaceHome } from "@/features/workspaces";

export const metadata = { title: "Workspaces" };
export default function Home() {
  return <WorkspaceHome />;
}
