import "server-only";
import { Readable } from "node:stream";
import { ApiError } from "@/lib/server/errors";
import { openDatastore } from "@/lib/server/storage";
import type { WorkspaceContext } from "@/lib/server/workspace-context";

/** Where Azure ML (and the local runner) keeps a run's log in workspaceblobstore. */
export const logPathOf = (runName: string) => `ExperimentRun/dcid.${runName}/user_logs/std_log.txt`;
const TERMINAL = ["Completed", "Failed", "Canceled"];
export const LOG_POLL_MS = 250;
const STATUS_POLL_MS = 1_000;
const MAX_CHUNK = 256 * 1024;

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

async function sizeOf(backend: Awaited<ReturnType<typeof logBackend>>, path: string): Promise<number> {
  try {
    return (await backend.stat(path)).size ?? 0;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return -1;
    throw e;
  }
}

/**
 * Server-Sent Events following a run's log: the blob is read by range every 250 ms from the last offset, so a
 * line reaches the page within about half a second of the runner shipping it. Events: `data` {offset, text}
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
  const run = await runOf(ctx, job, step);
  const backend = await logBackend(ctx);
  const path = logPathOf(run.name);
  const encoder = new TextEncoder();
  let offset = Math.max(0, from);
  let status = run.status;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        controller.close();
      };
      signal.addEventListener("abort", close, { once: true });
      send(`retry: 1000\nevent: status\ndata: ${JSON.stringify({ status })}\n\n`);
      const decoder = new TextDecoder("utf-8");
      let lastStatusAt = Date.now();
      let lastBeat = Date.now();
      let endedAndDrained = 0;
      while (!closed) {
        try {
          const size = await sizeOf(backend, path);
          let got = false;
          while (size > offset && !closed) {
            const buf = await backend.read(path, offset, Math.min(MAX_CHUNK, size - offset));
            if (buf.length === 0) break;
            offset += buf.length;
            got = true;
            send(`id: ${offset}\ndata: ${JSON.stringify({ offset, text: decoder.decode(buf, { stream: true }) })}\n\n`);
          }
          if (Date.now() - lastStatusAt >= STATUS_POLL_MS) {
            lastStatusAt = Date.now();
            const next = (await runOf(ctx, job, step)).status;
            if (next !== status) {
              status = next;
              send(`event: status\ndata: ${JSON.stringify({ status })}\n\n`);
            }
          }
          // After the run ends, read once more (the runner's last flush may land just after the status).
          if (TERMINAL.includes(status) && !got && ++endedAndDrained > 2) {
            send(`event: end\ndata: ${JSON.stringify({ offset, status, exists: size >= 0 })}\n\n`);
            close();
            break;
          }
          if (Date.now() - lastBeat > 15_000) {
            lastBeat = Date.now();
            send(": keep-alive\n\n");
          }
        } catch (e) {
          send(
            `event: failure\ndata: ${JSON.stringify({ message: e instanceof ApiError ? e.message : "Reading the log failed." })}\n\n`,
          );
          close();
          break;
        }
        await new Promise((r) => setTimeout(r, LOG_POLL_MS));
      }
    },
    cancel() {
      closed = true;
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
