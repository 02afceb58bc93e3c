import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { cancelJob, rerunJob, jobActionParams } from "@/features/jobs/server";
import { createDraftFromJob } from "@/features/designer/server";

/** POST …/jobs/{name}/cancel | rerun | clone (clone: a designer draft of the job's graph). */
export const POST = route({
  action: "job.write",
  params: jobActionParams,
  status: 202,
  handler: async ({ principal, params }) => {
    const ctx = workspaceContext(principal, params);
    if (params.action === "cancel") return { data: await cancelJob(ctx, params.name) };
    if (params.action === "rerun") return { data: await rerunJob(ctx, params.name) };
    return { data: await createDraftFromJob(ctx, params.name) };
  },
});
