import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { lineageOf, lineageParams, lineageQuery } from "@/features/lineage/server";

/** One hop around a node: what it was made from and what used it (`?node=model:<name>:<version>`, `job:<name>`, …). */
export const GET = route({
  action: "lineage.read",
  params: lineageParams,
  query: lineageQuery,
  handler: async ({ principal, params, query }) => ({
    data: await lineageOf(workspaceContext(principal, params), query.node),
  }),
});
