import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { cancelJob, cloneJobToDraft, rerunJob } from "@/features/jobs/server/jobs";
import { jobActionParams } from "@/features/jobs/server/schemas";

/** POST …/jobs/{name}/cancel | rerun | clone (clone: a designer draft of the job's graph). */
export const POST = route({
  action: "job.write",
  params: jobActionParams,
  status: 202,
  handler: async ({ principal, params }) => {
    const ctx = workspaceContext(principal, params);
    if (params.action === "cancel") return { data: await cancelJob(ctx, params.name) };
    if (params.action === "rerun") return { data: await rerunJob(ctx, params.name) };
    return { data: await cloneJobToDraft(ctx, params.name) };
  },
});
