import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getLineage, lineageParams, lineageQuery } from "@/features/lineage/server";

/** Lineage of any asset version or job: `?node=<key>&direction=upstream|downstream|both&hops=1..5`. */
export const GET = route({
  action: "lineage.read",
  params: lineageParams,
  query: lineageQuery,
  handler: ({ principal, params, query }) => getLineage(workspaceContext(principal, params), query),
});
