import "server-only";
import { gzipSync } from "node:zlib";
import { cacheMetaHeaders, type Cached } from "@/lib/domain/cache-meta";

/**
 * A cached read's answer: the body is the data itself, encoded (JSON, and gzip when the client takes it) once per
 * cached object and reused while the cache hands out the same object; the cache metadata goes in headers.
 * A list of 1,000 computes is ~900 KB of JSON: serialising and compressing it on every poll would cost far more
 * than reading it from the cache.
 */
type Encoded = { json: Buffer; gzip?: Buffer };
const encodings = new WeakMap<object, Encoded>();

export function isCacheResult(value: unknown): value is Cached<unknown> {
  const v = value as Cached<unknown> | null;
  return !!v && typeof v === "object" && "data" in v && typeof v.cache?.source === "string" && Object.keys(v).length === 2;
}

function encode(data: unknown): Encoded {
  const key = data !== null && typeof data === "object" ? data : null;
  const known = key ? encodings.get(key) : undefined;
  if (known) return known;
  const encoded: Encoded = { json: Buffer.from(JSON.stringify(data ?? null)) };
  if (key) encodings.set(key, encoded);
  return encoded;
}

/** Compressing pays for itself only on larger bodies. */
const GZIP_MIN_BYTES = 8 * 1024;

export function encodedBody(req: Request, result: Cached<unknown>, status: number): Response {
  const encoded = encode(result.data);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    Vary: "Accept-Encoding",
    ...cacheMetaHeaders(result.cache),
  };
  let body: Buffer = encoded.json;
  if (encoded.json.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(req.headers.get("accept-encoding") ?? "")) {
    encoded.gzip ??= gzipSync(encoded.json, { level: 6 });
    body = encoded.gzip;
    headers["Content-Encoding"] = "gzip";
  }
  return new Response(new Uint8Array(body), { status, headers });
}
