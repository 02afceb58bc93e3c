"use client";
import { JobDetailPage } from "@/features/jobs";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The page composes the two features: the job (jobs) with a Lineage tab (lineage). */
export function JobPageWithLineage({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  return <JobDetailPage workspace={workspace} name={name} lineage={LineagePanel} />;
}
