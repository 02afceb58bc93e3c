/**
 * The ONE read-through cache of upstream asset metadata (computes, workspaces, quotas, usages, VM sizes, …).
 * The database (CachedAsset, WorkspaceAccess) is the source of truth, shared by every replica; an in-process map only
 * saves re-parsing a row's JSON when the row in the database is still the very one we parsed (same id and fetchedAt).
 *
 * Freshness, for a principal whose access to the workspace is confirmed (see below):
 *   age ≤ freshMs (15 s)                 → the row, `source: "cache"`, no upstream call.
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
 */
import { getDb, type Db } from "../db";

export type CacheSource = "cache" | "upstream" | "stale";
export interface CacheMeta {
  source: CacheSource;
  /** Age of the data served: 0 from the upstream, else now - fetchedAt. */
  ageMs: number;
  /** Why the upstream could not be used, when source is "stale". */
  upstreamError?: string;
}
export interface CacheResult<T> {
  data: T;
  cache: CacheMeta;
}

export interface CachedItem {
  key: string;
  value: unknown;
  etag?: string | null;
}

export interface ReadThroughOptions<T> {
  /** ARM workspace id (any case; stored lowercased). */
  workspaceId: string;
  kind: string;
  /** Item key (lowercased ARM id or name) or list key ("list:<query>"). */
  key: string;
  /** The signed-in user's principal id (oid). */
  principalId: string;
  /** Calls the upstream as the user. */
  fetch: () => Promise<T>;
  /** A cheap upstream call as the user confirming they may read the workspace. Defaults to fetch. */
  confirmAccess?: () => Promise<unknown>;
  /** Also cache these items as their own rows (e.g. each compute of a list), so a get after a list is a cache hit. */
  items?: (data: T) => CachedItem[];
  /** Kind of the item rows (default: kind). */
  itemKind?: string;
  etag?: (data: T) => string | null | undefined;
  freshMs?: number;
  staleWhileRevalidateMs?: number;
  timeoutMs?: number;
  accessTtlMs?: number;
}

export interface CacheDefaults {
  freshMs: number;
  staleWhileRevalidateMs: number;
  timeoutMs: number;
  accessTtlMs: number;
  /** After a failed background revalidation, do not try again for this long. */
  retryAfterFailureMs: number;
  /** Parsed rows kept in process memory. */
  memoryEntries: number;
}

export const DEFAULTS: CacheDefaults = {
  freshMs: 15_000,
  staleWhileRevalidateMs: 5 * 60_000,
  timeoutMs: 3_000,
  accessTtlMs: 5 * 60_000,
  retryAfterFailureMs: 5_000,
  memoryEntries: 500,
};

/** The HTTP status of an upstream error: `statusCode` (Azure SDK RestError) or `status` (ApiError, fetch). */
export function upstreamStatus(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown } | null;
  if (!e || typeof e !== "object") return undefined;
  if (typeof e.statusCode === "number") return e.statusCode;
  if (typeof e.status === "number") return e.status;
  return undefined;
}

/** Upstream trouble the cache may paper over with stale rows: unreachable, timed out, throttled, 5xx, garbage. */
export function isTransient(err: unknown): boolean {
  if (err instanceof UpstreamTimeoutError) return true;
  // Garbage from the upstream (a parse error keeps its 2xx status) is trouble, not an answer.
  if ((err as { code?: unknown } | null)?.code === "PARSE_ERROR") return true;
  const status = upstreamStatus(err);
  return status === undefined || status < 400 || status === 408 || status === 429 || status >= 500;
}

