import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "@/lib/domain/zod";
import { allows, ACTION_MIN_ROLE, type Action } from "@/lib/domain/roles";
import { ApiError, zodToApiError } from "./errors";
import { toApiError } from "./upstream-errors";
import { authenticate, type Principal } from "./auth";
import { encodedBody, isCacheResult } from "./cached-response";
import { checkRequestOrigin } from "./request-guard";
import { checkHost, isHttps, withApiHeaders } from "./host-guard";

/** Request bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** A route handler, carrying the schemas it declares (tests generate bad input from them). */
export type RouteHandler = ((req: NextRequest, ctx: RouteContext) => Promise<Response>) & {
  schemas: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; bodyType: "json" | "binary" };
};

export type HandlerInput<P, Q, B, Pr> = {
  params: P;
  query: Q;
  body: B;
  principal: Pr;
  req: NextRequest;
};

type Schemas<P, Q, B> = {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer that is not a Response (default 200). */
  status?: number;
  /**
   * "json" (default): a body must be `Content-Type: application/json`. "binary": the handler streams the raw
   * body (file uploads), whatever its type. Both are same-origin only (requestGuard).
   */
  bodyType?: "json" | "binary";
};

/**
 * The one way to build a server route. It answers only requests addressed to the studio (host-guard.ts: the proxy
 * skips API routes), authenticates the caller, authorizes the route's action,
 * refuses unsafe methods from other origins and bodies that are not JSON (request-guard.ts), parses params, query and body with zod (unknown fields are the schema's business: use .strict()),
 * runs the handler and maps every failure to `{ error: { code, message, field? } }`.
 * A "public" action skips authentication (sign-in itself). Every answer carries the API's policy (API_CSP).
 */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: Schemas<P, Q, B> & {
    action: "public";
    handler: (input: HandlerInput<P, Q, B, Principal | null>) => Promise<unknown>;
  },
): RouteHandler;
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: Schemas<P, Q, B> & { action: Action; handler: (input: HandlerInput<P, Q, B, Principal>) => Promise<unknown> },
): RouteHandler;
export function route<P, Q, B>(
  // The overloads above tie the principal's type to the action; here it is whichever of the two.
  spec: Schemas<P, Q, B> & {
    action: Action | "public";
    handler: (input: HandlerInput<P, Q, B, any>) => Promise<unknown>;
  },
) {
  const handle = async (req: NextRequest, ctx: RouteContext): Promise<Response> =>
    withApiHeaders(checkHost(req) ?? (await answer(req, ctx)), isHttps(req));
  const answer = async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      checkRequestOrigin(req, spec.bodyType ?? "json");
      let principal: Principal | null = null;
      if (spec.action !== "public") {
        principal = await authenticate(req);
        if (!allows(principal.role, spec.action)) {
          throw ApiError.forbidden(
            `This needs the ${ACTION_MIN_ROLE[spec.action]} role; you are signed in as ${principal.role}.`,
          );
        }
      } else {
        principal = await authenticate(req).catch(() => null);
      }
      const params = parse(spec.params, await ctx.params, "path");
      const query = parse(spec.query, Object.fromEntries(req.nextUrl.searchParams), "query");
      const body = spec.body ? parse(spec.body, await readJson(req), "body") : (undefined as B);
      const result = await spec.handler({ params, query, body, principal, req });
      if (result instanceof Response) return result;
      if (isCacheResult(result)) return encodedBody(result, spec.status ?? 200, req);
      return NextResponse.json(result ?? null, {
        status: spec.status ?? 200,
        headers: { "Cache-Control": "no-store" },
      });
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.status >= 500) console.error(`[route] ${req.method} ${req.nextUrl.pathname}:`, err);
      return NextResponse.json(apiError.toBody(), {
        status: apiError.status,
        headers: { "Cache-Control": "no-store" },
      });
    }
  };
  const schemas = { params: spec.params, query: spec.query, body: spec.body, bodyType: spec.bodyType ?? "json" };
  return Object.assign(handle, { schemas });
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: "path" | "query" | "body"): T {
  if (!schema) return (where === "body" ? undefined : {}) as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw zodToApiError(result.error, where);
}

async function readJson(req: NextRequest): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES)
    throw new ApiError(
      413,
      "PayloadTooLarge",
      `Request body is ${declared} bytes; the limit is ${MAX_BODY_BYTES} bytes (1 MiB).`,
    );
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ApiError(413, "PayloadTooLarge", `Request body is over the limit of ${MAX_BODY_BYTES} bytes (1 MiB).`);
  if (text.trim() === "") throw ApiError.badRequest("Request body is empty; expected a JSON object.", "body");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ApiError.badRequest(`Request body is not valid JSON: ${(e as Error).message}.`, "body");
  }
}

export { z };
