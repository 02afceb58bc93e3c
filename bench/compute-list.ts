/**
 * Compute list latency for a workspace with N computes:
 *   - the route (GET /api/ws/{sub}/{rg}/{ws}/computes) served from the cache, and when it must call the local service;
 *     in-process (the route module called with a NextRequest) and over HTTP against `next start`;
 *   - the local service called directly: the official SDK listing every page (as the route does), raw HTTP of
 *     the first page, and raw HTTP of every page (following nextLink).
 * The world (env, service, data) must be prepared before this module is imported: it imports app modules.
 */
import { NextRequest } from "next/server";
import { GET as listRoute } from "@/app/api/ws/[sub]/[rg]/[ws]/computes/route";
import { invalidate } from "@/lib/server/cache";
import { cacheMetaFrom } from "@/lib/domain/cache-meta";
import { armClient, collect } from "@/lib/server/upstream";
import { mintLocalWorkspaceToken, findLocalAccount, type Principal } from "@/lib/server/auth";
import { createSessionToken, SESSION_COOKIE } from "@/lib/server/auth/session";
import { workspaceContext } from "@/lib/server/workspace-context";
import { listComputes } from "@/features/compute/server";
import { nowMs, sample, type Sampled } from "./lib/stats";
import type { World } from "./lib/env";

/** The compute list's freshness (features/compute/server/computes.ts COMPUTE_FRESH_MS). Cached samples are taken
 * only while the row is younger than this, so no background revalidation runs during them. */
const COMPUTE_FRESH_MS = 2_000;
/** Re-prime the cached row when it is this old (well inside COMPUTE_FRESH_MS, leaving room for a slow sample). */
const REPRIME_AFTER_MS = 1_200;
/**
 * Calls of the route before its cached figure, in-process and over HTTP, as a studio in use has answered: V8
 * optimizes the request path only after some hundreds of calls. Measured on a fresh `next start`, p50 fell
 * 5.9 → 5.3 → 4.5 → 3.0 ms over four runs of 220 requests, so 20 warm-up calls measured the start-up rather than the
 * route. The busy pass (`cachedOnly`) comes minutes of requests later and keeps its own warm-up.
 */
const ROUTE_WARMUP = 800;

export interface Figure {
  id: string;
  label: string;
  result: Sampled;
  note?: string;
}

export interface ComputeListOptions {
  samples: number;
  warmup: number;
  /** Wall-time budget per figure (timed loop only); uncached figures get `uncachedBudgetMs`. */
  budgetMs: number;
  uncachedBudgetMs: number;
  /** Absolute nowMs() after which figures stop at a handful of samples. */
  deadline?: number;
  /** Only the cached figure of each way of calling (the busy pass). */
  cachedOnly?: boolean;
}

type Fetcher = () => Promise<{ status: number; text: string; headers: Headers }>;

function expect(source: "cache" | "upstream", count: number) {
  let checkedLength = false;
  return (r: { status: number; text: string; headers: Headers }): true | string => {
    if (r.status !== 200) return `HTTP ${r.status}: ${r.text.slice(0, 300)}`;
    const meta = cacheMetaFrom(r.headers);
    if (meta?.source !== source) return `cache.source ${meta?.source ?? "?"} (wanted ${source})`;
    if (source === "cache" && (meta.ageMs ?? 0) > COMPUTE_FRESH_MS)
      return `row ${meta.ageMs} ms old (> ${COMPUTE_FRESH_MS} ms fresh)`;
    if (!checkedLength) {
      const n = (JSON.parse(r.text) as unknown[]).length;
      if (n !== count) return `list has ${n} computes, wanted ${count}`;
      checkedLength = true;
    }
    return true;
  };
}

/** Keeps the compute list row fresh: drops it and calls the route once (untimed) whenever it is getting old. */
function primer(world: World, call: Fetcher, where: string) {
  let primedAt = -Infinity;
  let bodyBytes = 0;
  const prime = async () => {
    await invalidate(world.workspaceId, "compute");
    const r = await call();
    const ok = expect("upstream", world.computeCount)(r);
    if (ok !== true) throw new Error(`${where}: priming the cache failed: ${ok}`);
    bodyBytes = Buffer.byteLength(r.text);
    primedAt = nowMs();
  };
  return {
    bodyBytes: () => bodyBytes,
    ensureFresh: async () => {
      if (nowMs() - primedAt > REPRIME_AFTER_MS) await prime();
    },
  };
}

