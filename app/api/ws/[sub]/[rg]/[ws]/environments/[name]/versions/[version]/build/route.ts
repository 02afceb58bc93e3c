import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { environmentBuild, environmentVersionParams } from "@/features/environments/server";

/** Build status and log (not cached: it changes while the build runs). */
export const GET = route({
  action: "environment.read",
  params: environmentVersionParams,
  handler: async ({ principal, params }) => ({
    data: await environmentBuild(workspaceContext(principal, params), params.name, params.version),
  }),
});
