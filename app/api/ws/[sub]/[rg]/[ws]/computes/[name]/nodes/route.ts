import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { computeParams, listComputeNodes } from "@/features/compute/server";

export const GET = route({
  action: "compute.read",
  params: computeParams,
  handler: ({ principal, params }) => listComputeNodes(workspaceContext(principal, params), params.name),
});
