import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { apiPath } from "@/lib/domain/arm-names";
import { datastoreParams, pathQuery } from "@/features/datastores/server";
import { downloadLink } from "@/features/datastores/server";

/** A read-only URL for one file that expires within minutes (or the studio's streaming route). */
export const GET = route({
  action: "datastore.read",
  params: datastoreParams,
  query: pathQuery,
  handler: async ({ principal, params, query }) => {
    const ctx = workspaceContext(principal, params);
    return { data: await downloadLink(ctx, params.name, query.path, apiPath(ctx.ref)) };
  },
});
