import { route, z } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { datastoreParams, nonRootPath } from "@/features/datastores/server";
import { streamContent } from "@/features/datastores/server";

/** Streams a file through the studio, for stores that cannot hand out short-lived URLs. */
export const GET = route({
  action: "datastore.read",
  params: datastoreParams,
  query: z.strictObject({ path: nonRootPath, download: z.enum(["1"]).optional() }),
  handler: ({ principal, params, query }) =>
    streamContent(workspaceContext(principal, params), params.name, query.path, query.download === "1"),
});
