import { uploadRoutes } from "@/features/models/server/uploads";

/** Opens an upload of a build context: one short-lived write-only URL per file. */
export const POST = uploadRoutes("environment.write", "environment-uploads").begin;
