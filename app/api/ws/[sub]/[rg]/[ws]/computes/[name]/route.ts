import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import {
  computeParams,
  createComputeBody,
  deleteComputeQuery,
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

/** Deletes (attached kinds: detaches) a compute; jobs running on it are a 409 unless ?force=true. */
export const DELETE = route({
  action: "compute.write",
  params: computeParams,
  query: deleteComputeQuery,
  status: 202,
  handler: async ({ principal, params, query }) => ({
    data: await deleteCompute(workspaceContext(principal, params), params.name, query.force === "true"),
  }),
});
