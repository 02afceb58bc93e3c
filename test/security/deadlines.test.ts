/**
 * Every upstream call has a deadline. The recording proxy in front of the local workspace service stops
 * answering (it accepts connections and says nothing: what a SIGSTOPped or wedged service looks like):
 * - a read with nothing cached answers 504 UpstreamTimeout naming the service and the setting, within its deadline;
 * - a cached list keeps answering from the cache, saying it is stale;
 * - a write (start a compute) whose reads answer but whose POST is held answers 504 within the write deadline,
 *   and the held request changed nothing;
 * - MLflow reads (job metrics) go through the same client and get the same deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const READ_MS = 1500;
const WRITE_MS = 2500;
/** Time beyond the deadline an answer may take (the route's own work, a loaded 2-core machine). */
const SLACK_MS = 2500;

let s: Studio;

beforeAll(async () => {
  process.env.UPSTREAM_TIMEOUT_MS = String(READ_MS);
  process.env.UPSTREAM_WRITE_TIMEOUT_MS = String(WRITE_MS);
  s = await startStudio();
  const list = await s.call("GET", "ws/[sub]/[rg]/[ws]/computes", ws, { as: "scientist" });
  expect(list.status).toBe(200);
  s.proxy!.state.mode = "hang";
});

afterAll(async () => {
  delete process.env.UPSTREAM_TIMEOUT_MS;
  delete process.env.UPSTREAM_WRITE_TIMEOUT_MS;
  if (s?.proxy) s.proxy.state.mode = "forward";
  await s?.close();
});

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  const value = await f();
  return { value, ms: Date.now() - t0 };
}

describe("an upstream that accepts connections and never answers", () => {
  it("a read with nothing cached → 504 UpstreamTimeout naming the service and the setting, within the deadline", async () => {
    const { value: res, ms } = await timed(() =>
      s.call("GET", "ws/[sub]/[rg]/[ws]/computes/[name]", { ...ws, name: "bob-ci" }, { as: "scientist" }),
    );
    expect(res.status, res.text).toBe(504);
    expect(res.body.error.code).toBe("UpstreamTimeout");
    expect(res.body.error.message).toMatch(
      /local workspace service did not answer within 1\.5 s \(UPSTREAM_TIMEOUT_MS\)/,
    );
    expect(ms).toBeGreaterThanOrEqual(READ_MS - 100);
    expect(ms).toBeLessThan(READ_MS + SLACK_MS);
  });

  it("the cached compute list still answers, stale, with its age", async () => {
    await new Promise((r) => setTimeout(r, 2_200)); // past the list's freshness
    let res = await s.call("GET", "ws/[sub]/[rg]/[ws]/computes", ws, { as: "scientist" });
    for (let i = 0; i < 40 && res.body?.cache?.source !== "stale"; i++) {
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      res = await s.call("GET", "ws/[sub]/[rg]/[ws]/computes", ws, { as: "scientist" });
    }
    expect(res.status).toBe(200);
    expect(res.body.cache.source).toBe("stale");
    expect(res.body.cache.upstreamError).toMatch(/did not answer/);
  });

  it("a write → 504 within the write deadline; when the service is back, nothing changed", async () => {
    // Reads answer (the route reads the compute first); the start itself is held.
    s.proxy!.state.mode = "hangWrites";
    const before = await s.sdk().computeOperations.get(RG, WS, "bob-ci");
    const { value: res, ms } = await timed(() =>
      s.call(
        "POST",
        "ws/[sub]/[rg]/[ws]/computes/[name]/[action]",
        { ...ws, name: "bob-ci", action: "start" },
        {
          as: "scientist",
        },
      ),
    );
    expect(res.status, res.text).toBe(504);
    expect(res.body.error.message).toMatch(/UPSTREAM_WRITE_TIMEOUT_MS/);
    expect(res.body.error.message).toMatch(/refresh before trying again/);
    expect(ms).toBeLessThan(WRITE_MS + SLACK_MS);
    // The proxy held the request: it never reached the service.
    const after = await s.sdk().computeOperations.get(RG, WS, "bob-ci");
    s.proxy!.state.mode = "hang";
    expect((after.properties as { state?: string }).state).toBe((before.properties as { state?: string }).state);
  });

  it("MLflow reads (a job's metrics) have the same deadline", async () => {
    const { value: res, ms } = await timed(() =>
      s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/jobs/[name]/metrics",
        { ...ws, name: "no-such-job-cached" },
        {
          as: "scientist",
        },
      ),
    );
    expect(res.status, res.text).toBe(504);
    expect(ms).toBeLessThan(READ_MS * 2 + SLACK_MS);
  });

  it("once the service answers again, so does the studio", async () => {
    s.proxy!.state.mode = "forward";
    const res = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/computes/[name]",
      { ...ws, name: "bob-ci" },
      {
        as: "scientist",
      },
    );
    expect(res.status, res.text).toBe(200);
  });
});
