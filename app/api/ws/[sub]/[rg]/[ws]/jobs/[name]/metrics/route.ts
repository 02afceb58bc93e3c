import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { runOf, runMetrics, jobParams, runQuery } from "@/features/jobs/server";

/** MLflow metrics of the job's run or of one of its steps' runs (?run=<step job name>). */
export const GET = route({
  action: "job.read",
  params: jobParams,
  query: runQuery,
  handler: async ({ principal, params, query }) => {
    const ctx = workspaceContext(principal, params);
    const run = await runOf(ctx, params.name, query.run && query.run !== params.name ? query.run : undefined);
    return { data: await runMetrics(ctx, run.name) };
  },
});
