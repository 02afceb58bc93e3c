import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { datastoreParams, folderBody } from "@/features/datastores/server";
import { createFolder } from "@/features/datastores/server";

export const POST = route({
  action: "datastore.write",
  params: datastoreParams,
  body: folderBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await createFolder(workspaceContext(principal, params), params.name, body.path),
  }),
});
