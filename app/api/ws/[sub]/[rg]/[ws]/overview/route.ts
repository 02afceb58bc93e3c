import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getWorkspaceOverview } from "@/features/overview/server";

/** A workspace's overview page: running jobs, computes by state, latest models and data assets. */
export const GET = route({
  action: "workspace.read",
  params: workspaceParams,
  handler: ({ principal, params }) => getWorkspaceOverview(workspaceContext(principal, params)),
});
