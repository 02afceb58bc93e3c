import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { environmentParams, listEnvironmentVersions } from "@/features/environments/server";

export const GET = route({
  action: "environment.read",
  params: environmentParams,
  handler: ({ principal, params }) => listEnvironmentVersions(workspaceContext(principal, params), params.name),
});
