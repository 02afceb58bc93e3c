import "server-only";
import { cacheMetaHeaders, type Cached } from "@/lib/domain/cache-meta";

/**
 * A cached read's answer: the body is the data itself, serialised once per cached object and reused while the
 * cache hands out the same object; the cache metadata goes in headers. A list of 1,000 computes is ~900 KB of
 * JSON: serialising it on every poll would cost more than reading it from the cache. (Compression stays with
 * Next.js: a route handler may not set Content-Encoding itself.)
 */
const encodings = new WeakMap<object, Uint8Array>();

export function isCacheResult(value: unknown): value is Cached<unknown> {
  const v = value as Cached<unknown> | null;
  return (
    !!v && typeof v === "object" && "data" in v && typeof v.cache?.source === "string" && Object.keys(v).length === 2
  );
}

function encode(data: unknown): Uint8Array {
  const key = data !== null && typeof data === "object" ? data : null;
  const known = key ? encodings.get(key) : undefined;
  if (known) return known;
  const json = new TextEncoder().encode(JSON.stringify(data ?? null));
  if (key) encodings.set(key, json);
  return json;
}

export function encodedBody(result: Cached<unknown>, status: number): Response {
  return new Response(encode(result.data) as BodyInit, {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...cacheMetaHeaders(result.cache) },
  });
}
