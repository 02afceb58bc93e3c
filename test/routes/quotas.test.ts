/**
 * Quota administration through the routes: the update reaches the upstream, the audit log records who changed
 * what (old → new), the audit route lists it; refusals (limits, types, roles) write nothing anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Account, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const QUOTA = "ws/[sub]/[rg]/[ws]/quotas/[family]";
const QUOTAS = "ws/[sub]/[rg]/[ws]/quotas";
const AUDIT = "ws/[sub]/[rg]/[ws]/quotas/audit";
const WS_ID =
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`.toLowerCase();

let s: Studio;

beforeAll(async () => {
  s = await startStudio();
});
afterAll(async () => {
  await s?.close();
});

async function auditRows() {
  const db = await s.getDb();
  return db.quotaAudit.findMany({ orderBy: { changedAt: "asc" } });
}

/** The workspace limit the upstream holds for a family. */
async function upstreamLimit(family: string): Promise<number | undefined> {
  for await (const q of s.sdk().quotas.list("eastus")) {
    if (q.id?.toLowerCase() === `${WS_ID}/quotas/${family.toLowerCase()}`) return q.limit;
  }
  return undefined;
}

async function familyRow(family: string, as: Account = "admin") {
  const res = await s.call("GET", QUOTAS, ws, { as });
  expect(res.status, res.text).toBe(200);
  return res.body.data.find((f: { family: string }) => f.family === family);
}

/** Asserts that nothing was written: no audit row, no quota update upstream, the upstream limit unchanged. */
async function expectNothingWritten(family: string, before: { audit: number; limit: number | undefined }) {
  expect(await auditRows()).toHaveLength(before.audit);
  expect(s.proxy!.writes(), "no updateQuotas call upstream").toEqual([]);
  expect(await upstreamLimit(family)).toBe(before.limit);
}

async function snapshot(family: string) {
  s.proxy!.reset();
  return { audit: (await auditRows()).length, limit: await upstreamLimit(family) };
}

describe("reading quotas", () => {
  it("admin sees each family's workspace limit, subscription limit and usage", async () => {
    const dsv2 = await familyRow("standardDSv2Family");
    expect(dsv2).toMatchObject({
      workspaceLimit: 48,
      subscriptionLimit: 100,
      workspaceUsage: 14,
      label: "Standard DSv2 family",
    });
    expect(dsv2.workspaceQuotaId.toLowerCase()).toBe(`${WS_ID}/quotas/standarddsv2family`);
  });

  it("the audit log starts empty", async () => {
    const res = await s.call("GET", AUDIT, ws, { as: "admin" });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});

describe("admin updates a quota", () => {
  it("writes the upstream limit and an audit row (who, old, new), listed by the audit route", async () => {
    s.proxy!.reset();
    const res = await s.call(
      "PUT",
      QUOTA,
      { ...ws, family: "standardDSv2Family" },
      { as: "admin", body: { limit: 40 } },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toEqual({ family: "standardDSv2Family", oldLimit: 48, newLimit: 40 });
    expect(s.proxy!.writes().filter((r) => /\/updateQuotas\?/i.test(r.path))).toHaveLength(1);
    expect(await upstreamLimit("standardDSv2Family")).toBe(40);

    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      workspaceId: WS_ID,
      location: "eastus",
      vmFamily: "standardDSv2Family",
      oldLimit: 48,
      newLimit: 40,
      changedBy: "Ada Admin",
      changedById: "00000000-0000-4000-a000-000000000003",
    });
    expect(Date.now() - rows[0].changedAt.getTime()).toBeLessThan(60_000);

    const audit = await s.call("GET", AUDIT, ws, { as: "admin" });
    expect(audit.status).toBe(200);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      family: "standardDSv2Family",
      label: "Standard DSv2 family",
      oldLimit: 48,
      newLimit: 40,
      changedBy: "Ada Admin",
    });
    expect(new Date(audit.body.data[0].changedAt).toISOString()).toBe(audit.body.data[0].changedAt);

    // The quota list is invalidated: the next read shows the new limit.
    expect((await familyRow("standardDSv2Family")).workspaceLimit).toBe(40);
  });

  it("a second change records the previous new value as old; the audit route lists newest first", async () => {
    const res = await s.call(
      "PUT",
      QUOTA,
      { ...ws, family: "standardDSv2Family" },
      { as: "admin", body: { limit: 44 } },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ oldLimit: 40, newLimit: 44 });
    const audit = await s.call("GET", AUDIT, ws, { as: "admin" });
    expect(audit.body.data.map((r: { oldLimit: number; newLimit: number }) => [r.oldLimit, r.newLimit])).toEqual([
      [40, 44],
      [48, 40],
    ]);
  });

  it("a bearer admin is recorded under the token's name and oid", async () => {
    const res = await s.call(
      "PUT",
      QUOTA,
      { ...ws, family: "standardFSv2Family" },
      { as: null, headers: { authorization: await s.bearer("Admin") }, body: { limit: 20 } },
    );
    expect(res.status, res.text).toBe(200);
    const last = (await auditRows()).at(-1)!;
    expect(last).toMatchObject({
      vmFamily: "standardFSv2Family",
      oldLimit: 24,
      newLimit: 20,
      changedBy: "Bearer Admin",
      changedById: "oid-bearer-admin",
    });
  });

  it("the audit of one workspace is not listed for another", async () => {
    const other = await s.call("GET", AUDIT, { ...ws, ws: "research-workspace" }, { as: "admin" });
    expect(other.status).toBe(200);
    expect(other.body.data).toEqual([]);
  });

  it("0 is a valid limit (a family can be closed)", async () => {
    const res = await s.call("PUT", QUOTA, { ...ws, family: "standardNCFamily" }, { as: "admin", body: { limit: 0 } });
    expect(res.status, res.text).toBe(200);
    expect(await upstreamLimit("standardNCFamily")).toBe(0);
  });
});

