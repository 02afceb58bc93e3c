import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getJobGraph, jobParams } from "@/features/jobs/server";

/** A pipeline job's graph (packed designer graph model, laid out). */
export const GET = route({
  action: "job.read",
  params: jobParams,
  handler: ({ principal, params }) => getJobGraph(workspaceContext(principal, params), params.name),
});
