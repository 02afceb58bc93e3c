"use client";
import { DataAssetDetail } from "@/features/data-assets";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The page composes the two features: the data asset's versions (data-assets) with a Lineage tab (lineage). */
export function DataAssetDetailPage({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  return <DataAssetDetail workspace={workspace} name={name} lineage={LineagePanel} />;
}
