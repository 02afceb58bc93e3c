import { route, z } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { datastoreBody, datastoreParams } from "@/features/datastores/server";
import { deleteDatastore, getDatastore, putDatastore } from "@/features/datastores/server";

export const GET = route({
  action: "datastore.read",
  params: datastoreParams,
  handler: ({ principal, params }) => getDatastore(workspaceContext(principal, params), params.name),
});

/** Registers (`?mode=create`, refuses an existing name) or edits (`?mode=update`) a datastore. */
export const PUT = route({
  action: "datastore.write",
  params: datastoreParams,
  query: z.strictObject({ mode: z.enum(["create", "update"]).default("update") }),
  body: datastoreBody,
  handler: async ({ principal, params, query, body }) => ({
    data: await putDatastore(workspaceContext(principal, params), params.name, body, query.mode),
  }),
});

export const DELETE = route({
  action: "datastore.write",
  params: datastoreParams,
  handler: async ({ principal, params }) => ({
    data: await deleteDatastore(workspaceContext(principal, params), params.name),
  }),
});
