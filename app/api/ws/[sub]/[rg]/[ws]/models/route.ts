import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listModels, listModelsQuery } from "@/features/models/server";

export const GET = route({
  action: "model.read",
  params: workspaceParams,
  query: listModelsQuery,
  handler: ({ principal, params, query }) => listModels(workspaceContext(principal, params), query.archived),
});
