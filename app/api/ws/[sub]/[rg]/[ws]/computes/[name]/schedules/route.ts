import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { computeParams, schedulesBody, setSchedules } from "@/features/compute/server";

/** Replaces a compute instance's start/stop schedules (cron); an invalid cron is a 400 naming it. */
export const PUT = route({
  action: "compute.write",
  params: computeParams,
  body: schedulesBody,
  handler: async ({ principal, params, body }) => ({
    data: await setSchedules(workspaceContext(principal, params), params.name, body.schedules),
  }),
});
