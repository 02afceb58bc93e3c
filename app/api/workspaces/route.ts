import { route } from "@/lib/server/route";
import { listWorkspaces } from "@/features/workspaces/server";

export const GET = route({ action: "workspace.read", handler: ({ principal }) => listWorkspaces(principal) });
