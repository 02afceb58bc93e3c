/**
 * An upstream that answers garbage: non-JSON 200, an HTML 500 page, a connection cut mid-request. Every route
 * answers 502 with a message that says the workspace service misbehaved (never a 200, never a crash), and the
 * studio recovers as soon as the upstream does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const LIST = "ws/[sub]/[rg]/[ws]/computes";
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";

let s: Studio;

beforeAll(async () => {
  s = await startStudio();
});
afterEach(() => {
  s.proxy!.state.mode = "forward";
});
afterAll(async () => {
  await s?.close();
});

const reads = [
  ["workspaces", {}],
  [LIST, ws],
  [ONE, { ...ws, name: "alice-ci" }],
  ["ws/[sub]/[rg]/[ws]/computes/[name]/nodes", { ...ws, name: "cpu-cluster" }],
  ["ws/[sub]/[rg]/[ws]/usage", ws],
  ["ws/[sub]/[rg]/[ws]/vm-sizes", ws],
  ["ws/[sub]/[rg]/[ws]/quotas", ws],
] as const;

describe("an upstream answering garbage, with nothing cached", () => {
  it.each(reads)("non-JSON 200: GET %s → 502 UpstreamInvalidResponse", async (pattern, params) => {
    s.proxy!.state.mode = "garbage200";
    const res = await s.call("GET", pattern, params, { as: "admin" });
    expect(res.status, res.text).toBe(502);
    expect(res.body.error.code).toBe("UpstreamInvalidResponse");
    expect(res.body.error.message).toMatch(/not valid JSON/i);
  });

  it.each(reads)("HTML 500: GET %s → 502 UpstreamError saying the service failed", async (pattern, params) => {
    s.proxy!.state.mode = "html500";
    const res = await s.call("GET", pattern, params, { as: "admin" });
    expect(res.status, res.text).toBe(502);
    expect(res.body.error.code).toBe("UpstreamError");
    expect(res.body.error.message).toMatch(/workspace service failed \(500\)/i);
  });

  it.each(reads)("connection cut: GET %s → 502 UpstreamUnavailable", async (pattern, params) => {
    s.proxy!.state.mode = "refuse";
    const res = await s.call("GET", pattern, params, { as: "admin" });
    expect(res.status, res.text).toBe(502);
    expect(res.body.error.code).toBe("UpstreamUnavailable");
    expect(res.body.error.message).toMatch(/could not be reached/i);
  });

  it.each(["html500", "garbage200"] as const)(
    "mode %s: the message says what went wrong without dumping the upstream's page",
    async (mode) => {
      s.proxy!.state.mode = mode;
      const res = await s.call("GET", LIST, ws, { as: "admin" });
      expect(res.status).toBe(502);
      const message: string = res.body.error.message;
      expect(message).toMatch(/workspace service/i);
      expect(message).not.toMatch(/<\/?(html|body|h1)\b/i);
      expect(message.length).toBeLessThan(400);
    },
  );

  it.each(["garbage200", "html500", "refuse"] as const)(
    "writes with an upstream in mode %s → 502, nothing audited",
    async (mode) => {
      s.proxy!.state.mode = mode;
      const create = await s.call(
        "PUT",
        ONE,
        { ...ws, name: "junk-ci" },
        { as: "scientist", body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2" } },
      );
      expect(create.status, create.text).toBe(502);
      const quota = await s.call(
        "PUT",
        "ws/[sub]/[rg]/[ws]/quotas/[family]",
        { ...ws, family: "standardDSv2Family" },
        { as: "admin", body: { limit: 10 } },
      );
      expect(quota.status, quota.text).toBe(502);
      expect(await (await s.getDb()).quotaAudit.count()).toBe(0);
    },
  );

  it("nothing is cached from a garbage answer, and everything works again once the upstream does", async () => {
    const db = await s.getDb();
    expect(await db.cachedAsset.count()).toBe(0);
    s.proxy!.state.mode = "forward";
    for (const [pattern, params] of reads) {
      const res = await s.call("GET", pattern, params, { as: "admin" });
      expect(res.status, `${pattern}: ${res.text}`).toBe(200);
      expect(["upstream", "cache"]).toContain(res.body.cache.source);
    }
    const again = await s.call("GET", LIST, ws, { as: "admin" });
    expect(again.body.data.map((c: { name: string }) => c.name)).toContain("alice-ci");
  });
});

describe("an upstream answering garbage, with a cached row", () => {
  // The cache papers over "unreachable, timed out, throttled, 5xx, garbage" (lib/server/cache) with stale rows.
  it.each(["html500", "garbage200", "refuse"] as const)(
    "a compute list older than 5 minutes is served stale when the upstream is in mode %s",
    async (mode) => {
      s.proxy!.state.mode = "forward";
      const fresh = await s.call("GET", LIST, ws, { as: "admin" });
      expect(fresh.status).toBe(200);
      const db = await s.getDb();
      const aged = await db.cachedAsset.updateMany({
        where: { kind: "compute", key: "list:" },
        data: { fetchedAt: new Date(Date.now() - 10 * 60_000) },
      });
      expect(aged.count).toBe(1);

      s.proxy!.state.mode = mode;
      const res = await s.call("GET", LIST, ws, { as: "admin" });
      expect(res.status, res.text).toBe(200);
      expect(res.body.cache?.source, res.text).toBe("stale");
      expect(res.body.cache.ageMs).toBeGreaterThanOrEqual(10 * 60_000);
      expect(res.body.cache.upstreamError).toBeTruthy();
      expect(res.body.data).toEqual(fresh.body.data);
    },
  );
});