/** Cached and uncached figures of one way of calling the route. */
async function routeFigures(
  world: World,
  call: Fetcher,
  where: string,
  opts: ComputeListOptions,
  note?: string,
): Promise<Figure[]> {
  const p = primer(world, call, where);
  const warmup = opts.cachedOnly ? opts.warmup : Math.max(opts.warmup, ROUTE_WARMUP);
  const cached = await sample({ ...opts, warmup }, call, {
    before: p.ensureFresh,
    check: expect("cache", world.computeCount),
  });
  const size = `JSON body ${(p.bodyBytes() / 1024).toFixed(0)} KB`;
  if (opts.cachedOnly)
    return [
      {
        id: `${where}.cached`,
        label: `route ${where}, cached`,
        result: cached,
        note: [size, note].filter(Boolean).join(", "),
      },
    ];
  const uncached = await sample({ ...opts, warmup: Math.min(opts.warmup, 5), budgetMs: opts.uncachedBudgetMs }, call, {
    before: () => invalidate(world.workspaceId, "compute"),
    check: expect("upstream", world.computeCount),
  });
  return [
    {
      id: `${where}.cached`,
      label: `route ${where}, cached`,
      result: cached,
      note: [size, note].filter(Boolean).join(", "),
    },
    { id: `${where}.uncached`, label: `route ${where}, uncached (calls the service)`, result: uncached, note },
  ];
}

function scientist(): Principal {
  const account = findLocalAccount("scientist")!;
  return { id: account.id, name: account.name, username: account.username, role: account.role, via: "session" };
}

function inProcessCall(world: World, cookie: string): Fetcher {
  const { sub, rg, ws } = world.ref;
  const url = `http://127.0.0.1/api/ws/${sub}/${rg}/${ws}/computes`;
  return async () => {
    const res = await listRoute(new NextRequest(url, { headers: { cookie } }), {
      params: Promise.resolve({ sub, rg, ws }),
    });
    // The body read as the chunks the route streams (its cached bytes), joined and decoded only when a check reads
    // it (once): a browser copies and decodes it in its own process, where a 476 KB copy or string per sample here
    // is garbage in the bench's own large heap, and collecting it is work for V8's helper threads, which with one
    // core busy take turns with the route on the one core left.
    const chunks: Uint8Array[] = [];
    const reader = res.body?.getReader();
    if (reader) for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    return {
      status: res.status,
      headers: res.headers,
      get text() {
        return Buffer.concat(chunks).toString("utf8");
      },
    };
  };
}

export async function benchRouteInProcess(world: World, opts: ComputeListOptions): Promise<Figure[]> {
  const cookie = `${SESSION_COOKIE}=${await createSessionToken(findLocalAccount("scientist")!)}`;
  return routeFigures(world, inProcessCall(world, cookie), "in-process", opts);
}

/**
 * Where the cached route's time goes, in-process: the handler alone (session-free: workspace context + cache
 * read-through, no Request/Response), and serialising the answer (JSON.stringify of `{ data, cache }`).
 */
export async function benchCachedBreakdown(world: World, opts: ComputeListOptions): Promise<Figure[]> {
  const cookie = `${SESSION_COOKIE}=${await createSessionToken(findLocalAccount("scientist")!)}`;
  const p = primer(world, inProcessCall(world, cookie), "breakdown");
  const principal = scientist();
  const handler = await sample(opts, () => listComputes(workspaceContext(principal, world.ref)), {
    before: p.ensureFresh,
    check: (r) =>
      r.cache.source === "cache" && r.data.length === world.computeCount
        ? true
        : `source ${r.cache.source}, ${r.data.length} computes`,
  });
  await p.ensureFresh();
  const answer = await listComputes(workspaceContext(principal, world.ref));
  const stringify = await sample(opts, async () => JSON.stringify(answer));
  const kb = (v: unknown) => `${(Buffer.byteLength(JSON.stringify(v)) / 1024).toFixed(0)} KB`;
  return [
    { id: "breakdown.handler", label: "  of which: handler + cache read (no HTTP/JSON)", result: handler },
    {
      id: "breakdown.stringify",
      label: "  of which: JSON.stringify of the answer",
      result: stringify,
      note: kb(answer),
    },
  ];
}

