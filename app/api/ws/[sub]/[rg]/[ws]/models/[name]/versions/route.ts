import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { versionPageQuery } from "@/lib/server/assets";
import { listModelVersionPage, modelParams } from "@/features/models/server";

/** The history a page at a time, newest first: `{ versions, next }`; `?cursor=<next>` continues it. */
export const GET = route({
  action: "model.read",
  params: modelParams,
  query: versionPageQuery,
  handler: ({ principal, params, query }) =>
    listModelVersionPage(workspaceContext(principal, params), params.name, query.cursor ?? null),
});
