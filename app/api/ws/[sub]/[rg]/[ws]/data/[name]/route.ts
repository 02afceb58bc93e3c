import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { dataParams, patchBody } from "@/features/data-assets/server";
import { getDataAsset, patchDataAsset } from "@/features/data-assets/server";

export const GET = route({
  action: "data.read",
  params: dataParams,
  handler: ({ principal, params }) => getDataAsset(workspaceContext(principal, params), params.name),
});

/** Description, tags, archive and restore. */
export const PATCH = route({
  action: "data.write",
  params: dataParams,
  body: patchBody,
  handler: async ({ principal, params, body }) => ({
    data: await patchDataAsset(workspaceContext(principal, params), params.name, body),
  }),
});
