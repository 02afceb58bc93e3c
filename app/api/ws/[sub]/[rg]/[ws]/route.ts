import { route } from "@/lib/server/route";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { workspaceContext } from "@/lib/server/workspace-context";
import {
  deleteWorkspace,
  deleteWorkspaceQuery,
  updateWorkspace,
  updateWorkspaceBody,
} from "@/features/workspaces/server";

/** Edits a workspace's display name, description and tags. */
export const PATCH = route({
  action: "workspace.write",
  params: workspaceParams,
  body: updateWorkspaceBody,
  handler: async ({ principal, params, body }) => ({
    data: await updateWorkspace(workspaceContext(principal, params), body),
  }),
});

/** Deletes a workspace; jobs running in it are a 409 unless ?force=true. */
export const DELETE = route({
  action: "workspace.write",
  params: workspaceParams,
  query: deleteWorkspaceQuery,
  status: 202,
  handler: async ({ principal, params, query }) => ({
    data: await deleteWorkspace(workspaceContext(principal, params), query.force === "true"),
  }),
});
