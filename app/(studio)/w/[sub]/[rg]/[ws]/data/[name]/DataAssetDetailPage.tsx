"use client";
import { DataAssetDetail } from "@/features/data-assets";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import type { VersionHistorySeed } from "@/lib/domain/versions";
import { usePageSeed } from "@/lib/client/page-seed";
import type { PageSeed } from "@/lib/domain/page-seed";

/** The page composes the two features: the data asset's versions (data-assets) with a Lineage tab (lineage). */
export function DataAssetDetailPage({
  workspace,
  name,
  seed,
}: {
  workspace: WorkspaceRef;
  name: string;
  /** The history's first rows, read on the server. */
  seed: PageSeed<VersionHistorySeed> | null;
}) {
  return <DataAssetDetail workspace={workspace} name={name} lineage={LineagePanel} seed={usePageSeed(seed)} />;
}
