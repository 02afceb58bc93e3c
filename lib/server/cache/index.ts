/**
 * The ONE read-through cache of upstream asset metadata (computes, workspaces, quotas, usages, VM sizes, …).
 * The database (CachedAsset, WorkspaceAccess) is the source of truth, shared by every replica; an in-process map only
 * saves re-parsing a row's JSON when the row in the database is still the very one we parsed (same id and fetchedAt).
 *
 * Freshness, for a principal whose access to the workspace is confirmed (see below):
 *   age ≤ freshMs (15 s)                 → the row, `source: "cache"`, no upstream call. A row whose last fetch was
 *                                          costly stays fresh for REVALIDATION_SPACING (5) × that fetch's time.
 *   freshMs < age ≤ staleWhileRevalidateMs (5 min)
 *                                        → the row at once, revalidated in the background (one revalidation per key
 *                                          per process at a time); `source: "cache"`, or `"stale"` + `upstreamError`
 *                                          when the last revalidation of that row failed.
 *   older                                → the upstream, waited for at most timeoutMs (3 s); failing or slower → the
 *                                          row, `source: "stale"`, its age and the upstream error.
 *   no row                               → the upstream (no timeout: there is nothing else to serve); failure rethrows.
 *
 * Access policy — the cache never shows a user what they could not read upstream:
 *   - Every successful upstream call made as a user records WorkspaceAccess(principal, workspace, checkedAt = now).
 *   - A user is served cached rows of a workspace only if their access was confirmed within accessTtlMs (5 min).
 *     Otherwise the cache first asks the upstream as that user: `confirmAccess()` when the caller supplies one (a cheap
 *     call, e.g. workspace get), else the `fetch()` itself.
 *   - If that call fails because the upstream is down/slow/garbled (no status, 408, 429, 5xx, timeout), rows are served
 *     (`source: "stale"`) only to a user whose access was confirmed at some earlier time; anyone else gets the error.
 *   - 401/403/404 (and any other 4xx) never fall back to the cache: they are rethrown. 403 — and 404 from
 *     confirmAccess — forget the user's access to the workspace; 404 from fetch deletes the row for that key.
 *
 * Values must be JSON-safe (map SDK models, whose dates are Date objects, to view models first): the cache returns
 * what JSON.parse(JSON.stringify(value)) gives, on every path, so cached and upstream answers look the same.
 * Returned values may be shared between requests: treat them as read-only.
 *
 * Files: types.ts (shapes, defaults), freshness.ts (what a row's age calls for), access.ts (the WorkspaceAccess
 * records), rows.ts (CachedAsset rows), memory.ts (parsed rows kept in process), upstream-trouble.ts (transient or
 * not); this file composes them into readThrough and invalidate, and holds the process's one cache.
 */
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "../db";
import { accessCheckedAt, forgetAccessRow, recordAccess } from "./access";
import { freshnessOf, limitsOf } from "./freshness";
import { createRowMemory, kindPrefix, rowKey } from "./memory";
import { readRow, storeItems, touchItems, touchRow, writeRow, type StoredRow } from "./rows";
import {
  DEFAULTS,
  type Cache,
  type CacheDefaults,
  type CacheResult,
  type ReadThroughOptions,
  type ItemRows,
  type RowRevision,
} from "./types";
import { isTransient, messageOf, upstreamStatus, withTimeout } from "./upstream-trouble";

export * from "./types";
export { isTransient, upstreamStatus, UpstreamTimeoutError } from "./upstream-trouble";

type Fetched<T> = { data: T; rowId: string; fetchedAt: number };

