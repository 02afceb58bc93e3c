import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { computeFileBody, createComputeFromYaml } from "@/features/compute/server";

/** Creates the compute a CLI v2 compute file describes; every problem of the file is one 400 and nothing is created. */
export const POST = route({
  action: "compute.write",
  params: workspaceParams,
  body: computeFileBody,
  status: 202,
  handler: async ({ principal, params, body }) => ({
    data: await createComputeFromYaml(workspaceContext(principal, params), body.yaml),
  }),
});
