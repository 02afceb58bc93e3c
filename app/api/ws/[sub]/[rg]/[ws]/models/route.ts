import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listModels, listModelSummaries, listModelsQuery } from "@/features/models/server";

export const GET = route({
  action: "model.read",
  params: workspaceParams,
  query: listModelsQuery,
  handler: ({ principal, params, query }) =>
    (query.withLatest === "true" ? listModels : listModelSummaries)(
      workspaceContext(principal, params),
      query.archived,
    ),
});
