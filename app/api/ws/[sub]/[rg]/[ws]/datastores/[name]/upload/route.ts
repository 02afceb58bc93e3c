import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { datastoreParams, proxyUploadQuery } from "@/features/datastores/server";
import { proxyUpload } from "@/features/datastores/server";

/** Streams the raw request body to storage (no JSON): for stores without short-lived upload URLs. */
export const PUT = route({
  action: "datastore.write",
  params: datastoreParams,
  query: proxyUploadQuery,
  status: 201,
  bodyType: "binary",
  handler: async ({ principal, params, query, req }) => ({
    data: await proxyUpload(workspaceContext(principal, params), params.name, query, req),
  }),
});
