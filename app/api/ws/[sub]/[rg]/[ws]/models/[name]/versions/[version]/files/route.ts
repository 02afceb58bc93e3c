import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { modelVersionFiles, modelVersionParams } from "@/features/models/server";

export const GET = route({
  action: "model.read",
  params: modelVersionParams,
  handler: ({ principal, params }) =>
    modelVersionFiles(workspaceContext(principal, params), params.name, params.version),
});
