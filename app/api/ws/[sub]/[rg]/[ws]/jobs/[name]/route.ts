import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getJob } from "@/features/jobs/server/jobs";
import { jobParams } from "@/features/jobs/server/schemas";

/** One job with its step timeline, read live. */
export const GET = route({
  action: "job.read",
  params: jobParams,
  handler: async ({ principal, params }) => ({ data: await getJob(workspaceContext(principal, params), params.name) }),
});
