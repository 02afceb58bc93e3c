import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { datastoreParams, pathQuery } from "@/features/datastores/server";
import { statFile } from "@/features/datastores/server";

export const GET = route({
  action: "datastore.read",
  params: datastoreParams,
  query: pathQuery,
  handler: async ({ principal, params, query }) => ({
    data: await statFile(workspaceContext(principal, params), params.name, query.path),
  }),
});
