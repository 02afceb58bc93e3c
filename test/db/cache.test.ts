import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/server/db";
import { createCache, listKey, type Cache, type ReadThroughOptions } from "@/lib/server/cache";
import { providers, testDatabase, type TestDatabase } from "./helpers";

const WS = "/subscriptions/S1/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/W1";
const ws = WS.toLowerCase();
const ALICE = "oid-alice";
const BOB = "oid-bob";

function httpError(status: number, message = `upstream ${status}`) {
  return Object.assign(new Error(message), { name: "RestError", statusCode: status });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(providers)("read-through cache on %s", (provider) => {
  let t: TestDatabase;
  let h: DbHandle;
  let cache: Cache;

  beforeAll(async () => {
    t = testDatabase(provider);
    h = await t.open();
  });
  afterAll(async () => {
    await h?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    await h.db.cachedAsset.deleteMany({});
    await h.db.workspaceAccess.deleteMany({});
    cache = createCache(() => h.db);
  });

  /** A fake upstream: returns `value` (or throws `error`) and counts calls. */
  function upstream<T>(value: T) {
    const state = { value, error: undefined as unknown, delayMs: 0, calls: 0 };
    const fetch = vi.fn(async () => {
      state.calls++;
      if (state.delayMs) await sleep(state.delayMs);
      if (state.error) throw state.error;
      return state.value;
    });
    return { state, fetch };
  }
  function opts<T>(fetch: () => Promise<T>, over: Partial<ReadThroughOptions<T>> = {}): ReadThroughOptions<T> {
    return { workspaceId: WS, kind: "compute", key: "cpu-1", principalId: ALICE, fetch, ...over };
  }
  async function ageRow(key: string, ms: number, kind = "compute") {
    await h.db.cachedAsset.updateMany({
      where: { workspaceId: ws, kind, key },
      data: { fetchedAt: new Date(Date.now() - ms) },
    });
  }
  async function ageAccess(principalId: string, ms: number) {
    await h.db.workspaceAccess.updateMany({
      where: { principalId, workspaceId: ws },
      data: { checkedAt: new Date(Date.now() - ms) },
    });
  }

  it("stores on a miss, then serves a fresh row without calling the upstream", async () => {
    const u = upstream({ name: "cpu-1", state: "Running", createdOn: new Date("2026-01-01T00:00:00Z") });
    const a = await cache.readThrough(opts(u.fetch));
    expect(a.cache).toEqual({ source: "upstream", ageMs: 0 });
    // JSON-normalised on every path: dates are strings, cached or not.
    expect(a.data).toEqual({ name: "cpu-1", state: "Running", createdOn: "2026-01-01T00:00:00.000Z" });
    const b = await cache.readThrough(opts(u.fetch));
    expect(b.cache.source).toBe("cache");
    expect(b.data).toEqual(a.data);
    expect(u.state.calls).toBe(1);
    const row = await h.db.cachedAsset.findUnique({
      where: { workspaceId_kind_key: { workspaceId: ws, kind: "compute", key: "cpu-1" } },
    });
    expect(JSON.parse(row!.body).state).toBe("Running");
    const access = await h.db.workspaceAccess.findUnique({
      where: { principalId_workspaceId: { principalId: ALICE, workspaceId: ws } },
    });
    expect(access).not.toBeNull();
  });

  it("serves a stale row at once and revalidates it in the background, once per key", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch));
    await ageRow("cpu-1", 30_000);
    u.state.value = { v: 2 };
    u.state.delayMs = 50;
    const [a, b] = await Promise.all([cache.readThrough(opts(u.fetch)), cache.readThrough(opts(u.fetch))]);
    expect(a.data).toEqual({ v: 1 });
    expect(a.cache.source).toBe("cache");
    expect(a.cache.ageMs).toBeGreaterThanOrEqual(30_000);
    expect(b.data).toEqual({ v: 1 });
    await cache.settle();
    expect(u.state.calls).toBe(2); // one background revalidation for both requests
    const c = await cache.readThrough(opts(u.fetch));
    expect(c).toEqual({ data: { v: 2 }, cache: { source: "cache", ageMs: expect.any(Number) } });
    expect(c.cache.ageMs).toBeLessThan(15_000);
  });

  it("spaces the background revalidations of a costly row by what its last fetch took", async () => {
    const u = upstream({ v: 1 });
    u.state.delayMs = 120;
    await cache.readThrough(opts(u.fetch, { freshMs: 10 }));
    await sleep(60); // past freshMs, but within REVALIDATION_SPACING × 120 ms
    const a = await cache.readThrough(opts(u.fetch, { freshMs: 10 }));
    await cache.settle();
    expect(a.cache.source).toBe("cache");
    expect(u.state.calls).toBe(1);
    await ageRow("cpu-1", 10_000); // well past 5 × (120 ms + the store)
    await cache.readThrough(opts(u.fetch, { freshMs: 10 }));
    await cache.settle();
    expect(u.state.calls).toBe(2);
  });

  it("moves only fetchedAt when the answer is unchanged, but stores a replica's newer row over with ours", async () => {
    const u = upstream({ v: 1 });
    const first = await cache.readThrough(opts(u.fetch, { freshMs: 1 }));
    const where = { workspaceId_kind_key: { workspaceId: ws, kind: "compute", key: "cpu-1" } };
    const before = await h.db.cachedAsset.findUnique({ where });
    // Read until the row is due (its freshness is at least a few times what the first fetch took).
    for (let i = 0; i < 100 && u.state.calls < 2; i++) {
      await sleep(10);
      await cache.readThrough(opts(u.fetch, { freshMs: 1 }));
      await cache.settle();
    }
    expect(u.state.calls).toBe(2);
    const touched = await h.db.cachedAsset.findUnique({ where });
    expect(touched!.id).toBe(before!.id);
    expect(touched!.fetchedAt.getTime()).toBeGreaterThan(before!.fetchedAt.getTime());
    const again = await cache.readThrough(opts(u.fetch, { freshMs: 60_000 }));
    expect(again.data).toBe(first.data); // the same parsed object: its encodings stay valid

    // Another replica wrote the row since: our unchanged answer is stored whole, not stamped onto its body.
    await h.db.cachedAsset.update({
      where,
      data: { body: JSON.stringify({ v: 0 }), fetchedAt: new Date(Date.now() - 60_000) },
    });
    await cache.readThrough(opts(u.fetch, { freshMs: 1 }));
    await cache.settle();
    expect(u.state.calls).toBe(3);
    expect(JSON.parse((await h.db.cachedAsset.findUnique({ where }))!.body)).toEqual({ v: 1 });
  });

  it("reports stale + the error when the background revalidation failed", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch));
    await ageRow("cpu-1", 30_000);
    u.state.error = httpError(503, "Service Unavailable");
    const a = await cache.readThrough(opts(u.fetch));
    expect(a.cache.source).toBe("cache");
    await cache.settle();
    const b = await cache.readThrough(opts(u.fetch));
    expect(b.data).toEqual({ v: 1 });
    expect(b.cache.source).toBe("stale");
    expect(b.cache.upstreamError).toBe("Service Unavailable");
  });

  it("falls back to an old row, with its age and the error, when the upstream is down", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch));
    await ageRow("cpu-1", 10 * 60_000);
    u.state.error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7070"), { code: "REQUEST_SEND_ERROR" });
    const r = await cache.readThrough(opts(u.fetch));
    expect(r.data).toEqual({ v: 1 });
    expect(r.cache.source).toBe("stale");
    expect(r.cache.ageMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(r.cache.upstreamError).toMatch(/ECONNREFUSED/);
    // Garbage (a parse error has no status) counts as down too.
    u.state.error = Object.assign(new Error("Unexpected token < in JSON"), { code: "PARSE_ERROR" });
    expect((await cache.readThrough(opts(u.fetch))).cache.source).toBe("stale");
  });

  it("serves an old row when the upstream is slower than timeoutMs, and keeps the late answer", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch));
    await ageRow("cpu-1", 10 * 60_000);
    u.state.value = { v: 2 };
    u.state.delayMs = 3_000;
    const started = Date.now();
    const r = await cache.readThrough(opts(u.fetch, { timeoutMs: 50 }));
    // Answered without waiting for the slow upstream (generous bound: this is behaviour, not a speed figure).
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.data).toEqual({ v: 1 });
    expect(r.cache.source).toBe("stale");
    expect(r.cache.upstreamError).toMatch(/did not answer within 50 ms/);
    await cache.settle();
    const again = await cache.readThrough(opts(u.fetch));
    expect(again.data).toEqual({ v: 2 });
    expect(again.cache.source).toBe("cache");
  });

  it("rethrows when the upstream fails and nothing is cached", async () => {
    const u = upstream({ v: 1 });
    u.state.error = httpError(500);
    await expect(cache.readThrough(opts(u.fetch))).rejects.toMatchObject({ statusCode: 500 });
    expect(await h.db.cachedAsset.count()).toBe(0);
  });

  it.each([401, 403, 404])("never falls back to the cache on %i", async (status) => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch));
    await ageRow("cpu-1", 10 * 60_000);
    u.state.error = httpError(status);
    await expect(cache.readThrough(opts(u.fetch))).rejects.toMatchObject({ statusCode: status });
    const row = await h.db.cachedAsset.findFirst({ where: { key: "cpu-1" } });
    const access = await h.db.workspaceAccess.findFirst({ where: { principalId: ALICE } });
    if (status === 404)
      expect(row).toBeNull(); // gone upstream: gone from the cache
    else expect(row).not.toBeNull();
    if (status === 403)
      expect(access).toBeNull(); // Alice must be confirmed again before she sees any row
    else expect(access).not.toBeNull();
  });

  it("after a 403, does not serve the user other rows of the workspace while the upstream is down", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch, { key: "cpu-1" }));
    await cache.readThrough(opts(u.fetch, { key: "cpu-2" }));
    await ageRow("cpu-1", 10 * 60_000);
    u.state.error = httpError(403);
    await expect(cache.readThrough(opts(u.fetch, { key: "cpu-1" }))).rejects.toMatchObject({ statusCode: 403 });
    u.state.error = httpError(503);
    await expect(cache.readThrough(opts(u.fetch, { key: "cpu-2" }))).rejects.toMatchObject({ statusCode: 503 });
  });

  it("scopes rows to users whose access the upstream confirmed", async () => {
    const alice = upstream([{ name: "cpu-1" }]);
    await cache.readThrough(opts(alice.fetch, { key: listKey() }));

    // Bob was never confirmed: upstream down → no rows for him.
    const bob = upstream([{ name: "cpu-1" }]);
    bob.state.error = httpError(503);
    await expect(cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB }))).rejects.toMatchObject({
      statusCode: 503,
    });
    // The upstream says no → no rows for him.
    bob.state.error = httpError(403);
    await expect(cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB }))).rejects.toMatchObject({
      statusCode: 403,
    });
    // A confirmation that fails also shows nothing.
    const denied = vi.fn(async () => {
      throw httpError(403);
    });
    await expect(
      cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB, confirmAccess: denied })),
    ).rejects.toMatchObject({ statusCode: 403 });

    // A successful cheap confirmation → Bob gets the cached list without a list call.
    const confirm = vi.fn(async () => ({ id: WS }));
    bob.state.error = undefined;
    bob.state.calls = 0;
    const r = await cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB, confirmAccess: confirm }));
    expect(r.cache.source).toBe("cache");
    expect(r.data).toEqual([{ name: "cpu-1" }]);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(bob.state.calls).toBe(0);
    // Confirmed now: no more confirmation within the access TTL.
    await cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB, confirmAccess: confirm }));
    expect(confirm).toHaveBeenCalledTimes(1);

    // Access older than the TTL must be re-confirmed; if the upstream is down, a once-confirmed user gets stale rows.
    await ageAccess(BOB, 10 * 60_000);
    const down = vi.fn(async () => {
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    });
    const s = await cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB, confirmAccess: down }));
    expect(s.cache.source).toBe("stale");
    expect(s.cache.upstreamError).toBe("socket hang up");
    expect(s.data).toEqual([{ name: "cpu-1" }]);

    // Without confirmAccess, the user's own fetch is the confirmation.
    await ageAccess(BOB, 10 * 60_000);
    bob.state.value = [{ name: "cpu-1" }, { name: "cpu-2" }];
    const f = await cache.readThrough(opts(bob.fetch, { key: listKey(), principalId: BOB }));
    expect(f.cache.source).toBe("upstream");
    expect(f.data).toHaveLength(2);
  });

  it("keeps workspaces apart", async () => {
    const u = upstream({ ws: 1 });
    await cache.readThrough(opts(u.fetch));
    const other = upstream({ ws: 2 });
    const r = await cache.readThrough(opts(other.fetch, { workspaceId: WS.replace("W1", "W2") }));
    expect(r).toEqual({ data: { ws: 2 }, cache: { source: "upstream", ageMs: 0 } });
    // Same workspace in another case is the same workspace.
    const same = await cache.readThrough(opts(other.fetch, { workspaceId: WS.toUpperCase() }));
    expect(same.data).toEqual({ ws: 1 });
  });

  it("caches the items of a list, so a get after a list is a cache hit", async () => {
    const computes = Array.from({ length: 1000 }, (_, i) => ({ id: `${WS}/computes/cpu-${i}`, name: `cpu-${i}` }));
    const list = upstream(computes);
    const r = await cache.readThrough(
      opts(list.fetch, { key: listKey(), items: (data) => data.map((c) => ({ key: c.id.toLowerCase(), value: c })) }),
    );
    expect(r.data).toHaveLength(1000);
    const get = upstream({ never: true });
    const item = await cache.readThrough(opts(get.fetch, { key: `${ws}/computes/cpu-7` }));
    expect(item.cache.source).toBe("cache");
    expect(item.data).toEqual({ id: `${WS}/computes/cpu-7`, name: "cpu-7" });
    expect(get.state.calls).toBe(0);
    // Reading the list again is served from the cache (its speed is measured by `npm run bench`, not here).
    for (let i = 0; i < 5; i++)
      expect((await cache.readThrough(opts(list.fetch, { key: listKey() }))).cache.source).toBe("cache");
    expect(list.state.calls).toBe(1);
  });

  it("invalidate drops the item and the lists of its kind, and only those", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch, { key: "cpu-1" }));
    await cache.readThrough(opts(u.fetch, { key: "cpu-2" }));
    await cache.readThrough(opts(u.fetch, { key: listKey() }));
    await cache.readThrough(opts(u.fetch, { key: listKey("filter=gpu") }));
    await cache.readThrough(opts(u.fetch, { kind: "quota", key: "eastus" }));
    await cache.invalidate(WS, "compute", "cpu-1");
    const keys = (await h.db.cachedAsset.findMany({ where: { workspaceId: ws }, select: { kind: true, key: true } }))
      .map((r) => `${r.kind}:${r.key}`)
      .sort();
    expect(keys).toEqual(["compute:cpu-2", "quota:eastus"]);
    u.state.value = { v: 2 };
    const r = await cache.readThrough(opts(u.fetch, { key: "cpu-1" }));
    expect(r).toEqual({ data: { v: 2 }, cache: { source: "upstream", ageMs: 0 } });
    await cache.invalidate(WS, "compute");
    expect(await h.db.cachedAsset.count({ where: { kind: "compute" } })).toBe(0);
    expect(await h.db.cachedAsset.count({ where: { kind: "quota" } })).toBe(1);
  });

  it("invalidate by key prefixes drops the item's rows and the lists, and leaves other items' rows", async () => {
    const u = upstream({ v: 1 });
    for (const key of ["item:a", "version:a:1", "version:ab:1", "item:b", listKey(), listKey("x")])
      await cache.readThrough(opts(u.fetch, { kind: "model", key }));
    await cache.invalidate(WS, "model", { startsWith: ["item:a", "version:a:"] });
    const keys = (await h.db.cachedAsset.findMany({ where: { workspaceId: ws, kind: "model" }, select: { key: true } }))
      .map((r) => r.key)
      .sort();
    expect(keys).toEqual(["item:b", "version:ab:1"]);
    expect((await cache.readThrough(opts(u.fetch, { kind: "model", key: "item:b" }))).cache.source).toBe("cache");
    expect((await cache.readThrough(opts(u.fetch, { kind: "model", key: "item:a" }))).cache.source).toBe("upstream");
  });

  it("invalidate rewrites the rows a revision names, keeping their age, and drops the rest of the kind", async () => {
    const list = upstream(["a", "b"]);
    const item = upstream({ v: 1 });
    const replica = createCache(() => h.db);
    await cache.readThrough(opts(list.fetch, { key: listKey() }));
    await cache.readThrough(opts(item.fetch, { key: "item:a" }));
    await replica.readThrough(opts(list.fetch, { key: listKey() })); // the replica holds its parsed copy
    await ageRow(listKey(), 4_000);
    const before = await h.db.cachedAsset.findFirstOrThrow({ where: { key: listKey() } });
    await cache.invalidate(WS, "compute", undefined, {
      keys: [listKey(), listKey("absent")],
      apply: (key, data) => [...(data as string[]).filter((x) => x !== "a"), `c from ${key}`],
    });
    const rows = await h.db.cachedAsset.findMany({ where: { workspaceId: ws, kind: "compute" } });
    expect(rows.map((r) => r.key)).toEqual([listKey()]);
    expect(rows[0].id).not.toBe(before.id);
    expect(rows[0].fetchedAt.getTime()).toBe(before.fetchedAt.getTime());
    for (const c of [cache, replica]) {
      const r = await c.readThrough(opts(list.fetch, { key: listKey() }));
      expect(r.data).toEqual(["b", "c from list:"]);
      expect(r.cache.source).toBe("cache");
      expect(r.cache.ageMs).toBeGreaterThanOrEqual(4_000);
    }
    expect(list.state.calls).toBe(1);
    expect((await cache.readThrough(opts(item.fetch, { key: "item:a" }))).cache.source).toBe("upstream");
  });

  it("sees another replica's writes: the database, not memory, decides", async () => {
    const u = upstream({ v: 1 });
    await cache.readThrough(opts(u.fetch));
    const replica = createCache(() => h.db);
    await replica.invalidate(WS, "compute", "cpu-1");
    u.state.value = { v: 2 };
    const r = await cache.readThrough(opts(u.fetch));
    expect(r.data).toEqual({ v: 2 });
    expect(r.cache.source).toBe("upstream");
  });

  it("writes and reads quota audit rows", async () => {
    await h.db.quotaAudit.create({
      data: {
        workspaceId: ws,
        location: "eastus",
        vmFamily: "standardDSv2Family",
        oldLimit: null,
        newLimit: 24,
        changedBy: "Ada Admin",
        changedById: "oid-admin",
      },
    });
    await h.db.quotaAudit.create({
      data: {
        workspaceId: ws,
        location: "eastus",
        vmFamily: "standardDSv2Family",
        oldLimit: 24,
        newLimit: 48,
        changedBy: "Ada Admin",
        changedById: "oid-admin",
        changedAt: new Date(Date.now() + 1000),
      },
    });
    const rows = await h.db.quotaAudit.findMany({ where: { workspaceId: ws }, orderBy: { changedAt: "desc" } });
    expect(rows.map((r) => [r.oldLimit, r.newLimit])).toEqual([
      [24, 48],
      [null, 24],
    ]);
    expect(rows[0].changedAt).toBeInstanceOf(Date);
    expect(rows[0].id).toBeTruthy();
    await h.db.quotaAudit.deleteMany({});
  });
});
