import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { apiPath } from "@/lib/domain/arm-names";
import { datastoreParams, uploadBody } from "@/features/datastores/server";
import { startUpload } from "@/features/datastores/server";

/** Where to send one file: a write-only URL scoped to its path, or the studio's streaming upload route. */
export const POST = route({
  action: "datastore.write",
  params: datastoreParams,
  body: uploadBody,
  handler: async ({ principal, params, body }) => {
    const ctx = workspaceContext(principal, params);
    return { data: await startUpload(ctx, params.name, body, apiPath(ctx.ref)) };
  },
});
