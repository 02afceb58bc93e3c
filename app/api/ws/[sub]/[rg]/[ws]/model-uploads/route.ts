import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { beginUploadBody, beginUploadHandler } from "@/lib/server/storage/staged-uploads";

/** Opens an upload of model files: one short-lived write-only URL per file; nothing is registered yet. */
export const POST = route({
  action: "model.write",
  params: workspaceParams,
  body: beginUploadBody,
  status: 201,
  handler: beginUploadHandler("model-uploads"),
});
