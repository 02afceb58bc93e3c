import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { archiveComponentBody, componentParams } from "@/features/components/server";
import { getComponent, setComponentArchived } from "@/features/components/server";

export const GET = route({
  action: "component.read",
  params: componentParams,
  handler: ({ principal, params }) => getComponent(workspaceContext(principal, params), params.name),
});

/** Archives or restores a component (its container and versions). */
export const PATCH = route({
  action: "component.write",
  params: componentParams,
  body: archiveComponentBody,
  handler: async ({ principal, params, body }) => ({
    data: await setComponentArchived(workspaceContext(principal, params), params.name, body.archived),
  }),
});
