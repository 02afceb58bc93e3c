import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { downloadLog, jobParams, stepQuery } from "@/features/jobs/server";

export const GET = route({
  action: "job.read",
  params: jobParams,
  query: stepQuery,
  handler: ({ principal, params, query }) => downloadLog(workspaceContext(principal, params), params.name, query.step),
});
