import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { workspaceContext } from "@/lib/server/workspace-context";
import { listQuotaAudit } from "@/features/quotas/server";

export const GET = route({
  action: "quota.read",
  params: workspaceParams,
  handler: async ({ principal, params }) => ({ data: await listQuotaAudit(workspaceContext(principal, params)) }),
});
