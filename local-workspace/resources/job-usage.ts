/**
 * What running jobs hold: a command job, a pipeline step or a sweep trial in Preparing, Running or Finalizing holds
 * `resources.instanceCount` nodes of its compute (of its instance type on serverless). Read from the stored job
 * rows, so the answer is the jobs' own state (the runner writes it), not a separate count that could drift.
 */
import { key } from "../arm";
import type { Ctx } from "../context";
import { findVmSize } from "../vm-sizes";

/** The statuses in which a job's step holds its node. */
const HOLDING = new Set(["Preparing", "Running", "Finalizing"]);
/** Azure ML's size for a serverless job that names no instance type. */
export const SERVERLESS_DEFAULT_INSTANCE_TYPE = "Standard_DS3_v2";

export type NodeHolder = {
  /** The job's name: the run id a node of its compute shows. */
  name: string;
  /** Its compute's name, or null for serverless. */
  compute: string | null;
  instanceType: string | null;
  instanceCount: number;
};

/** Jobs (steps and trials included) of a workspace holding nodes now, oldest first. */
export function jobsHoldingNodes(ctx: Ctx, wsId: string): NodeHolder[] {
  return ctx.store
    .listByPrefix("jobs", key(wsId))
    .filter((j) => {
      const p = j.body.properties ?? {};
      // A pipeline or sweep holds nothing itself: its steps and trials do.
      return p.jobType !== "Pipeline" && p.jobType !== "Sweep" && HOLDING.has(p.status);
    })
    .map((j) => {
      const p = j.body.properties;
      const compute =
        typeof p.computeId === "string" && p.computeId
          ? p.computeId
              .replace(/^azureml:/, "")
              .split("/")
              .pop()!
          : null;
      return {
        name: j.name,
        compute: compute && compute.toLowerCase() !== "serverless" ? compute : null,
        instanceType: p.resources?.instanceType ?? null,
        instanceCount: Math.max(1, Number(p.resources?.instanceCount ?? 1) || 1),
      };
    });
}

/** vCPUs serverless jobs of a workspace use now, per VM family of their instance type. */
export function serverlessCores(ctx: Ctx, wsId: string): Map<string, number> {
  const byFamily = new Map<string, number>();
  for (const j of jobsHoldingNodes(ctx, wsId)) {
    if (j.compute !== null) continue;
    const vm = findVmSize(j.instanceType ?? SERVERLESS_DEFAULT_INSTANCE_TYPE);
    if (!vm) continue;
    byFamily.set(vm.family, (byFamily.get(vm.family) ?? 0) + vm.vCPUs * j.instanceCount);
  }
  return byFamily;
}
