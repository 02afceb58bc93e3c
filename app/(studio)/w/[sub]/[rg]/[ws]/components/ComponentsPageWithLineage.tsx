"use client";
import { ComponentsPage } from "@/features/components";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The page composes the two features: components with a Lineage tab per version (lineage). */
export function ComponentsPageWithLineage({ workspace }: { workspace: WorkspaceRef }) {
  return <ComponentsPage workspace={workspace} lineage={LineagePanel} />;
}
