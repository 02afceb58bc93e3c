import { route } from "@/lib/server/route";
import { uploadFileHandler, uploadFileQuery, uploadParams } from "@/lib/server/storage/staged-uploads";

/** Server-side upload of one file, for stores that cannot mint a write-only URL. */
export const PUT = route({
  action: "component.write",
  params: uploadParams,
  query: uploadFileQuery,
  status: 201,
  bodyType: "binary",
  handler: uploadFileHandler,
});
