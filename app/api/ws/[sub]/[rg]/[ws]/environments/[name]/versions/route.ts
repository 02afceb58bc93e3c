import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { versionPageQuery } from "@/lib/server/assets";
import { environmentParams, listEnvironmentVersionPage } from "@/features/environments/server";

/** The history a page at a time, newest first: `{ versions, next }`; `?cursor=<next>` continues it. */
export const GET = route({
  action: "environment.read",
  params: environmentParams,
  query: versionPageQuery,
  handler: ({ principal, params, query }) =>
    listEnvironmentVersionPage(workspaceContext(principal, params), params.name, query.cursor ?? null),
});
