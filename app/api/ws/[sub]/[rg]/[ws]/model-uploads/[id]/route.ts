import { uploadRoutes } from "@/features/models/server/uploads";

/** Cancels an upload: deletes every file it staged. */
export const DELETE = uploadRoutes("model.write", "model-uploads").cancel;
