import "server-only";
import { z } from "zod";
import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { ApiError } from "@/lib/server/errors";
import { apiPath, workspaceParams } from "@/lib/domain/arm-names";
import type { Action } from "@/lib/domain/roles";
import { MAX_UPLOAD_FILES, beginUpload, cancelUpload, writeUploadFile } from "./artifacts";

const beginBody = z.object({ files: z.array(z.object({ path: z.string().min(1).max(1024), size: z.number().int().min(0) }).strict()).min(1).max(MAX_UPLOAD_FILES) }).strict();
const uploadParams = workspaceParams.extend({ id: z.string().uuid("must be an upload id") }).strict();
const fileQuery = z.object({ path: z.string().min(1).max(1024) }).strict();

/**
 * The three upload routes of one asset kind (`<segment>` = model-uploads / environment-uploads): open an upload
 * (write-only SAS URL per file), the server-side fallback for one file, and cancel (delete what was staged).
 */
export function uploadRoutes(action: Action, segment: string) {
  return {
    begin: route({
      action,
      params: workspaceParams,
      body: beginBody,
      status: 201,
      handler: async ({ principal, params, body }) => {
        const ctx = workspaceContext(principal, params);
        return { data: await beginUpload(ctx, body.files, `${apiPath(ctx.ref)}/${segment}`) };
      },
    }),
    cancel: route({
      action,
      params: uploadParams,
      handler: async ({ principal, params }) => ({ data: await cancelUpload(workspaceContext(principal, params), params.id) }),
    }),
    file: route({
      action,
      params: uploadParams,
      query: fileQuery,
      status: 201,
      handler: async ({ principal, params, query, req }) => {
        const size = Number(req.headers.get("content-length") ?? "NaN");
        if (!Number.isFinite(size)) throw new ApiError(411, "LengthRequired", "Send the file with a Content-Length header.");
        return { data: await writeUploadFile(workspaceContext(principal, params), params.id, query.path, req.body, size, req.headers.get("content-type") ?? "application/octet-stream") };
      },
    }),
  };
}
