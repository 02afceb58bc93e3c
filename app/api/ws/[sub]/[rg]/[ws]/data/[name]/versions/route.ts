import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { createVersionBody, dataParams } from "@/features/data-assets/server";
import { createVersion, listVersionPage } from "@/features/data-assets/server";
import { versionPageQuery } from "@/lib/server/assets";

/** The history a page at a time, newest first: `{ versions, next }`; `?cursor=<next>` continues it. */
export const GET = route({
  action: "data.read",
  params: dataParams,
  query: versionPageQuery,
  handler: ({ principal, params, query }) =>
    listVersionPage(workspaceContext(principal, params), params.name, query.cursor ?? null),
});

/** A new version from a browsed datastore path (checked to exist and to match the type). */
export const POST = route({
  action: "data.write",
  params: dataParams,
  body: createVersionBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await createVersion(workspaceContext(principal, params), params.name, body),
  }),
});
