import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listEnvironments, listEnvironmentsQuery } from "@/features/environments/server";

export const GET = route({
  action: "environment.read",
  params: workspaceParams,
  query: listEnvironmentsQuery,
  handler: ({ principal, params, query }) => listEnvironments(workspaceContext(principal, params), query.archived),
});
