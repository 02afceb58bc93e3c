import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { environmentContext, environmentVersionParams } from "@/features/environments/server";

/** A build-context version's files (sizes, hashes) and Dockerfile; null data for image versions. */
export const GET = route({
  action: "environment.read",
  params: environmentVersionParams,
  handler: ({ principal, params }) =>
    environmentContext(workspaceContext(principal, params), params.name, params.version),
});
