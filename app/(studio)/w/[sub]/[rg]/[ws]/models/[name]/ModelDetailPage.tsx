"use client";
import { ModelDetail } from "@/features/models";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The page composes the two features: the model's history (models) with a Lineage tab (lineage). */
export function ModelDetailPage({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  return <ModelDetail workspace={workspace} name={name} lineage={LineagePanel} />;
}
