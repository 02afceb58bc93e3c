import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { importPipelineBody, importPipeline } from "@/features/designer/server";

/** Reads Azure ML pipeline YAML into a graph (stores nothing); 400 lists every problem with line and column. */
export const POST = route({
  action: "pipeline.read",
  params: workspaceParams,
  body: importPipelineBody,
  handler: async ({ principal, params, body }) => ({
    data: await importPipeline(workspaceContext(principal, params), body.yaml, body.files),
  }),
});
