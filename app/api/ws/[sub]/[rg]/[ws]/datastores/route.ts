import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listDatastores } from "@/features/datastores/server";

export const GET = route({
  action: "datastore.read",
  params: workspaceParams,
  handler: ({ principal, params }) => listDatastores(workspaceContext(principal, params)),
});
