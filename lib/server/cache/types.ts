/** The cache's shapes and defaults (see index.ts for what it does). */
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

/**
 * Rows a write changes in a way the writer can apply itself (a list that gains, loses or replaces one item): they
 * are rewritten in place instead of dropped, so the next reader of a 10,000-item list is not sent upstream for
 * 101 pages because one item changed. `apply` gets the row's current data (shared: it must not change it) and
 * answers its new data (JSON-safe).
 */
export interface RowRevision {
  keys: string[];
  apply(key: string, data: unknown): unknown;
}

/**
 * The rows of one item a write drops, with every list of the kind: the row of a key, or every row whose key starts
 * with one of `startsWith` (an asset's container, versions and pages, each keyed after its name).
 */
export type ItemRows = string | { startsWith: string[] };

export interface Cache {
  readThrough<T>(opts: ReadThroughOptions<T>): Promise<CacheResult<T>>;
  /**
   * Drops cached rows after a write: the item's rows and every list ("list:…") of the kind; no item → the whole
   * kind. Rows a `revision` names are rewritten by it instead (their age kept: the rest of them is as old as it was).
   */
  invalidate(workspaceId: string, kind: string, item?: ItemRows, revision?: RowRevision): Promise<void>;
  /** Forget that a principal may read a workspace (e.g. after a 403 elsewhere). */
  forgetAccess(principalId: string, workspaceId: string): Promise<void>;
  /** Waits for background revalidations in flight (tests, shutdown). */
  settle(): Promise<void>;
}
