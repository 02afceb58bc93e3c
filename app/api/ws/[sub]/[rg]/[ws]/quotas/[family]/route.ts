import { z } from "@/lib/domain/zod";
import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { workspaceContext } from "@/lib/server/workspace-context";
import { updateWorkspaceQuota } from "@/features/quotas/server";

export const PUT = route({
  action: "quota.write",
  params: workspaceParams
    .extend({
      family: z.string().regex(/^standard[A-Za-z0-9_]+Family$/, "must be a VM family such as standardDSv2Family"),
    })
    .strict(),
  body: z
    .object({
      limit: z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more"),
    })
    .strict(),
  handler: async ({ principal, params, body }) => ({
    data: await updateWorkspaceQuota(workspaceContext(principal, params), params.family, body.limit),
  }),
});
