import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getFamilyQuotas } from "@/features/quotas/server";

/** Usage against quota per VM family: the compute dashboard's chart and the VM size picker's "left". */
export const GET = route({
  action: "compute.read",
  params: workspaceParams,
  handler: ({ principal, params }) => getFamilyQuotas(workspaceContext(principal, params)),
});
