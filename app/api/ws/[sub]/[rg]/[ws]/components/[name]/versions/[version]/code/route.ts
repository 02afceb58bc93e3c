import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { codeFileQuery, componentVersionParams } from "@/features/components/server";
import { componentCode } from "@/features/components/server";

/** The files of a component version's code folder; with ?path=, one file's text. */
export const GET = route({
  action: "component.read",
  params: componentVersionParams,
  query: codeFileQuery,
  handler: async ({ principal, params, query }) => ({
    data: await componentCode(workspaceContext(principal, params), params.name, params.version, query.path),
  }),
});
