"use client";
import { Caption1 } from "@fluentui/react-components";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { useWorkspaceOverview } from "../hooks";

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a workspace holds, in one sentence, from its overview (computes, jobs and how many have not ended, models, data
 * assets): what the Delete workspace dialog says goes with it. A section the upstream could not list is left out.
 */
export function WorkspaceContents({ workspace }: { workspace: WorkspaceRef }) {
  const overview = useWorkspaceOverview(workspace);
  if (overview.isPending) return <Caption1 as="p">Counting what it holds…</Caption1>;
  const o = overview.data?.data;
  if (!o) return null;
  const parts: string[] = [];
  if (o.computes.available) parts.push(count(o.computes.total, "compute", "computes"));
  if (o.jobs.available)
    parts.push(
      `${count(o.jobs.total, "job", "jobs")}${o.jobs.counts.active ? ` (${o.jobs.counts.active} not finished)` : ""}`,
    );
  if (o.models.available) parts.push(count(o.models.total, "model", "models"));
  if (o.data.available) parts.push(count(o.data.total, "data asset", "data assets"));
  if (!parts.length) return null;
  return (
    <Caption1 as="p" data-testid="workspace-contents">
      It holds {parts.join(", ")}.
    </Caption1>
  );
}
