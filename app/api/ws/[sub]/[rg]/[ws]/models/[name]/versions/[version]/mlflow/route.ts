import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { mlflowInfo, modelVersionParams } from "@/features/models/server";

export const GET = route({
  action: "model.read",
  params: modelVersionParams,
  handler: ({ principal, params }) => mlflowInfo(workspaceContext(principal, params), params.name, params.version),
});
