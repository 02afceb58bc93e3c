import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { importBody, listQuery } from "@/features/data-assets/server";
import { importYaml, listDataAssets } from "@/features/data-assets/server";

export const GET = route({
  action: "data.read",
  params: workspaceParams,
  query: listQuery,
  handler: ({ principal, params, query }) => listDataAssets(workspaceContext(principal, params), query.view),
});

/** Imports an Azure ML CLI v2 data asset YAML as a new version. */
export const POST = route({
  action: "data.write",
  params: workspaceParams,
  body: importBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await importYaml(workspaceContext(principal, params), body.yaml),
  }),
});
