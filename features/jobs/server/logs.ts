import "server-only";
import { Readable } from "node:stream";
import { ApiError } from "@/lib/server/errors";
import { openDatastore } from "@/lib/server/storage";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { followLog, type LogSubscriber } from "./log-tail";

/** Where Azure ML (and the local runner) keeps a run's log in workspaceblobstore. */
export const logPathOf = (runName: string) => `ExperimentRun/dcid.${runName}/user_logs/std_log.txt`;

/** The run whose log is read: the job itself, or one of its steps (checked to belong to it). */
export async function runOf(ctx: WorkspaceContext, job: string, step?: string) {
  const name = step ?? job;
  const run = await ctx.client.jobs.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  if (step && run.properties.properties?.["azureml.parentJobName"] !== job)
    throw ApiError.notFound(`Job ${job} has no step job ${step}.`);
  return { name, status: run.properties.status ?? "Unknown" };
}

async function logBackend(ctx: WorkspaceContext) {
  return (await openDatastore(ctx, "workspaceblobstore", { workspaceArtifacts: true })).backend;
}

/**
 * Server-Sent Events following a run's log: the blob is read by range every 250 ms from the last offset (by one
 * poller per run however many follow it: log-tail.ts), so a line reaches the page within about half a second of
 * the runner shipping it. Events: `data` {offset, text}
 * (with `id: <offset>`, so a reconnecting EventSource resumes where it was), `status` when the run's status
 * changes, `end` once the run has ended and the log is read to its end.
 */
export async function streamLog(
  ctx: WorkspaceContext,
  job: string,
  step: string | undefined,
  from: number,
  signal: AbortSignal,
): Promise<Response> {
  // The caller's own access is checked here, before joining a tail other callers may share.
  const run = await runOf(ctx, job, step);
  const encoder = new TextEncoder();
  let leave = () => {};
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        leave();
        controller.close();
      };
      signal.addEventListener("abort", close, { once: true });
      const decoder = new TextDecoder("utf-8");
      const subscriber: LogSubscriber = {
        offset: Math.max(0, from),
        data: (bytes, offset) =>
          send(`id: ${offset}\ndata: ${JSON.stringify({ offset, text: decoder.decode(bytes, { stream: true }) })}\n\n`),
        status: (status) => send(`event: status\ndata: ${JSON.stringify({ status })}\n\n`),
        keepAlive: () => send(": keep-alive\n\n"),
        end: (offset, status, exists) => {
          send(`event: end\ndata: ${JSON.stringify({ offset, status, exists })}\n\n`);
          close();
        },
        failure: (message) => {
          send(`event: failure\ndata: ${JSON.stringify({ message })}\n\n`);
          close();
        },
      };
      try {
        const joined = await followLog(`${ctx.workspaceId}/${run.name.toLowerCase()}`, subscriber, async () => ({
          backend: await logBackend(ctx),
          path: logPathOf(run.name),
          status: run.status,
          readStatus: async () => (await runOf(ctx, job, step)).status,
        }));
        leave = joined.leave;
        if (closed) return leave();
        send(`retry: 1000\nevent: status\ndata: ${JSON.stringify({ status: joined.status })}\n\n`);
      } catch (e) {
        subscriber.failure(e instanceof ApiError ? e.message : "Reading the log failed.");
      }
    },
    cancel() {
      closed = true;
      leave();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
}

/** The whole log as a file download. */
export async function downloadLog(ctx: WorkspaceContext, job: string, step?: string): Promise<Response> {
  const run = await runOf(ctx, job, step);
  const backend = await logBackend(ctx);
  const { body, size } = await backend.stream(logPathOf(run.name));
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="${run.name}-std_log.txt"`,
      "Cache-Control": "no-store",
    },
  });
}
