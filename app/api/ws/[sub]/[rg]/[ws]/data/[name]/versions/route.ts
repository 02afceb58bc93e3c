import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { createVersionBody, dataParams } from "@/features/data-assets/server";
import { createVersion, listVersions } from "@/features/data-assets/server";

export const GET = route({
  action: "data.read",
  params: dataParams,
  handler: ({ principal, params }) => listVersions(workspaceContext(principal, params), params.name),
});

/** A new version from a browsed datastore path (checked to exist and to match the type). */
export const POST = route({
  action: "data.write",
  params: dataParams,
  body: createVersionBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await createVersion(workspaceContext(principal, params), params.name, body),
  }),
});
