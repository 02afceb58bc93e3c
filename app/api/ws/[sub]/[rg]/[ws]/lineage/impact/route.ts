import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getImpact, impactQuery, lineageParams } from "@/features/lineage/server";

/** Every job and model downstream of a data or environment version: `?node=<key>&format=json|csv`. */
export const GET = route({
  action: "lineage.read",
  params: lineageParams,
  query: impactQuery,
  handler: ({ principal, params, query }) => getImpact(workspaceContext(principal, params), query),
});
