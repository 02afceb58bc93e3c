import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { unpackGraph } from "@/lib/domain/pipeline";
import { submitPipeline, submitPipelineBody } from "@/features/jobs/server";

/** Submits a validated graph as a PipelineJob; the upstream stores it NotStarted. The jobs list is `GET …/jobs`. */
export const POST = route({
  action: "job.write",
  params: workspaceParams,
  body: submitPipelineBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await submitPipeline(workspaceContext(principal, params), unpackGraph(body.graph), body.experimentName),
  }),
});