export function createCache(getDbFn: () => Db | Promise<Db>, defaults: Partial<CacheDefaults> = {}): Cache {
  const cfg: CacheDefaults = { ...DEFAULTS, ...defaults };
  const memory = createRowMemory(cfg.memoryEntries);
  const inflight = new Map<string, Promise<unknown>>();
  const failures = new Map<string, { message: string; at: number }>();
  /** How long each row's last upstream fetch and store took (ms): a costly list is revalidated less often. */
  const fetchCost = new Map<string, number>();
  // Bumped by every invalidate of a kind: a fetch that began before it must not store its (older) answer.
  const generations = new Map<string, number>();
  const genKey = (ws: string, kind: string) => `${ws}\u0000${kind}`;
  const generation = (ws: string, kind: string) => generations.get(genKey(ws, kind)) ?? 0;

  /** Calls the upstream, stores the answer (and its items), records the access. Returns the JSON-normalised data. */
  async function fetchAndStore<T>(db: Db, o: ReadThroughOptions<T>, ws: string): Promise<Fetched<T>> {
    const gen = generation(ws, o.kind);
    const started = Date.now();
    const raw = await o.fetch();
    const body = JSON.stringify(raw ?? null);
    const id = rowKey(ws, o.kind, o.key);
    const previous = memory.get(id);
    const unchanged = previous !== undefined && previous.body === body;
    const data = (unchanged ? previous.data : JSON.parse(body)) as T;
    const fetchedAt = new Date();
    const etag = o.etag?.(raw) ?? null;
    await recordAccess(db, o.principalId, ws);
    if (gen !== generation(ws, o.kind)) {
      // A write invalidated this kind while we were fetching: the answer may predate it, so do not store it.
      return { data, rowId: "", fetchedAt: fetchedAt.getTime() };
    }
    // An unchanged answer only moves the row's fetchedAt (a list of 10,000 jobs is megabytes to rewrite), unless
    // another replica wrote the row since we last did; then it is stored whole.
    const rowId =
      unchanged && (await touchRow(db, previous, fetchedAt))
        ? previous.rowId
        : await writeRow(db, { ws, kind: o.kind, key: o.key, body, etag, fetchedAt });
    memory.remember(id, { rowId, fetchedAt: fetchedAt.getTime(), body, data });
    fetchCost.set(id, Date.now() - started);
    failures.delete(id);
    if (o.items) {
      const items = o.items(data);
      if (unchanged) await touchItems(db, ws, o.itemKind ?? o.kind, items, fetchedAt);
      else await storeItems(db, memory, ws, o.itemKind ?? o.kind, items, fetchedAt);
    }
    return { data, rowId, fetchedAt: fetchedAt.getTime() };
  }

  /** Applies what a denial means to the stored state, then rethrows. */
  async function onDenied(
    db: Db,
    err: unknown,
    o: ReadThroughOptions<unknown>,
    ws: string,
    from: "fetch" | "confirm",
  ): Promise<never> {
    const status = upstreamStatus(err);
    if (status === 403 || (status === 404 && from === "confirm"))
      await forgetAccessRow(db, o.principalId, ws).catch(() => {});
    if (status === 404 && from === "fetch") {
      await db.cachedAsset.deleteMany({ where: { workspaceId: ws, kind: o.kind, key: o.key } }).catch(() => {});
      memory.forget(rowKey(ws, o.kind, o.key));
    }
    throw err;
  }

  /** One upstream fetch+store per key at a time in this process (used for background and timed revalidations). */
  function revalidate<T>(db: Db, o: ReadThroughOptions<T>, ws: string): Promise<Fetched<T>> {
    const id = rowKey(ws, o.kind, o.key);
    const running = inflight.get(id) as Promise<Fetched<T>> | undefined;
    if (running) return running;
    const p = fetchAndStore(db, o, ws)
      .catch(async (err) => {
        failures.set(id, { message: messageOf(err), at: Date.now() });
        if (!isTransient(err)) await onDenied(db, err, o as ReadThroughOptions<unknown>, ws, "fetch");
        throw err;
      })
      .finally(() => inflight.delete(id));
    inflight.set(id, p);
    return p;
  }

  async function readThrough<T>(o: ReadThroughOptions<T>): Promise<CacheResult<T>> {
    const db = await getDbFn();
    const ws = o.workspaceId.toLowerCase();
    const id = rowKey(ws, o.kind, o.key);
    const limits = limitsOf(o as ReadThroughOptions<unknown>, cfg);
    const denied = (err: unknown, from: "fetch" | "confirm") =>
      onDenied(db, err, o as ReadThroughOptions<unknown>, ws, from);

    const [row, checkedAt] = await Promise.all([
      readRow(db, memory, ws, o.kind, o.key),
      accessCheckedAt(db, o.principalId, ws),
    ]);

    const stale = (r: StoredRow, err: unknown): CacheResult<T> => ({
      data: r.data as T,
      cache: { source: "stale", ageMs: Math.max(0, Date.now() - r.fetchedAt), upstreamError: messageOf(err) },
    });

    if (!row) {
      try {
        const r = await fetchAndStore(db, o, ws);
        return { data: r.data, cache: { source: "upstream", ageMs: 0 } };
      } catch (err) {
        if (!isTransient(err)) await denied(err, "fetch");
        throw err;
      }
    }

    // Access: confirmed recently, or confirm it now as the user.
    const accessAge = checkedAt ? Date.now() - checkedAt.getTime() : Infinity;
    if (accessAge > limits.accessTtlMs) {
      if (!o.confirmAccess) {
        // The user's own fetch confirms access: never share another request's in-flight fetch here.
        try {
          const r = await withTimeout(fetchAndStore(db, o, ws), limits.timeoutMs);
          return { data: r.data, cache: { source: "upstream", ageMs: 0 } };
        } catch (err) {
          if (!isTransient(err)) await denied(err, "fetch");
          if (checkedAt) return stale(row, err);
          throw err;
        }
      }
      try {
        await withTimeout(o.confirmAccess(), limits.timeoutMs);
        await recordAccess(db, o.principalId, ws);
      } catch (err) {
        if (!isTransient(err)) await denied(err, "confirm");
        if (checkedAt) return stale(row, err);
        throw err;
      }
    }

    const age = Math.max(0, Date.now() - row.fetchedAt);
    const freshness = freshnessOf(age, limits, fetchCost.get(id));
    if (freshness === "fresh") return { data: row.data as T, cache: { source: "cache", ageMs: age } };

    if (freshness === "revalidate") {
      const failure = failures.get(id);
      const recentFailure = failure && Date.now() - failure.at < cfg.retryAfterFailureMs;
      if (!recentFailure) revalidate(db, o, ws).catch(() => {}); // background; failures are remembered
      const f = failures.get(id);
      if (f && f.at >= row.fetchedAt) return stale(row, new Error(f.message));
      return { data: row.data as T, cache: { source: "cache", ageMs: age } };
    }

    try {
      const r = await withTimeout(revalidate(db, o, ws), limits.timeoutMs);
      return { data: r.data, cache: { source: "upstream", ageMs: 0 } };
    } catch (err) {
      if (isTransient(err)) return stale(row, err);
      throw err;
    }
  }

  async function invalidate(workspaceId: string, kind: string, item?: ItemRows, revision?: RowRevision) {
    const db = await getDbFn();
    const ws = workspaceId.toLowerCase();
    const gk = genKey(ws, kind);
    generations.set(gk, (generations.get(gk) ?? 0) + 1);
    const kept = revision?.keys ?? [];
    const revisable = await Promise.all(kept.map((k) => readRow(db, memory, ws, kind, k)));
    const ofItem = (k: string) =>
      typeof item === "string" ? k === item : !!item?.startsWith.some((prefix) => k.startsWith(prefix));
    const dropped = (k: string) => !kept.includes(k) && (item === undefined || k.startsWith("list:") || ofItem(k));
    const itemRows =
      typeof item === "string" ? [{ key: item }] : (item?.startsWith ?? []).map((p) => ({ key: { startsWith: p } }));
    await db.cachedAsset.deleteMany({
      where: {
        workspaceId: ws,
        kind,
        ...(item === undefined ? {} : { OR: [{ key: { startsWith: "list:" } }, ...itemRows] }),
        ...(kept.length ? { key: { notIn: kept } } : {}),
      },
    });
    memory.forgetKind(ws, kind, dropped);
    for (const [i, row] of revisable.entries()) {
      if (!row) continue;
      // A new id, so no replica takes its parsed copy of the old row for this one; only if the row is still the one
      // read (another writer's newer row stays).
      const body = JSON.stringify(revision!.apply(kept[i], row.data) ?? null);
      await db.cachedAsset.updateMany({
        where: { id: row.rowId, fetchedAt: new Date(row.fetchedAt) },
        data: { id: randomUUID(), body, etag: null },
      });
    }
    const prefix = kindPrefix(ws, kind);
    for (const known of [failures, fetchCost])
      for (const id of [...known.keys()])
        if (id.startsWith(prefix) && dropped(id.slice(prefix.length))) known.delete(id);
  }

  async function forgetAccess(principalId: string, workspaceId: string) {
    await forgetAccessRow(await getDbFn(), principalId, workspaceId.toLowerCase());
  }

  async function settle() {
    while (inflight.size) await Promise.allSettled([...inflight.values()]);
  }

  return { readThrough, invalidate, forgetAccess, settle };
}

// ---------------------------------------------------------------- the process cache

type Holder = { cache?: Cache };
const holder: Holder = ((globalThis as { __mlStudioCache?: Holder }).__mlStudioCache ??= {});

function processCache(): Cache {
  if (!holder.cache) {
    holder.cache = createCache(getDb);
  }
  return holder.cache;
}

export function readThrough<T>(opts: ReadThroughOptions<T>): Promise<CacheResult<T>> {
  return processCache().readThrough(opts);
}

export function invalidate(workspaceId: string, kind: string, item?: ItemRows, revision?: RowRevision): Promise<void> {
  return processCache().invalidate(workspaceId, kind, item, revision);
}

export function forgetAccess(principalId: string, workspaceId: string): Promise<void> {
  return processCache().forgetAccess(principalId, workspaceId);
}

/** The key of a list row: "list:" + the list's query ("" for the plain list). invalidate() drops every "list:" row. */
export function listKey(query = ""): string {
  return `list:${query}`;
}
