import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getJob, jobParams } from "@/features/jobs/server";

/** One job with its step timeline, read live. */
export const GET = route({
  action: "job.read",
  params: jobParams,
  handler: async ({ principal, params }) => ({ data: await getJob(workspaceContext(principal, params), params.name) }),
});
