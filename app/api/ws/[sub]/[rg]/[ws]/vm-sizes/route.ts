import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { workspaceContext } from "@/lib/server/workspace-context";
import { listVmSizes } from "@/features/compute/server";

export const GET = route({
  action: "compute.read",
  params: workspaceParams,
  handler: ({ principal, params }) => listVmSizes(workspaceContext(principal, params)),
});
