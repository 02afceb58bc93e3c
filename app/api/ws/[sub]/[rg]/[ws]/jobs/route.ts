import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { listJobs } from "@/features/jobs/server";

export const GET = route({
  action: "job.read",
  params: workspaceParams,
  handler: ({ principal, params }) => listJobs(workspaceContext(principal, params)),
});