export class UpstreamTimeoutError extends Error {
  constructor(ms: number) {
    super(`The workspace service did not answer within ${ms} ms.`);
    this.name = "UpstreamTimeoutError";
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

interface MemoryEntry {
  rowId: string;
  fetchedAt: number;
  /** The row's JSON text: an unchanged body keeps the same `data` object, so encodings memoized on it stay valid. */
  body: string;
  data: unknown;
}

export interface Cache {
  readThrough<T>(opts: ReadThroughOptions<T>): Promise<CacheResult<T>>;
  /** Drops cached rows after a write: the key's row and every list ("list:…") of the kind; no key → the whole kind. */
  invalidate(workspaceId: string, kind: string, key?: string): Promise<void>;
  /** Forget that a principal may read a workspace (e.g. after a 403 elsewhere). */
  forgetAccess(principalId: string, workspaceId: string): Promise<void>;
  /** Waits for background revalidations in flight (tests, shutdown). */
  settle(): Promise<void>;
}

export function createCache(getDbFn: () => Db | Promise<Db>, defaults: Partial<CacheDefaults> = {}): Cache {
  const cfg: CacheDefaults = { ...DEFAULTS, ...defaults };
  const memory = new Map<string, MemoryEntry>();
  const inflight = new Map<string, Promise<unknown>>();
  const failures = new Map<string, { message: string; at: number }>();
  const generations = new Map<string, number>();

  const rowKey = (ws: string, kind: string, key: string) => `${ws}\u0000${kind}\u0000${key}`;
  const genKey = (ws: string, kind: string) => `${ws}\u0000${kind}`;
  const generation = (ws: string, kind: string) => generations.get(genKey(ws, kind)) ?? 0;

  function remember(id: string, entry: MemoryEntry) {
    memory.delete(id);
    memory.set(id, entry);
    while (memory.size > cfg.memoryEntries) memory.delete(memory.keys().next().value as string);
  }

  async function recordAccess(db: Db, principalId: string, ws: string) {
    const checkedAt = new Date();
    await upsertRetry(() =>
      db.workspaceAccess.upsert({
        where: { principalId_workspaceId: { principalId, workspaceId: ws } },
        create: { principalId, workspaceId: ws, checkedAt },
        update: { checkedAt },
      }),
    );
  }

  async function forgetAccessRow(db: Db, principalId: string, ws: string) {
    await db.workspaceAccess.deleteMany({ where: { principalId, workspaceId: ws } });
  }

  /** Calls the upstream, stores the answer (and its items), records the access. Returns the JSON-normalised data. */
  async function fetchAndStore<T>(
    db: Db,
    o: ReadThroughOptions<T>,
    ws: string,
  ): Promise<{ data: T; rowId: string; fetchedAt: number }> {
    const gen = generation(ws, o.kind);
    const raw = await o.fetch();
    const body = JSON.stringify(raw ?? null);
    const id = rowKey(ws, o.kind, o.key);
    const previous = memory.get(id);
    const data = (previous && previous.body === body ? previous.data : JSON.parse(body)) as T;
    const fetchedAt = new Date();
    const etag = o.etag?.(raw) ?? null;
    await recordAccess(db, o.principalId, ws);
    if (gen !== generation(ws, o.kind)) {
      // A write invalidated this kind while we were fetching: the answer may predate it, so do not store it.
      return { data, rowId: "", fetchedAt: fetchedAt.getTime() };
    }
    const row = await upsertRetry(() =>
      db.cachedAsset.upsert({
        where: { workspaceId_kind_key: { workspaceId: ws, kind: o.kind, key: o.key } },
        create: { workspaceId: ws, kind: o.kind, key: o.key, body, etag, fetchedAt },
        update: { body, etag, fetchedAt },
        select: { id: true },
      }),
    );
    remember(id, { rowId: row.id, fetchedAt: fetchedAt.getTime(), body, data });
    failures.delete(id);
    if (o.items) await storeItems(db, ws, o.itemKind ?? o.kind, o.items(data), fetchedAt);
    return { data, rowId: row.id, fetchedAt: fetchedAt.getTime() };
  }

  async function storeItems(db: Db, ws: string, kind: string, items: CachedItem[], fetchedAt: Date) {
    if (!items.length) return;
    const unique = new Map(items.map((i) => [i.key, i]));
    const keys = [...unique.keys()];
    const ops = [];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      ops.push(db.cachedAsset.deleteMany({ where: { workspaceId: ws, kind, key: { in: chunk } } }));
      ops.push(
        db.cachedAsset.createMany({
          data: chunk.map((key) => {
            const item = unique.get(key)!;
            return {
              workspaceId: ws,
              kind,
              key,
              body: JSON.stringify(item.value ?? null),
              etag: item.etag ?? null,
              fetchedAt,
            };
          }),
        }),
      );
    }
    // A batch (not interactive) transaction: one write lock, no read-then-write upgrade on SQLite.
    await db.$transaction(ops);
    for (const key of keys) memory.delete(rowKey(ws, kind, key));
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
      memory.delete(rowKey(ws, o.kind, o.key));
    }
    throw err;
  }

