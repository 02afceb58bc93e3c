import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import {
  createEnvironmentBody,
  createEnvironmentVersion,
  environmentVersionParams,
  getEnvironmentVersion,
  updateEnvironmentVersion,
  updateEnvironmentVersionBody,
} from "@/features/environments/server";

/** One version in the common shape (a link to a version not on the pages the browser has). */
export const GET = route({
  action: "environment.read",
  params: environmentVersionParams,
  handler: ({ principal, params }) =>
    getEnvironmentVersion(workspaceContext(principal, params), params.name, params.version),
});

/** Creates a version from an image, image + conda file, or an uploaded build context (409 when it exists). */
export const PUT = route({
  action: "environment.write",
  params: environmentVersionParams,
  body: createEnvironmentBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await createEnvironmentVersion(workspaceContext(principal, params), params.name, params.version, body),
  }),
});

export const PATCH = route({
  action: "environment.write",
  params: environmentVersionParams,
  body: updateEnvironmentVersionBody,
  handler: async ({ principal, params, body }) => ({
    data: await updateEnvironmentVersion(workspaceContext(principal, params), params.name, params.version, body),
  }),
});