describe("refused updates write nothing", () => {
  it("a limit above the subscription limit → 400 naming the limit, before any upstream write", async () => {
    const before = await snapshot("standardDSv2Family");
    const res = await s.call(
      "PUT",
      QUOTA,
      { ...ws, family: "standardDSv2Family" },
      { as: "admin", body: { limit: 101 } },
    );
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe("InvalidQuotaExceedsSubscriptionLimit");
    expect(res.body.error.field).toBe("limit");
    expect(res.body.error.message).toContain("100");
    expect(res.body.error.message).toContain("101");
    await expectNothingWritten("standardDSv2Family", before);
  });

  it("a limit below what the family's clusters keep as minimum → 400 from the upstream, no audit row", async () => {
    // batch-cluster keeps 3 × Standard_F4s_v2 (12 vCPUs) at minimum.
    const before = await snapshot("standardFSv2Family");
    const res = await s.call(
      "PUT",
      QUOTA,
      { ...ws, family: "standardFSv2Family" },
      { as: "admin", body: { limit: 8 } },
    );
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe("InvalidQuotaBelowClusterMinimum");
    expect(res.body.error.field).toBe("limit");
    expect(await auditRows()).toHaveLength(before.audit);
    expect(await upstreamLimit("standardFSv2Family")).toBe(before.limit);
  });

  it.each([
    ["negative", { limit: -1 }],
    ["not whole", { limit: 10.5 }],
    ["a string", { limit: "10" }],
    ["null", { limit: null }],
    ["a boolean", { limit: true }],
    ["missing", {}],
    ["with an unknown field", { limit: 10, family: "standardNCFamily" }],
    ["too big to be a number of vCPUs", { limit: 1e308 }],
  ])("a limit that is %s → 400 naming the field", async (_label, body) => {
    const before = await snapshot("standardDSv2Family");
    const res = await s.call("PUT", QUOTA, { ...ws, family: "standardDSv2Family" }, { as: "admin", body });
    expect(res.status, res.text).toBe(400);
    expect(["limit", "family"]).toContain(res.body.error.field);
    expect(res.body.error.message).toMatch(/limit|family/);
    await expectNothingWritten("standardDSv2Family", before);
  });

  it("an unknown VM family → 404, nothing written", async () => {
    const before = await snapshot("standardDSv2Family");
    const res = await s.call("PUT", QUOTA, { ...ws, family: "standardXYZFamily" }, { as: "admin", body: { limit: 1 } });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("standardXYZFamily");
    await expectNothingWritten("standardDSv2Family", before);
  });

  it.each(["reader", "scientist"] as const)(
    "%s → 403 on update, quota list and audit; no audit row, no upstream call",
    async (account) => {
      const before = await snapshot("standardDSv2Family");
      const put = await s.call(
        "PUT",
        QUOTA,
        { ...ws, family: "standardDSv2Family" },
        { as: account, body: { limit: 10 } },
      );
      expect(put.status).toBe(403);
      expect(put.body.error.message).toMatch(/Admin/);
      const bearer = await s.call(
        "PUT",
        QUOTA,
        { ...ws, family: "standardDSv2Family" },
        {
          as: null,
          headers: { authorization: await s.bearer(account === "reader" ? "Reader" : "DataScientist") },
          body: { limit: 10 },
        },
      );
      expect(bearer.status).toBe(403);
      expect((await s.call("GET", AUDIT, ws, { as: account })).status).toBe(403);
      expect((await s.call("GET", QUOTAS, ws, { as: account })).status).toBe(403);
      expect(s.proxy!.state.requests).toEqual([]);
      await expectNothingWritten("standardDSv2Family", before);
    },
  );
});