export async function benchRouteHttp(
  world: World,
  server: { url: string; cookie: string },
  opts: ComputeListOptions,
): Promise<Figure[]> {
  const { sub, rg, ws } = world.ref;
  const url = `${server.url}/api/ws/${sub}/${rg}/${ws}/computes`;
  // Node's fetch (undici) keeps connections alive by default: one warm connection, like a browser tab.
  const call =
    (encoding: string): Fetcher =>
    async () => {
      const res = await fetch(url, { headers: { cookie: server.cookie, "accept-encoding": encoding } });
      return { status: res.status, text: await res.text(), headers: res.headers };
    };
  // What a browser's fetch does with a `private, no-cache` answer and its ETag: keeps the body, asks again with
  // If-None-Match, and on 304 hands the kept body out with the new answer's headers (cache age, source).
  const browserCall = (): Fetcher => {
    let kept: { etag: string; text: string } | null = null;
    return async () => {
      const headers: Record<string, string> = { cookie: server.cookie, "accept-encoding": "gzip, deflate, br" };
      if (kept) headers["if-none-match"] = kept.etag;
      const res = await fetch(url, { headers });
      const text = await res.text();
      if (res.status === 304 && kept) return { status: 200, text: kept.text, headers: res.headers };
      const etag = res.headers.get("etag");
      if (res.status === 200 && etag) kept = { etag, text };
      return { status: res.status, text, headers: res.headers };
    };
  };
  // As a browser polls it: gzip, and revalidated by ETag (304 while the list is unchanged).
  const figures = await routeFigures(world, browserCall(), "HTTP (next start)", opts, "gzip, If-None-Match");
  if (opts.cachedOnly) return figures;
  const firstFetch = primer(world, call("gzip, deflate, br"), "HTTP gzip");
  const gzip = await sample(opts, call("gzip, deflate, br"), {
    before: firstFetch.ensureFresh,
    check: expect("cache", world.computeCount),
  });
  figures.splice(1, 0, {
    id: "HTTP gzip.cached",
    label: "route HTTP (next start), cached, whole body",
    result: gzip,
    note: "gzip, no If-None-Match: a first load",
  });
  const p = primer(world, call("identity"), "HTTP identity");
  const identity = await sample(opts, call("identity"), {
    before: p.ensureFresh,
    check: expect("cache", world.computeCount),
  });
  figures.splice(2, 0, {
    id: "HTTP identity.cached",
    label: "route HTTP (next start), cached, no compression",
    result: identity,
    note: "accept-encoding: identity",
  });
  return figures;
}

export async function benchServiceDirect(world: World, opts: ComputeListOptions): Promise<Figure[]> {
  const principal = scientist();
  const { sub, rg, ws } = world.ref;
  const client = armClient(principal, sub);
  const count = world.computeCount;

  const sdk = await sample(opts, () => collect(client.computeOperations.list(rg, ws)), {
    check: (items) => (items.length === count ? true : `SDK listed ${items.length}, wanted ${count}`),
  });

  const { token } = await mintLocalWorkspaceToken(principal);
  const headers = { authorization: `Bearer ${token}`, "accept-encoding": "identity" };
  const first = `${world.service.url}/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${ws}/computes?api-version=2022-10-01`;
  const getPage = async (url: string) => {
    const res = await fetch(url, { headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as { value: unknown[]; nextLink?: string };
  };
  const rawFirst = await sample(opts, () => getPage(first), {
    check: (p) => (p.value.length === Math.min(100, count) ? true : `first page has ${p.value.length} items`),
  });
  const rawAll = await sample(
    opts,
    async () => {
      let n = 0;
      let pages = 0;
      for (let next: string | undefined = first; next; pages++) {
        const p = await getPage(next);
        n += p.value.length;
        next = p.nextLink;
      }
      return { n, pages };
    },
    { check: (r) => (r.n === count ? true : `raw pages listed ${r.n}, wanted ${count}`) },
  );

  const pages = Math.ceil(count / 100);
  return [
    { id: "service.sdk", label: `service direct: SDK list, all ${pages} pages`, result: sdk },
    { id: "service.raw1", label: "service direct: raw HTTP, first page (100)", result: rawFirst },
    { id: "service.rawAll", label: `service direct: raw HTTP, all ${pages} pages`, result: rawAll },
  ];
}
