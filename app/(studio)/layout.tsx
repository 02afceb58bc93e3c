import type { ReactNode } from "react";
import { WorkspaceShell } from "@/features/workspaces";
import { CommandPalette } from "@/features/palette";

/** The studio's shell; app/ composes later features into it (the palette searches every kind, so it comes last). */
export default function StudioLayout({ children }: { children: ReactNode }) {
  return <WorkspaceShell headerActions={<CommandPalette />}>{children}</WorkspaceShell>;
}
