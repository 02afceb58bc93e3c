import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listAssignableUsers } from "@/features/compute/server";

/** Whom a new compute instance can be assigned to: the New compute dialog's "Assigned to". */
export const GET = route({
  action: "compute.write",
  params: workspaceParams,
  handler: ({ principal }) => listAssignableUsers(principal),
});
