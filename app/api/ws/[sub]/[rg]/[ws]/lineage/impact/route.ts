import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { impactCsv, impactOf, impactQuery, lineageParams } from "@/features/lineage/server";

/** Every job and model downstream of a node, as JSON or as a CSV download. */
export const GET = route({
  action: "lineage.read",
  params: lineageParams,
  query: impactQuery,
  handler: async ({ principal, params, query }) => {
    const rows = await impactOf(workspaceContext(principal, params), query.node);
    if (query.format === "json") return { data: rows };
    const file = `impact-${query.node.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)}.csv`;
    return new Response(impactCsv(rows), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file}"`,
        "Cache-Control": "no-store",
      },
    });
  },
});
