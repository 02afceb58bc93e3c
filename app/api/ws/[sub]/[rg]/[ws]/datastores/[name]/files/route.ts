import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { deleteManyBody, deleteQuery, datastoreParams, listQuery } from "@/features/datastores/server";
import { deleteMany, deletePath, listFolder } from "@/features/datastores/server";

/** One page of a folder (`path`, `continuationToken`, `prefix`, `pageSize`). */
export const GET = route({
  action: "datastore.read",
  params: datastoreParams,
  query: listQuery,
  handler: async ({ principal, params, query }) => ({
    data: await listFolder(workspaceContext(principal, params), params.name, query),
  }),
});

/** Deletes a file or a whole folder. */
export const DELETE = route({
  action: "datastore.write",
  params: datastoreParams,
  query: deleteQuery,
  handler: async ({ principal, params, query }) => ({
    data: await deletePath(workspaceContext(principal, params), params.name, query.path, query.kind),
  }),
});

/** Removes the files of a cancelled upload batch. */
export const POST = route({
  action: "datastore.write",
  params: datastoreParams,
  body: deleteManyBody,
  handler: async ({ principal, params, body }) => ({
    data: await deleteMany(workspaceContext(principal, params), params.name, body.paths),
  }),
});
