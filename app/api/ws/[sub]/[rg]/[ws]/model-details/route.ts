import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { modelDetailsQuery, readModelDetails } from "@/features/models/server";

/** Type and stage of the named model versions (the latest of the list's rows on screen), keyed `name@version`. */
export const GET = route({
  action: "model.read",
  params: workspaceParams,
  query: modelDetailsQuery,
  handler: ({ principal, params, query }) => readModelDetails(workspaceContext(principal, params), query.versions),
});
