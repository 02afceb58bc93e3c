import { z } from "@/lib/domain/zod";
import { assetName, assetVersion, workspaceParams } from "@/lib/domain/arm-name-schemas";
import { stagedCode } from "@/lib/server/storage/code-assets";

export const componentParams = workspaceParams.extend({ name: assetName }).strict();
export const componentVersionParams = componentParams.extend({ version: assetVersion }).strict();

export const registerComponentBody = z.strictObject({
  /** The component YAML (Azure ML CLI v2 commandComponent). */
  yaml: z.string().min(1).max(200_000),
  /** Its code folder, staged first (required when the YAML names a local `code:` folder). */
  code: stagedCode.optional(),
});
export type RegisterComponentBody = z.infer<typeof registerComponentBody>;

export const archiveComponentBody = z.strictObject({ archived: z.boolean() });
export const codeFileQuery = z.strictObject({ path: z.string().min(1).max(1024).optional() });
export const listComponentsQuery = z.strictObject({ archived: z.enum(["true", "false"]).optional() });
