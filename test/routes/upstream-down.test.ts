/**
 * The local workspace service goes away after a successful list: cached reads are served "stale" with their age
 * and the upstream's error; reads with nothing cached and writes answer 502 UpstreamUnavailable with a clear
 * message; users whose access was never confirmed get the error, not someone else's cached rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const LIST = "ws/[sub]/[rg]/[ws]/computes";
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let s: Studio;
let listed: any;
let stoppedAt = 0;

beforeAll(async () => {
  // No proxy: the studio talks to the service directly, so stopping it is a real refused connection.
  s = await startStudio({ proxy: false });
  const first = await s.call("GET", LIST, ws, { as: "scientist" });
  expect(first.status).toBe(200);
  expect(first.body.cache.source).toBe("upstream");
  listed = first.body.data;
  expect((await s.call("GET", "workspaces", {}, { as: "scientist" })).status).toBe(200);
  await s.svc.close();
  stoppedAt = Date.now();
});
afterAll(async () => {
  await s?.close();
});

describe("the upstream is down", () => {
  it("the compute list answers 200 from the cache: 'stale', its age and the upstream error", async () => {
    // Past the compute list's freshness (2 s): the cache tries the upstream, which is gone.
    await sleep(Math.max(0, 2_300 - (Date.now() - stoppedAt)));
    let res = await s.call("GET", LIST, ws, { as: "scientist" });
    // The first read past freshness may still say "cache" while its background revalidation fails; the next must say "stale".
    for (let i = 0; i < 20 && res.body?.cache?.source !== "stale"; i++) {
      expect(res.status, res.text).toBe(200);
      await sleep(50);
      res = await s.call("GET", LIST, ws, { as: "scientist" });
    }
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual(listed);
    expect(res.body.cache.source).toBe("stale");
    expect(res.body.cache.ageMs).toBeGreaterThanOrEqual(2_000);
    expect(res.body.cache.ageMs).toBeLessThan(120_000);
    expect(typeof res.body.cache.upstreamError).toBe("string");
    expect(res.body.cache.upstreamError.length).toBeGreaterThan(0);
  });

  it("a compute that was never cached → 502 UpstreamUnavailable with a clear message", async () => {
    const res = await s.call("GET", ONE, { ...ws, name: "bob-ci" }, { as: "scientist" });
    expect(res.status, res.text).toBe(502);
    expect(res.body.error.code).toBe("UpstreamUnavailable");
    expect(res.body.error.message).toMatch(/workspace service could not be reached/i);
  });

  it("nodes and usage with nothing cached → 502 UpstreamUnavailable", async () => {
    for (const [pattern, params] of [
      ["ws/[sub]/[rg]/[ws]/computes/[name]/nodes", { ...ws, name: "cpu-cluster" }],
      ["ws/[sub]/[rg]/[ws]/usage", ws],
      ["ws/[sub]/[rg]/[ws]/vm-sizes", ws],
    ] as const) {
      const res = await s.call("GET", pattern, params, { as: "scientist" });
      expect(res.status, `${pattern}: ${res.text}`).toBe(502);
      expect(res.body.error.code).toBe("UpstreamUnavailable");
    }
  });

  it("writes → 502 UpstreamUnavailable, never a success", async () => {
    const create = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "down-ci" },
      { as: "scientist", body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2" } },
    );
    expect(create.status, create.text).toBe(502);
    expect(create.body.error.code).toBe("UpstreamUnavailable");
    const stop = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/computes/[name]/[action]",
      { ...ws, name: "bob-ci", action: "start" },
      { as: "scientist" },
    );
    expect(stop.status, stop.text).toBe(502);
    const quota = await s.call(
      "PUT",
      "ws/[sub]/[rg]/[ws]/quotas/[family]",
      { ...ws, family: "standardDSv2Family" },
      { as: "admin", body: { limit: 10 } },
    );
    expect(quota.status, quota.text).toBe(502);
    const db = await s.getDb();
    expect(await db.quotaAudit.count()).toBe(0);
  });

  it("a user whose access was never confirmed gets the error, not the cached list", async () => {
    const res = await s.call("GET", LIST, ws, { as: "reader" });
    expect(res.status, res.text).toBe(502);
    expect(res.body.error.code).toBe("UpstreamUnavailable");
    expect(res.body.data).toBeUndefined();
  });

  it("the workspace list is still served to the user who read it", async () => {
    const res = await s.call("GET", "workspaces", {}, { as: "scientist" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.map((w: { name: string }) => w.name)).toContain(WS);
    expect(["cache", "stale"]).toContain(res.body.cache.source);
  });
});
