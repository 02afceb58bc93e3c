"use client";
import type { ComponentProps } from "react";
import { WorkspaceHome } from "@/features/workspaces";
import { WorkspaceContents } from "@/features/overview";

/** The page composes the two features: the workspace cards (workspaces), whose Delete dialog says what a workspace holds (overview). */
export function WorkspaceHomeWithContents(props: Omit<ComponentProps<typeof WorkspaceHome>, "contents">) {
  return <WorkspaceHome {...props} contents={WorkspaceContents} />;
}
