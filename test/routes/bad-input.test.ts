/**
 * Bad input never reaches the upstream or the cache: every case is a 4xx whose `error.field` (or message) names
 * what is wrong, the recording proxy sees no write (for path params: no request at all), and the cache's keys
 * are unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type CallOptions, type CallResult, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";
const ACTION = "ws/[sub]/[rg]/[ws]/computes/[name]/[action]";
const NODES = "ws/[sub]/[rg]/[ws]/computes/[name]/nodes";
const LIST = "ws/[sub]/[rg]/[ws]/computes";
const QUOTA = "ws/[sub]/[rg]/[ws]/quotas/[family]";
const CI = { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2" };
const CLUSTER = { computeType: "AmlCompute", vmSize: "Standard_DS2_v2", minNodes: 0, maxNodes: 2 };
const SCALE = { minNodes: 0, maxNodes: 4, idleSecondsBeforeScaleDown: 120 };

let s: Studio;

beforeAll(async () => {
  s = await startStudio();
  // Warm the cache so "the cache did not change" compares against real rows.
  expect((await s.call("GET", LIST, ws)).status).toBe(200);
  expect((await s.call("GET", "ws/[sub]/[rg]/[ws]/usage", ws)).status).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

async function cacheKeys(): Promise<string[]> {
  const db = await s.getDb();
  const rows = await db.cachedAsset.findMany({ select: { workspaceId: true, kind: true, key: true } });
  return rows
    .map((r: { workspaceId: string; kind: string; key: string }) => `${r.workspaceId}|${r.kind}|${r.key}`)
    .sort();
}

const upstreamHas = (name: string) =>
  s
    .sdk()
    .computeOperations.get(RG, WS, name)
    .then(
      () => true,
      (e: { statusCode?: number }) => (e.statusCode === 404 ? false : Promise.reject(e)),
    );

/**
 * Calls, then checks the refusal: status, the field named, no upstream write (or none at all), cache keys unchanged.
 */
async function refused(
  method: string,
  pattern: string,
  params: Record<string, string>,
  o: CallOptions,
  want: { status?: number; field?: string; message?: RegExp; noUpstreamAtAll?: boolean },
): Promise<CallResult> {
  const keysBefore = await cacheKeys();
  s.proxy!.reset();
  const res = await s.call(method, pattern, params, { as: "admin", ...o });
  expect(res.status, res.text).toBe(want.status ?? 400);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(typeof res.body?.error?.code).toBe("string");
  expect(typeof res.body?.error?.message).toBe("string");
  if (want.field) {
    const names = res.body.error.field === want.field || res.body.error.message.includes(want.field);
    expect(names, `error names "${want.field}": ${res.text}`).toBe(true);
    expect(res.body.error.field, res.text).toBe(want.field);
  }
  if (want.message) expect(res.body.error.message).toMatch(want.message);
  if (want.noUpstreamAtAll) expect(s.proxy!.state.requests, "no upstream request").toEqual([]);
  else expect(s.proxy!.writes(), "no upstream write").toEqual([]);
  expect(await cacheKeys()).toEqual(keysBefore);
  return res;
}

