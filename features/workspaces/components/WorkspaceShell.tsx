"use client";
import type { ReactNode } from "react";
import { StudioShell } from "@/components/shell/StudioShell";
import { useWorkspaces } from "../hooks";

/** The studio's shell with the signed-in user's workspaces in its switcher. */
export function WorkspaceShell({ children, headerActions }: { children: ReactNode; headerActions?: ReactNode }) {
  const workspaces = useWorkspaces();
  return (
    <StudioShell
      workspaces={workspaces.data?.data}
      workspacesLoading={workspaces.isLoading}
      headerActions={headerActions}
    >
      {children}
    </StudioShell>
  );
}
