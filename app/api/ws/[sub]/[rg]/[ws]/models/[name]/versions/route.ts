import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { listModelVersions, modelParams } from "@/features/models/server";

export const GET = route({
  action: "model.read",
  params: modelParams,
  handler: ({ principal, params }) => listModelVersions(workspaceContext(principal, params), params.name),
});
