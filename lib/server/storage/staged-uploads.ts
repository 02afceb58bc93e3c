import "server-only";
import { z } from "@/lib/domain/zod";
import { workspaceContext } from "@/lib/server/workspace-context";
import type { HandlerInput } from "@/lib/server/route";
import type { Principal } from "@/lib/server/auth";
import { apiPath } from "@/lib/domain/arm-names";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { MAX_UPLOAD_FILES, beginUpload, cancelUpload, writeUploadFile } from "./artifacts";

/**
 * The one upload route family: `<kind>-uploads` (model-uploads, environment-uploads, component-uploads), whose route
 * files pass these specs to route() with their kind's write action: open an upload (a write-only SAS URL per file),
 * the server-side fallback for one file, and cancel (delete what was staged). What is staged becomes an asset's files
 * only when the kind registers it (`finishUpload`).
 */

/** The files of an upload as the browser declares them, and as a registration names them again. */
export const stagedFiles = z
  .array(z.object({ path: z.string().min(1).max(1024), size: z.number().int().min(0) }).strict())
  .min(1)
  .max(MAX_UPLOAD_FILES);
export const beginUploadBody = z.object({ files: stagedFiles }).strict();
export const uploadParams = workspaceParams.extend({ id: z.string().uuid("must be an upload id") }).strict();
export const uploadFileQuery = z
  .object({
    path: z.string().min(1).max(1024),
    size: z
      .string()
      .regex(/^\d{1,15}$/, "size must be a whole number of bytes")
      .transform(Number),
  })
  .strict();

export function beginUploadHandler(segment: string) {
  return async ({
    principal,
    params,
    body,
  }: HandlerInput<
    z.infer<typeof workspaceParams>,
    Record<string, never>,
    z.infer<typeof beginUploadBody>,
    Principal
  >) => {
    const ctx = workspaceContext(principal, params);
    return { data: await beginUpload(ctx, body.files, `${apiPath(ctx.ref)}/${segment}`) };
  };
}

export async function cancelUploadHandler({
  principal,
  params,
}: HandlerInput<z.infer<typeof uploadParams>, Record<string, never>, undefined, Principal>) {
  return { data: await cancelUpload(workspaceContext(principal, params), params.id) };
}

export async function uploadFileHandler({
  principal,
  params,
  query,
  req,
}: HandlerInput<z.infer<typeof uploadParams>, z.infer<typeof uploadFileQuery>, undefined, Principal>) {
  // The declared size (from the upload ticket) is checked against what arrives: a cut-off stream keeps nothing.
  return {
    data: await writeUploadFile(
      workspaceContext(principal, params),
      params.id,
      query.path,
      req.body,
      query.size,
      req.headers.get("content-type") ?? "application/octet-stream",
    ),
  };
}
