import { z } from "@/lib/domain/zod";
import { location, resourceGroupName, subscriptionId, workspaceName } from "@/lib/domain/arm-name-schemas";
import { IDLE_SHUTDOWN_TAG, idleShutdownDefaultProblem } from "@/lib/domain/workspace-settings";
import { DEPENDENT_RESOURCES, dependentResourceProblem, tagProblem, type DependentResourceKind } from "../model";

const tags = z.record(z.string(), z.string()).superRefine((t, c) => {
  const problem = tagProblem(t);
  if (problem) c.addIssue({ code: "custom", message: problem });
});
const friendlyName = z.string().trim().max(256, "must be at most 256 characters");
const description = z.string().max(2000, "must be at most 2000 characters");

const dependentResource = (kind: DependentResourceKind) =>
  z
    .union([z.object({ existing: z.string().max(1000) }).strict(), z.object({ create: z.string().max(255) }).strict()])
    .superRefine((choice, c) => {
      const problem = dependentResourceProblem(kind, choice);
      if (problem)
        c.addIssue({ code: "custom", message: problem, path: ["existing" in choice ? "existing" : "create"] });
    });

/**
 * Azure mode's dependent resources (storage account, key vault, Application Insights, container registry): an
 * existing one's id or a new one's name each. The embedded default stands in for them and takes none.
 */
export const dependentResources = z
  .object({
    storageAccount: dependentResource("storageAccount"),
    keyVault: dependentResource("keyVault"),
    applicationInsights: dependentResource("applicationInsights"),
    containerRegistry: dependentResource("containerRegistry").optional(),
  })
  .strict();
export type DependentResources = z.infer<typeof dependentResources>;
export { DEPENDENT_RESOURCES };

/** POST /api/workspaces: a new workspace. */
export const createWorkspaceBody = z
  .object({
    subscriptionId,
    resourceGroup: resourceGroupName,
    name: workspaceName,
    location,
    friendlyName: friendlyName.optional(),
    description: description.optional(),
    tags: tags.optional(),
    dependentResources: dependentResources.optional(),
  })
  .strict();
export type CreateWorkspaceBody = z.infer<typeof createWorkspaceBody>;

/** A compute instance idle-shutdown default in minutes; null removes it. */
const idleShutdownMinutes = z
  .number()
  .nullable()
  .superRefine((v, c) => {
    const problem = v === null ? null : idleShutdownDefaultProblem(v);
    if (problem) c.addIssue({ code: "custom", message: problem });
  });

/** PATCH /api/ws/{sub}/{rg}/{ws}: what may change (at least one of them). */
export const updateWorkspaceBody = z
  .object({
    friendlyName: friendlyName.optional(),
    description: description.optional(),
    tags: tags
      .refine((t) => !(IDLE_SHUTDOWN_TAG in t), `${IDLE_SHUTDOWN_TAG} is set by computeInstanceIdleShutdownMinutes`)
      .optional(),
    computeInstanceIdleShutdownMinutes: idleShutdownMinutes.optional(),
  })
  .strict()
  .refine(
    (b) =>
      b.friendlyName !== undefined ||
      b.description !== undefined ||
      b.tags !== undefined ||
      b.computeInstanceIdleShutdownMinutes !== undefined,
    { message: "give at least one of friendlyName, description, tags, computeInstanceIdleShutdownMinutes" },
  );
export type UpdateWorkspaceBody = z.infer<typeof updateWorkspaceBody>;

/** DELETE /api/ws/{sub}/{rg}/{ws}?force=true cancels the jobs running in it first; without it they are a 409. */
export const deleteWorkspaceQuery = z.object({ force: z.enum(["true", "false"]).optional() }).strict();
