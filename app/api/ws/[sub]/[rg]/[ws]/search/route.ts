import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { paletteQuery, searchWorkspace } from "@/features/palette/server";

/** The command palette's search: `?q=<text>` (a name; `name:3` or `name@latest` for a version), `&limit=`. */
export const GET = route({
  action: "search.read",
  params: workspaceParams,
  query: paletteQuery,
  handler: ({ principal, params, query }) => searchWorkspace(workspaceContext(principal, params), principal, query),
});
