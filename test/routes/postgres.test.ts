/**
 * The happy path once more with the studio on PostgreSQL (a fresh schema of TEST_DATABASE_URL, dropped afterwards):
 * list (upstream, then cache), create, quota update with its audit row, audit list. TEST_PG=off skips it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PG_BASE_URL, RG, SUB, WS, startStudio, until, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const LIST = "ws/[sub]/[rg]/[ws]/computes";
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";

async function pgQuery(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

let s: Studio;
let schema = "";

describe.skipIf(process.env.TEST_PG === "off")("happy path on PostgreSQL", () => {
  beforeAll(async () => {
    s = await startStudio({ database: "postgres" });
    schema = s.pgSchema!;
    expect(schema).toMatch(/^routes_[0-9a-f]+$/);
  });
  afterAll(async () => {
    await s?.close();
    if (schema)
      expect(await pgQuery("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [schema])).toHaveLength(
        0,
      );
  });

  it("lists computes from the upstream, then from the cache rows in the schema", async () => {
    const first = await s.call("GET", LIST, ws, { as: "scientist" });
    expect(first.status, first.text).toBe(200);
    expect(first.body.cache.source).toBe("upstream");
    const second = await s.call("GET", LIST, ws, { as: "scientist" });
    expect(second.body.cache.source).toBe("cache");
    expect(second.body.data).toEqual(first.body.data);
    const rows = await pgQuery(`SELECT kind, key FROM "${schema}"."CachedAsset" WHERE kind = 'compute'`);
    expect(rows).toContainEqual({ kind: "compute", key: "list:" });
    const access = await pgQuery(`SELECT "principalId" FROM "${schema}"."WorkspaceAccess"`);
    expect(access.map((r) => r.principalId)).toContain("00000000-0000-4000-a000-000000000002");
  });

  it("creates an instance and follows it to Running", async () => {
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "pg-ci" },
      { as: "scientist", body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2" } },
    );
    expect(res.status, res.text).toBe(202);
    await until(
      () => s.call("GET", ONE, { ...ws, name: "pg-ci" }, { as: "scientist" }),
      (r) => r.body.data?.state === "Running",
    );
  });

  it("updates a quota; the audit row lands in the schema and the audit route lists it", async () => {
    const res = await s.call(
      "PUT",
      "ws/[sub]/[rg]/[ws]/quotas/[family]",
      { ...ws, family: "standardDSv2Family" },
      { as: "admin", body: { limit: 30 } },
    );
    expect(res.status, res.text).toBe(200);
    const rows = await pgQuery(`SELECT "vmFamily", "oldLimit", "newLimit", "changedBy" FROM "${schema}"."QuotaAudit"`);
    expect(rows).toEqual([{ vmFamily: "standardDSv2Family", oldLimit: 48, newLimit: 30, changedBy: "Ada Admin" }]);
    const audit = await s.call("GET", "ws/[sub]/[rg]/[ws]/quotas/audit", ws, { as: "admin" });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({ oldLimit: 48, newLimit: 30, changedBy: "Ada Admin" });
    expect(typeof audit.body.data[0].id).toBe("string");
  });
});
