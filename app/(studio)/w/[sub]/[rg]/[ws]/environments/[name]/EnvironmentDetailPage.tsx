"use client";
import { EnvironmentDetail } from "@/features/environments";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The page composes the two features: the environment's versions (environments) with a Lineage tab (lineage). */
export function EnvironmentDetailPage({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  return <EnvironmentDetail workspace={workspace} name={name} lineage={LineagePanel} />;
}
