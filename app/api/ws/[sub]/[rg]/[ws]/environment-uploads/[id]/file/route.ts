import { uploadRoutes } from "@/features/models/server/uploads";

/** Server-side upload of one file, for stores that cannot mint a write-only URL. */
export const PUT = uploadRoutes("environment.write", "environment-uploads").file;
