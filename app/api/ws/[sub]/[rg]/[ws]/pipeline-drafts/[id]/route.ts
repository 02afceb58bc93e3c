import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { getWorkspace } from "@/features/workspaces/server";
import { draftParams, saveDraftBody, deleteDraft, getDraft, saveDraft } from "@/features/designer/server";

export const GET = route({
  action: "pipeline.read",
  params: draftParams,
  handler: async ({ principal, params }) => {
    const ctx = workspaceContext(principal, params);
    await getWorkspace(ctx);
    return { data: await getDraft(ctx, params.id) };
  },
});

/** Saves over the version the editor started from; 409 (with the current version) if another save came first. */
export const PUT = route({
  action: "pipeline.write",
  params: draftParams,
  body: saveDraftBody,
  handler: async ({ principal, params, body }) => {
    const ctx = workspaceContext(principal, params);
    await getWorkspace(ctx);
    return { data: await saveDraft(ctx, params.id, body) };
  },
});

export const DELETE = route({
  action: "pipeline.write",
  params: draftParams,
  handler: async ({ principal, params }) => {
    const ctx = workspaceContext(principal, params);
    await getWorkspace(ctx);
    await deleteDraft(ctx, params.id);
    return { data: null };
  },
});
