import { z } from "@/lib/domain/zod";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import {
  ACCOUNT_NAME_RE,
  CONTAINER_NAME_RE,
  DATASTORE_NAME_RE,
  normalizeDatastorePath,
} from "@/lib/domain/storage-names";
import { MAX_UPLOAD_BYTES } from "@/lib/domain/datastores";

export const datastoreName = z.string().regex(DATASTORE_NAME_RE, "must be 1-255 letters, digits or underscores");
export const datastoreParams = workspaceParams.extend({ name: datastoreName }).strict();

/** A path inside a datastore, normalised; `..`, absolute and encoded-slash paths are refused. */
export const datastorePath = z.string().transform((raw, ctx) => {
  const r = normalizeDatastorePath(raw);
  if ("problem" in r) {
    ctx.addIssue({ code: "custom", message: r.problem });
    return z.NEVER;
  }
  return r.path;
});
export const nonRootPath = datastorePath.refine((p) => p !== "", "names the datastore root; name a file or folder");

export const listQuery = z.strictObject({
  path: datastorePath.default(""),
  continuationToken: z.string().max(4096).optional(),
  prefix: z
    .string()
    .max(255)
    .regex(/^[^/\\]*$/, "must not contain slashes")
    .optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
});
export const pathQuery = z.strictObject({ path: nonRootPath });
export const deleteQuery = z.strictObject({ path: nonRootPath, kind: z.enum(["file", "folder"]) });

const container = (what: string) =>
  z
    .string()
    .regex(
      CONTAINER_NAME_RE,
      `${what} must be 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit`,
    );
const account = z.string().regex(ACCOUNT_NAME_RE, "must be 3-24 lower-case letters and digits");
const credentials = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("AccountKey"), key: z.string().min(1).max(200).optional() }),
  z.strictObject({ type: z.literal("Sas"), sasToken: z.string().min(1).max(4000).optional() }),
  z.strictObject({
    type: z.literal("ServicePrincipal"),
    clientId: z.guid(),
    tenantId: z.guid(),
    authorityUrl: z.url().optional(),
    resourceUrl: z.url().optional(),
    clientSecret: z.string().min(1).max(500).optional(),
  }),
  z.strictObject({ type: z.literal("None") }),
]);
const common = {
  description: z.string().max(5000).optional(),
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  credentials,
  endpoint: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-zA-Z0-9.:-]+$/, "must be a host name such as core.windows.net")
    .optional(),
  protocol: z.enum(["https", "http"]).optional(),
};
/**
 * Register or edit. Secrets are write-only: on edit, a credential of the same type without its secret keeps
 * the stored one (read on the server with listSecrets), so the browser never needs to hold it.
 */
export const datastoreBody = z.discriminatedUnion("type", [
  z.strictObject({
    ...common,
    type: z.literal("AzureBlob"),
    accountName: account,
    containerName: container("containerName"),
  }),
  z.strictObject({
    ...common,
    type: z.literal("AzureFile"),
    accountName: account,
    fileShareName: container("fileShareName"),
  }),
  z.strictObject({
    ...common,
    type: z.literal("AzureDataLakeGen2"),
    accountName: account,
    filesystem: container("filesystem"),
  }),
  z.strictObject({
    description: common.description,
    tags: common.tags,
    credentials,
    type: z.literal("AzureDataLakeGen1"),
    storeName: z.string().regex(/^[a-z0-9]{3,24}$/, "must be 3-24 lower-case letters and digits"),
  }),
]);
export type DatastoreBody = z.infer<typeof datastoreBody>;

export const folderBody = z.strictObject({ path: nonRootPath });
export const uploadBody = z.strictObject({
  path: nonRootPath,
  size: z
    .number()
    .int()
    .min(1, "the file is empty; empty uploads are refused")
    .max(MAX_UPLOAD_BYTES, `is over the upload limit of ${MAX_UPLOAD_BYTES} bytes`),
  contentType: z.string().max(200).optional(),
  overwrite: z.boolean().optional(),
});
export const proxyUploadQuery = z.strictObject({
  path: nonRootPath,
  size: z.coerce
    .number()
    .int()
    .min(1, "the file is empty; empty uploads are refused")
    .max(MAX_UPLOAD_BYTES, `is over the upload limit of ${MAX_UPLOAD_BYTES} bytes`),
  contentType: z.string().max(200).optional(),
});
export const deleteManyBody = z.strictObject({ paths: z.array(nonRootPath).min(1).max(1000) });
