import "server-only";
import { createHash } from "node:crypto";
import { cacheMetaHeaders, type Cached } from "@/lib/domain/cache-meta";

/**
 * A cached read's answer: the body is the data itself, serialised once per cached object and reused while the
 * cache hands out the same object; the cache metadata goes in headers. A list of 1,000 computes is ~460 KB of
 * JSON: serialising it on every poll would cost more than reading it from the cache.
 *
 * The body's hash is its ETag, and the answer may be kept by the browser alone (`private, no-cache`): a poll
 * whose data has not changed is a 304 with fresh cache headers and no body, so nothing is serialised, compressed
 * or parsed again. The data is checked on every request (no-cache) and the caller is authorised before any 304;
 * signing out clears the browser's copies (Clear-Site-Data, app/api/auth/session). Compression stays with
 * Next.js: a route handler may not set Content-Encoding itself.
 */
type Encoded = { bytes: Uint8Array; etag: string };
const encodings = new WeakMap<object, Encoded>();

export const CACHED_READ_CACHE_CONTROL = "private, no-cache";

export function isCacheResult(value: unknown): value is Cached<unknown> {
  const v = value as Cached<unknown> | null;
  return (
    !!v && typeof v === "object" && "data" in v && typeof v.cache?.source === "string" && Object.keys(v).length === 2
  );
}

function encode(data: unknown): Encoded {
  const key = data !== null && typeof data === "object" ? data : null;
  const known = key ? encodings.get(key) : undefined;
  if (known) return known;
  const bytes = new TextEncoder().encode(JSON.stringify(data ?? null));
  // Strong validator: the same bytes give the same tag, whichever cached object they came from.
  const encoded = { bytes, etag: `"${createHash("sha1").update(bytes).digest("base64url")}"` };
  if (key) encodings.set(key, encoded);
  return encoded;
}

/** Whether an If-None-Match header names this tag (a list, `*`, or weak forms of it all count, RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export function encodedBody(result: Cached<unknown>, status: number, req: Request): Response {
  const { bytes, etag } = encode(result.data);
  const headers = { "Cache-Control": CACHED_READ_CACHE_CONTROL, ETag: etag, ...cacheMetaHeaders(result.cache) };
  if (status === 200 && matches(req.headers.get("if-none-match"), etag))
    return new Response(null, { status: 304, headers });
  return new Response(bytes as BodyInit, { status, headers: { "Content-Type": "application/json", ...headers } });
}
