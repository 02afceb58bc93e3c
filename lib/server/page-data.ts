import "server-only";
import { cookies } from "next/headers";
import type { z } from "@/lib/domain/zod";
import { allows, type Action } from "@/lib/domain/roles";
import type { WorkspaceParams } from "@/lib/domain/arm-name-schemas";
import { SESSION_COOKIE, sessionPrincipal } from "./auth";
import { workspaceContext, type WorkspaceContext } from "./workspace-context";

/**
 * How long a page waits for its first rows before it renders without them. A cached read takes ~20 ms; past this
 * the upstream is slow, and the page is better sent at once with the browser fetching the rows (the read goes on and
 * fills the cache for that fetch).
 */
export const PAGE_DATA_WAIT_MS = 300;

/**
 * A server-rendered page's first data, read as the signed-in user through the same server function, cache and
 * access rule as the API route (`params` parsed by the route's schema, `action` authorized as the route does), so
 * the first rows are in the HTML. Null — the browser then reads them through the route, which reports any error —
 * when the request carries no local session (MSAL sends its bearer token only with API calls), the role may not do
 * `action`, the params are not valid, the read fails, or it takes longer than `waitMs` (PAGE_DATA_WAIT_MS unless
 * the page's data is known to be slow and always wanted first, as a job of 1,000 steps is).
 */
export async function readForPage<P extends WorkspaceParams, T>(
  schema: z.ZodType<P>,
  rawParams: Record<string, string>,
  action: Action,
  read: (ctx: WorkspaceContext, params: P) => Promise<T>,
  waitMs = PAGE_DATA_WAIT_MS,
): Promise<T | null> {
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  const params = schema.safeParse(rawParams);
  if (!cookie || !params.success) return null;
  try {
    const principal = await sessionPrincipal(cookie);
    if (!allows(principal.role, action)) return null;
    const reading = read(workspaceContext(principal, params.data), params.data);
    reading.catch(() => undefined); // a read that loses the race below is not an unhandled rejection
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    try {
      return await Promise.race([reading, late]);
    } finally {
      clearTimeout(timer);
    }
  } catch {
    return null;
  }
}

/** A page's `searchParams` prop as URLSearchParams (a repeated parameter counts by its first value). */
export function searchOf(search: Record<string, string | string[] | undefined>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out.set(k, first);
  }
  return out;
}
