import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import {
  getModelVersion,
  modelVersionParams,
  registerModelBody,
  registerModelVersion,
  updateModelVersion,
  updateModelVersionBody,
} from "@/features/models/server";

/** One version in the common shape (a link to a version not on the pages the browser has). */
export const GET = route({
  action: "model.read",
  params: modelVersionParams,
  handler: ({ principal, params }) => getModelVersion(workspaceContext(principal, params), params.name, params.version),
});

/** Registers a new version (409 when it exists); uploads must be complete first. */
export const PUT = route({
  action: "model.write",
  params: modelVersionParams,
  body: registerModelBody,
  status: 201,
  handler: async ({ principal, params, body }) => ({
    data: await registerModelVersion(workspaceContext(principal, params), params.name, params.version, body),
  }),
});

/** Edits description, tags or stage; archives or restores. */
export const PATCH = route({
  action: "model.write",
  params: modelVersionParams,
  body: updateModelVersionBody,
  handler: async ({ principal, params, body }) => ({
    data: await updateModelVersion(workspaceContext(principal, params), params.name, params.version, body),
  }),
});
