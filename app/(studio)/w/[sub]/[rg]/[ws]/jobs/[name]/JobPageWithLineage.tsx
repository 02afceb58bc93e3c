"use client";
import { JobDetailPage, type JobPageSeed } from "@/features/jobs";
import { LineagePanel } from "@/features/lineage";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { usePageSeed } from "@/lib/client/page-seed";
import type { PageSeed } from "@/lib/domain/page-seed";

/** The page composes the two features: the job (jobs) with a Lineage tab (lineage). */
export function JobPageWithLineage({
  workspace,
  name,
  initial,
}: {
  workspace: WorkspaceRef;
  name: string;
  /** The job as the server read it (null: the page reads it through the API). */
  initial: PageSeed<JobPageSeed> | null;
}) {
  return <JobDetailPage workspace={workspace} name={name} lineage={LineagePanel} initial={usePageSeed(initial)} />;
}
