/**
 * Long-running operations: each one is a row with a due time; its status is settled by the
 * simulator when the resource's transition completes. Two endpoints answer for it:
 *  - Azure-AsyncOperation: .../locations/{loc}/computeOperationsStatus/{id} → {status, ...}
 *  - Location:             .../locations/{loc}/computeOperationsResults/{id} → 202 while running, 200 when done
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { PROVIDER, errorBody, notFound, nowIso } from "./arm";
import type { Ctx } from "./context";
import type { Operation } from "./store";

export function createOperation(ctx: Ctx, init: Omit<Operation, "id" | "status" | "error">): Operation {
  const op: Operation = { ...init, id: randomUUID(), status: "InProgress", error: null };
  ctx.store.addOperation(op);
  return op;
}

/** An operation that is already done (for synchronous changes that still answer as LROs). */
export function completedOperation(ctx: Ctx, init: Omit<Operation, "id" | "status" | "error" | "dueAt">): Operation {
  const op: Operation = { ...init, dueAt: init.startedAt, id: randomUUID(), status: "Succeeded", error: null };
  ctx.store.addOperation(op);
  return op;
}

function opBase(baseUrl: string, op: Operation) {
  return `${baseUrl}/subscriptions/${op.sub}/providers/${PROVIDER}/locations/${op.location}`;
}

/** Retry-After in whole seconds; 0 at fast time scales (the SDK then uses its own polling interval). */
export function retryAfter(ctx: Ctx): string {
  return ctx.timeScale >= 1 ? "1" : "0";
}

export function setLroHeaders(
  ctx: Ctx,
  reply: FastifyReply,
  baseUrl: string,
  apiVersion: string,
  op: Operation,
  withLocation: boolean,
) {
  const base = opBase(baseUrl, op);
  const q = `?api-version=${encodeURIComponent(apiVersion)}`;
  reply.header("Azure-AsyncOperation", `${base}/computeOperationsStatus/${op.id}${q}`);
  if (withLocation) reply.header("Location", `${base}/computeOperationsResults/${op.id}${q}`);
  reply.header("Retry-After", retryAfter(ctx));
}

export function registerOperationRoutes(app: FastifyInstance, ctx: Ctx) {
  const prefix = `/subscriptions/:sub/providers/${PROVIDER}/locations/:loc`;

  const load = (params: any): Operation => {
    const op = ctx.store.getOperation(params.id);
    if (!op || op.sub.toLowerCase() !== String(params.sub).toLowerCase()) throw notFound("operation", params.id);
    return op;
  };

  app.get(`${prefix}/computeOperationsStatus/:id`, async (req, reply) => {
    const op = load(req.params);
    if (op.status === "InProgress") reply.header("Retry-After", retryAfter(ctx));
    const body: Record<string, unknown> = {
      id: `/subscriptions/${op.sub}/providers/${PROVIDER}/locations/${op.location}/computeOperationsStatus/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: nowIso(op.startedAt),
    };
    if (op.status !== "InProgress") body.endTime = nowIso(Math.max(op.startedAt, Math.min(op.dueAt, ctx.now())));
    if (op.error) body.error = op.error;
    return body;
  });

  app.get(`${prefix}/computeOperationsResults/:id`, async (req, reply) => {
    const op = load(req.params);
    if (op.status === "InProgress") {
      reply
        .code(202)
        .header("Retry-After", retryAfter(ctx))
        .header("Location", `${ctx.baseUrl(req)}${req.url}`);
      return reply.send();
    }
    if (op.status === "Failed") {
      return reply
        .code(400)
        .send(errorBody(op.error?.code ?? "OperationFailed", op.error?.message ?? "The operation failed."));
    }
    return reply.code(204).send();
  });
}