describe("malformed and empty bodies", () => {
  it.each([
    ["malformed JSON", "{not json"],
    ["truncated JSON", '{"computeType": "ComputeInstance", "vmSize": '],
    ["empty body", ""],
    ["whitespace only", "  \n\t "],
  ])("%s → 400 naming the body", async (_label, raw) => {
    const res = await refused(
      "PUT",
      ONE,
      { ...ws, name: "bad-body-ci" },
      { raw },
      { field: "body", noUpstreamAtAll: true },
    );
    expect(res.body.error.code).toBe("InvalidInput");
    expect(await upstreamHas("bad-body-ci")).toBe(false);
  });

  it.each([
    ["an array", "[]"],
    ["null", "null"],
    ["a string", '"ComputeInstance"'],
    ["a number", "42"],
  ])("a JSON body that is %s → 400", async (_label, raw) => {
    await refused("PUT", ONE, { ...ws, name: "bad-body-ci" }, { raw }, { noUpstreamAtAll: true });
  });

  it("a PATCH with a malformed body → 400 naming the body, nothing changes upstream", async () => {
    await refused("PATCH", ONE, { ...ws, name: "cpu-cluster" }, { raw: "{" }, { field: "body", noUpstreamAtAll: true });
    await refused("PATCH", ONE, { ...ws, name: "cpu-cluster" }, { raw: "" }, { field: "body", noUpstreamAtAll: true });
  });

  it("a quota PUT with a malformed body → 400 naming the body", async () => {
    await refused(
      "PUT",
      QUOTA,
      { ...ws, family: "standardDSv2Family" },
      { raw: "limit=3" },
      { field: "body", noUpstreamAtAll: true },
    );
  });

  it("sign-in with a malformed body → 400, no cookie", async () => {
    const res = await refused(
      "POST",
      "auth/session",
      {},
      { as: null, raw: "{account:" },
      { field: "body", noUpstreamAtAll: true },
    );
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("bodies over 1 MiB", () => {
  const big = JSON.stringify({ ...CI, description: "x".repeat(1024 * 1024 + 10) });

  it("→ 413 when the body is over the limit", async () => {
    const res = await refused(
      "PUT",
      ONE,
      { ...ws, name: "big-body-ci" },
      { raw: big },
      { status: 413, noUpstreamAtAll: true },
    );
    expect(res.body.error.code).toBe("PayloadTooLarge");
    expect(res.body.error.message).toMatch(/1048576 bytes|1 MiB/);
    expect(await upstreamHas("big-body-ci")).toBe(false);
  });

  it("→ 413 when Content-Length declares more than the limit", async () => {
    const res = await refused(
      "PUT",
      ONE,
      { ...ws, name: "big-body-ci" },
      { raw: big, headers: { "content-length": String(Buffer.byteLength(big)) } },
      { status: 413, noUpstreamAtAll: true },
    );
    expect(res.body.error.code).toBe("PayloadTooLarge");
  });

  it("→ 413 on PATCH and on the quota route too", async () => {
    const hugeScale = JSON.stringify({ ...SCALE, pad: "y".repeat(1024 * 1024) });
    await refused(
      "PATCH",
      ONE,
      { ...ws, name: "cpu-cluster" },
      { raw: hugeScale },
      { status: 413, noUpstreamAtAll: true },
    );
    await refused(
      "PUT",
      QUOTA,
      { ...ws, family: "standardDSv2Family" },
      { raw: JSON.stringify({ limit: 1, pad: "z".repeat(1024 * 1024) }) },
      { status: 413, noUpstreamAtAll: true },
    );
  });

  it("a body just under the limit is parsed (and refused for its unknown field, not its size)", async () => {
    const under = JSON.stringify({ ...CI, pad: "p".repeat(1000) });
    await refused(
      "PUT",
      ONE,
      { ...ws, name: "big-body-ci" },
      { raw: under },
      { status: 400, field: "pad", noUpstreamAtAll: true },
    );
  });
});

describe("unknown fields and wrong types", () => {
  it.each([
    ["unknown field on an instance", CI, { evil: true }, "evil"],
    ["unknown field on a cluster", CLUSTER, { nodeCount: 3 }, "nodeCount"],
    ["cluster-only field on an instance", CI, { maxNodes: 2 }, "maxNodes"],
    ["vmSize a number", CI, { vmSize: 42 }, "vmSize"],
    ["vmSize with a path", CI, { vmSize: "../Standard_DS2_v2" }, "vmSize"],
    ["vmSize empty", CI, { vmSize: "" }, "vmSize"],
    ["description not a string", CI, { description: { a: 1 } }, "description"],
    ["description too long", CI, { description: "d".repeat(501) }, "description"],
    ["idle shutdown too short", CI, { idleSecondsBeforeShutdown: 10 }, "idleSecondsBeforeShutdown"],
    ["idle shutdown not whole", CI, { idleSecondsBeforeShutdown: 1800.5 }, "idleSecondsBeforeShutdown"],
    ["minNodes a string", CLUSTER, { minNodes: "0" }, "minNodes"],
    ["maxNodes zero", CLUSTER, { maxNodes: 0 }, "maxNodes"],
    ["maxNodes negative", CLUSTER, { maxNodes: -1 }, "maxNodes"],
    ["maxNodes fractional", CLUSTER, { maxNodes: 1.5 }, "maxNodes"],
    ["minNodes over maxNodes", CLUSTER, { minNodes: 3, maxNodes: 2 }, "minNodes"],
    ["vmPriority unknown", CLUSTER, { vmPriority: "Spot" }, "vmPriority"],
  ])("create: %s → 400 naming the field", async (_label, base, patch, field) => {
    await refused(
      "PUT",
      ONE,
      { ...ws, name: "typed-ci" },
      { body: { ...base, ...patch } },
      { field: field as string, noUpstreamAtAll: true },
    );
  });

  it("create without computeType, or with an unknown one → 400 naming computeType", async () => {
    await refused(
      "PUT",
      ONE,
      { ...ws, name: "typed-ci" },
      { body: { vmSize: "Standard_DS11_v2" } },
      { field: "computeType", noUpstreamAtAll: true },
    );
    await refused(
      "PUT",
      ONE,
      { ...ws, name: "typed-ci" },
      // The studio creates instances, clusters, and attaches Kubernetes clusters and VMs; Databricks it does not.
      { body: { computeType: "Databricks", vmSize: "Standard_DS11_v2" } },
      { field: "computeType", noUpstreamAtAll: true },
    );
    expect(await upstreamHas("typed-ci")).toBe(false);
  });

  it.each([
    ["unknown field", { ...SCALE, extra: 1 }, "extra"],
    ["missing idle time", { minNodes: 0, maxNodes: 4 }, "idleSecondsBeforeScaleDown"],
    ["maxNodes a string", { ...SCALE, maxNodes: "4" }, "maxNodes"],
    ["minNodes negative", { ...SCALE, minNodes: -1 }, "minNodes"],
    ["minNodes over maxNodes", { ...SCALE, minNodes: 5, maxNodes: 4 }, "minNodes"],
    ["idle time over a week", { ...SCALE, idleSecondsBeforeScaleDown: 8 * 24 * 3600 }, "idleSecondsBeforeScaleDown"],
  ])("scale: %s → 400 naming the field, the cluster unchanged", async (_label, body, field) => {
    await refused(
      "PATCH",
      ONE,
      { ...ws, name: "cpu-cluster" },
      { body },
      { field: field as string, noUpstreamAtAll: true },
    );
    const up = await s.sdk().computeOperations.get(RG, WS, "cpu-cluster");
    expect((up.properties as any).properties.scaleSettings).toMatchObject({ minNodeCount: 0, maxNodeCount: 4 });
  });

  it("sign-in: unknown field or wrong type → 400 naming it", async () => {
    await refused(
      "POST",
      "auth/session",
      {},
      { as: null, body: { account: "admin", role: "Admin" } },
      { field: "role", noUpstreamAtAll: true },
    );
    await refused(
      "POST",
      "auth/session",
      {},
      { as: null, body: { account: 1 } },
      { field: "account", noUpstreamAtAll: true },
    );
  });
});

describe("names outside ARM rules and path tricks", () => {
  const badNames = [
    "a",
    "ab",
    "-bad",
    "1abc",
    "bad-",
    "x".repeat(25),
    "x".repeat(30),
    "a_b",
    "a.b",
    "a b",
    "..",
    ".",
    "../x",
    "..%2Fx",
    "a%2Fb",
    "a/b",
    "a\\b",
    "%2e%2e",
    "abc%00",
    "abc\u0000",
    "ábc",
    "",
  ];

  it.each(badNames)(
    "compute name %j → 400 naming name on GET, PUT, PATCH, DELETE, actions and nodes; no upstream request",
    async (name) => {
      const p = { ...ws, name };
      await refused("GET", ONE, p, {}, { field: "name", noUpstreamAtAll: true });
      await refused("PUT", ONE, p, { body: CI }, { field: "name", noUpstreamAtAll: true });
      await refused("PATCH", ONE, p, { body: SCALE }, { field: "name", noUpstreamAtAll: true });
      await refused("DELETE", ONE, p, {}, { field: "name", noUpstreamAtAll: true });
      await refused("POST", ACTION, { ...p, action: "start" }, {}, { field: "name", noUpstreamAtAll: true });
      await refused("GET", NODES, p, {}, { field: "name", noUpstreamAtAll: true });
    },
  );

  it("the longest and shortest legal names pass validation (so the rule is not just 'refuse everything')", async () => {
    for (const name of ["abc", "a" + "b".repeat(22) + "c"]) {
      const res = await s.call("GET", ONE, { ...ws, name });
      expect(res.status, res.text).toBe(404); // valid name, no such compute
      expect(res.body.error.field).toBeUndefined();
    }
  });

  it.each([
    ["sub", "not-a-guid"],
    ["sub", "../00000000-0000-0000-0000-000000000001"],
    ["rg", "../../providers"],
    ["rg", "rg."],
    ["rg", "a/b"],
    ["rg", ""],
    ["ws", ".."],
    ["ws", "a%2Fb"],
    ["ws", "w"],
    ["ws", "-ws"],
    ["ws", "x".repeat(40)],
  ])("workspace param %s=%j → 400 naming it; no upstream request", async (param, value) => {
    const p = { ...ws, [param]: value };
    await refused("GET", LIST, p, {}, { field: param, noUpstreamAtAll: true });
    await refused("PUT", ONE, { ...p, name: "good-name" }, { body: CI }, { field: param, noUpstreamAtAll: true });
    await refused("GET", "ws/[sub]/[rg]/[ws]/usage", p, {}, { field: param, noUpstreamAtAll: true });
  });

  it.each(["destroy", "START", "../stop", "stop/..", ""])("action %j → 400 naming action", async (action) => {
    await refused("POST", ACTION, { ...ws, name: "alice-ci", action }, {}, { field: "action", noUpstreamAtAll: true });
  });

  it.each([
    "../standardDSv2Family",
    "standardDSv2Family/..",
    "standard%2FFamily",
    "Standard_DSv2_Family",
    "family",
    "",
  ])("quota family %j → 400 naming family", async (family) => {
    await refused("PUT", QUOTA, { ...ws, family }, { body: { limit: 10 } }, { field: "family", noUpstreamAtAll: true });
  });

  it("an unknown query parameter or extra path param is refused, not passed on", async () => {
    await refused("GET", ONE, { ...ws, name: "alice-ci", extra: "x" }, {}, { field: "extra", noUpstreamAtAll: true });
  });
});
