import { uploadRoutes } from "@/features/models/server/uploads";

/** Opens an upload of model files: one short-lived write-only URL per file (see features/models/README.md). */
export const POST = uploadRoutes("model.write", "model-uploads").begin;