  /** One upstream fetch+store per key at a time in this process (used for background and timed revalidations). */
  function revalidate<T>(
    db: Db,
    o: ReadThroughOptions<T>,
    ws: string,
  ): Promise<{ data: T; rowId: string; fetchedAt: number }> {
    const id = rowKey(ws, o.kind, o.key);
    const running = inflight.get(id) as Promise<{ data: T; rowId: string; fetchedAt: number }> | undefined;
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

  function withTimeout<R>(p: Promise<R>, ms: number): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UpstreamTimeoutError(ms)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  async function readRow(
    db: Db,
    ws: string,
    kind: string,
    key: string,
  ): Promise<{ rowId: string; fetchedAt: number; data: unknown } | null> {
    const id = rowKey(ws, kind, key);
    const meta = await db.cachedAsset.findUnique({
      where: { workspaceId_kind_key: { workspaceId: ws, kind, key } },
      select: { id: true, fetchedAt: true },
    });
    if (!meta) {
      memory.delete(id);
      return null;
    }
    const fetchedAt = meta.fetchedAt.getTime();
    const mem = memory.get(id);
    if (mem && mem.rowId === meta.id && mem.fetchedAt === fetchedAt) return mem;
    const full = await db.cachedAsset.findUnique({ where: { id: meta.id }, select: { body: true, fetchedAt: true } });
    if (!full) return null;
    const entry = {
      rowId: meta.id,
      fetchedAt: full.fetchedAt.getTime(),
      body: full.body,
      data: mem && mem.body === full.body ? mem.data : JSON.parse(full.body),
    };
    remember(id, entry);
    return entry;
  }

  async function readThrough<T>(o: ReadThroughOptions<T>): Promise<CacheResult<T>> {
    const db = await getDbFn();
    const ws = o.workspaceId.toLowerCase();
    const id = rowKey(ws, o.kind, o.key);
    const freshMs = o.freshMs ?? cfg.freshMs;
    const swrMs = o.staleWhileRevalidateMs ?? cfg.staleWhileRevalidateMs;
    const timeoutMs = o.timeoutMs ?? cfg.timeoutMs;
    const accessTtlMs = o.accessTtlMs ?? cfg.accessTtlMs;

    const [row, access] = await Promise.all([
      readRow(db, ws, o.kind, o.key),
      db.workspaceAccess.findUnique({
        where: { principalId_workspaceId: { principalId: o.principalId, workspaceId: ws } },
        select: { checkedAt: true },
      }),
    ]);

    const upstream = async (): Promise<CacheResult<T>> => {
      try {
        const r = await fetchAndStore(db, o, ws);
        return { data: r.data, cache: { source: "upstream", ageMs: 0 } };
      } catch (err) {
        if (!isTransient(err)) await onDenied(db, err, o as ReadThroughOptions<unknown>, ws, "fetch");
        throw err;
      }
    };
    const stale = (r: NonNullable<typeof row>, err: unknown): CacheResult<T> => ({
      data: r.data as T,
      cache: { source: "stale", ageMs: Math.max(0, Date.now() - r.fetchedAt), upstreamError: messageOf(err) },
    });

    if (!row) return upstream();

    // Access: confirmed recently, or confirm it now as the user.
    const accessAge = access ? Date.now() - access.checkedAt.getTime() : Infinity;
    if (accessAge > accessTtlMs) {
      if (!o.confirmAccess) {
        // The user's own fetch confirms access: never share another request's in-flight fetch here.
        try {
          const r = await withTimeout(fetchAndStore(db, o, ws), timeoutMs);
          return { data: r.data, cache: { source: "upstream", ageMs: 0 } };
        } catch (err) {
          if (!isTransient(err)) await onDenied(db, err, o as ReadThroughOptions<unknown>, ws, "fetch");
          if (access) return stale(row, err);
          throw err;
        }
      }
      try {
        await withTimeout(o.confirmAccess(), timeoutMs);
        await recordAccess(db, o.principalId, ws);
      } catch (err) {
        if (!isTransient(err)) await onDenied(db, err, o as ReadThroughOptions<unknown>, ws, "confirm");
        if (access) return stale(row, err);
        throw err;
      }
    }

    const age = Math.max(0, Date.now() - row.fetchedAt);
    if (age <= freshMs) return { data: row.data as T, cache: { source: "cache", ageMs: age } };

    if (age <= swrMs) {
      const failure = failures.get(id);
      const recentFailure = failure && Date.now() - failure.at < cfg.retryAfterFailureMs;
      if (!recentFailure) revalidate(db, o, ws).catch(() => {}); // background; failures are remembered
      const f = failures.get(id);
      if (f && f.at >= row.fetchedAt) return stale(row, new Error(f.message));
      return { data: row.data as T, cache: { source: "cache", ageMs: age } };
    }

    try {
      const r = await withTimeout(revalidate(db, o, ws), timeoutMs);
      return { data: r.data, cache: { source: "upstream", ageMs: 0 } };
    } catch (err) {
      if (isTransient(err)) return stale(row, err);
      throw err;
    }
  }

  async function invalidate(workspaceId: string, kind: string, key?: string) {
    const db = await getDbFn();
    const ws = workspaceId.toLowerCase();
    const gk = genKey(ws, kind);
    generations.set(gk, (generations.get(gk) ?? 0) + 1);
    const where = key
      ? { workspaceId: ws, kind, OR: [{ key }, { key: { startsWith: "list:" } }] }
      : { workspaceId: ws, kind };
    await db.cachedAsset.deleteMany({ where });
    const prefix = `${ws}\u0000${kind}\u0000`;
    for (const id of [...memory.keys()]) {
      if (!id.startsWith(prefix)) continue;
      const k = id.slice(prefix.length);
      if (!key || k === key || k.startsWith("list:")) memory.delete(id);
    }
    for (const id of [...failures.keys()]) if (id.startsWith(prefix)) failures.delete(id);
  }

  async function forgetAccess(principalId: string, workspaceId: string) {
    await forgetAccessRow(await getDbFn(), principalId, workspaceId.toLowerCase());
  }

  async function settle() {
    while (inflight.size) await Promise.allSettled([...inflight.values()]);
  }

  return { readThrough, invalidate, forgetAccess, settle };
}

/** Unique-constraint races (two requests storing the same new key at once) are retried once. */
async function upsertRetry<R>(op: () => Promise<R>): Promise<R> {
  try {
    return await op();
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return op();
    throw err;
  }
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

export function invalidate(workspaceId: string, kind: string, key?: string): Promise<void> {
  return processCache().invalidate(workspaceId, kind, key);
}

export function forgetAccess(principalId: string, workspaceId: string): Promise<void> {
  return processCache().forgetAccess(principalId, workspaceId);
}

/** The key of a list row: "list:" + the list's query ("" for the plain list). invalidate() drops every "list:" row. */
export function listKey(query = ""): string {
  return `list:${query}`;
}
