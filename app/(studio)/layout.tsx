import type { ReactNode } from "react";
import { WorkspaceShell } from "@/features/workspaces";

export default function StudioLayout({ children }: { children: ReactNode }) {
  return <WorkspaceShell>{children}</WorkspaceShell>;
}
