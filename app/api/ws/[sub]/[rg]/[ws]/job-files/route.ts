import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { submitJobFileBody, submitJobFile } from "@/features/jobs/server";

/** Submits a CLI v2 command or sweep job file; every problem of the file and its references is one 400 and nothing is created. */
export const POST = route({
  action: "job.write",
  params: workspaceParams,
  body: submitJobFileBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await submitJobFile(workspaceContext(principal, params), body),
  }),
});
