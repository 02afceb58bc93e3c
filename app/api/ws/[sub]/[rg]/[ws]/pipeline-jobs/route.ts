import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-names";
import { submitPipelineBody } from "@/features/designer/server/schemas";
import { listPipelineJobs, submitPipeline } from "@/features/designer/server/pipelines";
import { unpackGraph } from "@/lib/domain/pipeline";

export const GET = route({
  action: "job.read",
  params: workspaceParams,
  handler: ({ principal, params }) => listPipelineJobs(workspaceContext(principal, params)),
});

/** Submits a validated graph as a PipelineJob; the upstream stores it NotStarted. */
export const POST = route({
  action: "job.write",
  params: workspaceParams,
  body: submitPipelineBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await submitPipeline(workspaceContext(principal, params), unpackGraph(body.graph), body.experimentName),
  }),
});
