import { z } from "zod";
import { assetName, assetVersion, workspaceParams } from "@/lib/domain/arm-names";
import { stagedFiles } from "@/lib/server/storage/staged-uploads";

export const componentParams = workspaceParams.extend({ name: assetName }).strict();
export const componentVersionParams = componentParams.extend({ version: assetVersion }).strict();

/** A code folder staged through `component-uploads` (paths relative to the folder `code:` names). */
const stagedCode = z.strictObject({
  uploadId: z.string().uuid("must be an upload id"),
  files: stagedFiles,
});
export type StagedCode = z.infer<typeof stagedCode>;

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
