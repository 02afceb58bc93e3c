import { route } from "@/lib/server/route";
import { createWorkspace, createWorkspaceBody, listWorkspaces } from "@/features/workspaces/server";

export const GET = route({ action: "workspace.read", handler: ({ principal }) => listWorkspaces(principal) });

/** Creates a workspace; the upstream decides too whether this caller may (the embedded default: Admin only). */
export const POST = route({
  action: "workspace.create",
  body: createWorkspaceBody,
  status: 201,
  handler: async ({ principal, body }) => ({ data: await createWorkspace(principal, body) }),
});
