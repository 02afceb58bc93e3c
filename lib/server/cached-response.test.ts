import { describe, expect, it } from "vitest";
import { encodedBody } from "./cached-response";
import type { Cached } from "@/lib/domain/cache-meta";

const list = (n: number): Cached<unknown> => ({
  data: Array.from({ length: n }, (_, i) => ({ name: `cpu-${i}`, state: "Running" })),
  cache: { source: "cache", ageMs: 1200 },
});
const get = (ifNoneMatch?: string) =>
  new Request("http://localhost/api/x", { headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : {} });

describe("cached read answers", () => {
  it("carry a strong ETag of their bytes and may be kept by the browser alone, revalidated on every use", async () => {
    const res = encodedBody(list(3), 200, get());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(JSON.parse(await res.text())).toHaveLength(3);
    // Another cached object with the same content: the same tag.
    expect(encodedBody(list(3), 200, get()).headers.get("etag")).toBe(res.headers.get("etag"));
  });

  it("answer 304 with no body and fresh cache headers when the caller already holds the same bytes", async () => {
    const etag = encodedBody(list(3), 200, get()).headers.get("etag")!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = encodedBody({ ...list(3), cache: { source: "upstream", ageMs: 0 } }, 200, get(header));
      expect(res.status, header).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("x-cache-source")).toBe("upstream");
    }
  });

  it("send the whole body when the data changed, and never 304 for other statuses", async () => {
    const etag = encodedBody(list(3), 200, get()).headers.get("etag")!;
    const changed = encodedBody(list(4), 200, get(etag));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(JSON.parse(await changed.text())).toHaveLength(4);
    expect(encodedBody(list(3), 201, get(etag)).status).toBe(201);
  });
});
