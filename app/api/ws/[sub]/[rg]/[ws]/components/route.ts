import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listComponentsQuery, registerComponentBody } from "@/features/components/server";
import { listComponents, registerComponent } from "@/features/components/server";

/** Registered components with their latest spec (the list page and the designer's palette). */
export const GET = route({
  action: "component.read",
  params: workspaceParams,
  query: listComponentsQuery,
  handler: ({ principal, params, query }) =>
    listComponents(workspaceContext(principal, params), query.archived === "true"),
});

/** Registers a component from its YAML and code folder; 400 with line and column for bad YAML, 409 if the version exists. */
export const POST = route({
  action: "component.write",
  params: workspaceParams,
  body: registerComponentBody,
  status: 201,
  handler: async ({ principal, params, body, req }) => ({
    data: await registerComponent(workspaceContext(principal, params), body, req.signal),
  }),
});
