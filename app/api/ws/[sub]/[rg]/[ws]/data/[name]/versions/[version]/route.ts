import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { patchBody, versionParams } from "@/features/data-assets/server";
import { getVersion, patchVersion } from "@/features/data-assets/server";

export const GET = route({
  action: "data.read",
  params: versionParams,
  handler: ({ principal, params }) => getVersion(workspaceContext(principal, params), params.name, params.version),
});

export const PATCH = route({
  action: "data.write",
  params: versionParams,
  body: patchBody,
  handler: async ({ principal, params, body }) => ({
    data: await patchVersion(workspaceContext(principal, params), params.name, params.version, body),
  }),
});
