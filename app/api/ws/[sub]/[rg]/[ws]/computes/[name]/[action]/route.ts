import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { computeActionParams, runComputeAction } from "@/features/compute/server";

/** Start, stop or restart a compute instance. */
export const POST = route({
  action: "compute.write",
  params: computeActionParams,
  status: 202,
  handler: async ({ principal, params }) => ({
    data: await runComputeAction(workspaceContext(principal, params), params.name, params.action),
  }),
});
