import { z } from "@/lib/domain/zod";
import { assetName, assetVersion, workspaceParams } from "@/lib/domain/arm-name-schemas";
import { datastoreName, datastorePath } from "@/features/datastores/server";

export const dataParams = workspaceParams.extend({ name: assetName }).strict();
export const versionParams = workspaceParams.extend({ name: assetName, version: assetVersion }).strict();
const tags = z.record(z.string().min(1).max(128), z.string().max(256));

/** A new version from a browsed path (`datastore` + `path`) or an explicit URI. */
export const createVersionBody = z.strictObject({
  version: assetVersion.optional(),
  dataType: z.enum(["uri_file", "uri_folder", "mltable"]),
  datastore: datastoreName,
  path: datastorePath,
  description: z.string().max(5000).optional(),
  tags: tags.optional(),
});
export type CreateVersionBody = z.infer<typeof createVersionBody>;

export const patchBody = z.strictObject({
  description: z.string().max(5000).optional(),
  tags: tags.optional(),
  archived: z.boolean().optional(),
});
export type PatchBody = z.infer<typeof patchBody>;

export const importBody = z.strictObject({
  yaml: z
    .string()
    .min(1, "is empty")
    .max(64 * 1024),
});
export const listQuery = z.strictObject({ view: z.enum(["active", "archived", "all"]).default("active") });
