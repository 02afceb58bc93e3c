import { route } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { streamLog, jobParams, logQuery } from "@/features/jobs/server";

export const dynamic = "force-dynamic";

/** Server-Sent Events following the log of a job (or of one of its steps: ?step=<step job name>). */
export const GET = route({
  action: "job.read",
  params: jobParams,
  query: logQuery,
  handler: ({ principal, params, query, req }) => {
    const resume = Number(req.headers.get("last-event-id") ?? "");
    const from = query.from ?? (Number.isFinite(resume) && resume > 0 ? resume : 0);
    return streamLog(workspaceContext(principal, params), params.name, query.step, from, req.signal);
  },
});
