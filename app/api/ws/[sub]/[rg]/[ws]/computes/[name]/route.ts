import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import {
  computeParams,
  createComputeBody,
  scaleBody,
  createCompute,
  deleteCompute,
  getCompute,
  updateScale,
} from "@/features/compute/server";

export const GET = route({
  action: "compute.read",
  params: computeParams,
  handler: ({ principal, params }) => getCompute(workspaceContext(principal, params), params.name),
});

/** Creates a compute instance or cluster; refused before any upstream call when the quota would be exceeded. */
export const PUT = route({
  action: "compute.write",
  params: computeParams,
  body: createComputeBody,
  status: 202,
  handler: async ({ principal, params, body }) => ({
    data: await createCompute(workspaceContext(principal, params), params.name, body),
  }),
});

/** Changes a cluster's scale settings. */
export const PATCH = route({
  action: "compute.write",
  params: computeParams,
  body: scaleBody,
  status: 202,
  handler: async ({ principal, params, body }) => ({
    data: await updateScale(workspaceContext(principal, params), params.name, body),
  }),
});

export const DELETE = route({
  action: "compute.write",
  params: computeParams,
  status: 202,
  handler: async ({ principal, params }) => ({
    data: await deleteCompute(workspaceContext(principal, params), params.name),
  }),
});
