import { route } from "@/lib/server/route";
import { cancelUploadHandler, uploadParams } from "@/lib/server/storage/staged-uploads";

/** Cancels an upload: deletes every file it staged. */
export const DELETE = route({ action: "job.write", params: uploadParams, handler: cancelUploadHandler });
