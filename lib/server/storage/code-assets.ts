import "server-only";
import { createHash } from "node:crypto";
import { z } from "@/lib/domain/zod";
import { ApiError } from "@/lib/server/errors";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { datastoreUri, finishUpload } from "./artifacts";
import { stagedFiles } from "./staged-uploads";

/**
 * Code assets from a staged folder: component code and a command job's `code:` are uploaded through the one upload
 * path (`<kind>-uploads`) and registered here, as the Azure ML CLI does (`az ml component create`, `az ml job create`).
 */

/** Where code assets' files live. */
export const CODE_DATASTORE = "workspaceblobstore";

/** A code folder staged through `<kind>-uploads` (paths relative to the folder `code:` names). */
export const stagedCode = z.strictObject({
  uploadId: z.string().uuid("must be an upload id"),
  files: stagedFiles,
});
export type StagedCode = z.infer<typeof stagedCode>;

const uploadCanceled = () =>
  new ApiError(400, "UploadCanceled", "The code upload was canceled; nothing was registered.");

/**
 * Makes a staged code folder a code asset named by its content (the files' paths and SHA-256), as the Azure ML CLI
 * does: a folder registered before is reused (its staged copy is then not needed). Says whether the new code
 * version points at the staged files, which must then stay.
 */
export async function registerCodeFolder(
  ctx: WorkspaceContext,
  code: StagedCode,
  signal?: AbortSignal,
): Promise<{ id: string; keepsUpload: boolean }> {
  const rg = ctx.ref.resourceGroup;
  const ws = ctx.ref.workspace;
  if (signal?.aborted) throw uploadCanceled();
  const { folder, files } = await finishUpload(ctx, code.uploadId, code.files);
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path)))
    h.update(f.path)
      .update("\0")
      .update(f.sha256 ?? "")
      .update("\0");
  const codeName = h.digest("hex").slice(0, 36);
  const existing = await ctx.client.codeVersions.get(rg, ws, codeName, "1").catch((e) => {
    if ((e as { statusCode?: number }).statusCode === 404) return null;
    throw e;
  });
  if (existing) return { id: existing.id!, keepsUpload: false };
  if (signal?.aborted) throw uploadCanceled();
  const codeUri = datastoreUri(CODE_DATASTORE, folder);
  try {
    // Not abortable once sent: an aborted request the service still applied would name files deleted after.
    const created = await ctx.client.codeVersions.createOrUpdate(rg, ws, codeName, "1", {
      properties: { codeUri, isAnonymous: true },
    });
    return { id: created.id!, keepsUpload: true };
  } catch (e) {
    // Someone registering the same folder at the same moment won the race: their version names the same files.
    const raced = await ctx.client.codeVersions.get(rg, ws, codeName, "1").catch(() => null);
    if (raced) return { id: raced.id!, keepsUpload: raced.properties.codeUri === codeUri };
    throw e;
  }
}
