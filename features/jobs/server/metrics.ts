import "server-only";
import { mlflowGet } from "@/lib/server/mlflow";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import type { MetricSeries } from "./jobs";

/** Every metric of a run (a job or a pipeline step; the run id is the job's name) with its full history. */
export async function runMetrics(ctx: WorkspaceContext, runId: string): Promise<MetricSeries[]> {
  const run = await mlflowGet<{ run: { data: { metrics?: { key: string }[] } } }>(ctx, "runs/get", { run_id: runId });
  const keys = [...new Set((run.run.data.metrics ?? []).map((m) => m.key))].sort();
  return Promise.all(
    keys.map(async (key) => {
      const h = await mlflowGet<{ metrics?: { value: number; step?: number; timestamp: number }[] }>(
        ctx,
        "metrics/get-history",
        { run_id: runId, metric_key: key },
      );
      return {
        key,
        points: (h.metrics ?? []).map((m) => ({
          step: Number(m.step ?? 0),
          value: m.value,
          timestamp: Number(m.timestamp),
        })),
      };
    }),
  );
}
