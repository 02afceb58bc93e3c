import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getJobGraph } from "@/features/jobs/server/jobs";
import { jobParams } from "@/features/jobs/server/schemas";

/** A pipeline job's graph (packed designer graph model, laid out). */
export const GET = route({
  action: "job.read",
  params: jobParams,
  handler: ({ principal, params }) => getJobGraph(workspaceContext(principal, params), params.name),
});
