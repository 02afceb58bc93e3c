/** How the cache tells upstream trouble (which stale rows may paper over) from an answer (which they may not). */
/** The HTTP status of an upstream error: `statusCode` (Azure SDK RestError) or `status` (ApiError, fetch). */
export function upstreamStatus(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown } | null;
  if (!e || typeof e !== "object") return undefined;
  if (typeof e.statusCode === "number") return e.statusCode;
  if (typeof e.status === "number") return e.status;
  return undefined;
}

/** Upstream trouble the cache may paper over with stale rows: unreachable, timed out, throttled, 5xx, garbage. */
export function isTransient(err: unknown): boolean {
  if (err instanceof UpstreamTimeoutError) return true;
  // Garbage from the upstream (a parse error keeps its 2xx status) is trouble, not an answer.
  if ((err as { code?: unknown } | null)?.code === "PARSE_ERROR") return true;
  const status = upstreamStatus(err);
  return status === undefined || status < 400 || status === 408 || status === 429 || status >= 500;
}

export class UpstreamTimeoutError extends Error {
  constructor(ms: number) {
    super(`The workspace service did not answer within ${ms} ms.`);
    this.name = "UpstreamTimeoutError";
  }
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** The promise, or UpstreamTimeoutError after `ms`. */
export function withTimeout<R>(p: Promise<R>, ms: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamTimeoutError(ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
