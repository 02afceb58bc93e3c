import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { getWorkspace } from "@/features/workspaces/server";
import { createDraftBody, createDraft, listDrafts } from "@/features/designer/server";

/** Drafts live in the studio's database; reading the workspace first makes the upstream confirm the caller may see it. */
export const GET = route({
  action: "pipeline.read",
  params: workspaceParams,
  handler: async ({ principal, params }) => {
    const ctx = workspaceContext(principal, params);
    await getWorkspace(ctx);
    return { data: await listDrafts(ctx) };
  },
});

export const POST = route({
  action: "pipeline.write",
  params: workspaceParams,
  body: createDraftBody,
  status: 201,
  handler: async ({ principal, params, body }) => {
    const ctx = workspaceContext(principal, params);
    await getWorkspace(ctx);
    return { data: await createDraft(ctx, body.name, body.graph) };
  },
});
