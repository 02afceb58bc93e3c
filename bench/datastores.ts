/**
 * Datastore figures, through the studio's routes (in-process) against the local workspace service and Azurite:
 *   - first page of a folder of N small blobs (default 100,000, built by the bulk path), uncached storage listing
 *     every time, and the same page by a direct list call through @azure/storage-blob (the studio's overhead is
 *     the ratio); both again with one core kept busy by a bounded loop;
 *   - scrolling that folder to its end page by page, holding at most MAX_FOLDER_PAGES pages (as the browser does);
 *   - preview of a 100 MB CSV (time to first rows, bytes read);
 *   - preview of a ~10 MB Parquet file (time, bytes read).
 * The world (env, service with storage) must be prepared before this module is imported.
 */
import { NextRequest } from "next/server";
import { Readable } from "node:stream";
import { GET as filesRoute } from "@/app/api/ws/[sub]/[rg]/[ws]/datastores/[name]/files/route";
import { GET as previewRoute } from "@/app/api/ws/[sub]/[rg]/[ws]/datastores/[name]/preview/route";
import { findLocalAccount } from "@/lib/server/auth";
import { createSessionToken, SESSION_COOKIE } from "@/lib/server/auth/session";
import { SMALL_BLOBS_PREFIX, seedSmallBlobs } from "../local-workspace/storage/seed-data";
import { SALES_COLUMNS, salesRows, toCsv } from "../local-workspace/storage/demo-files";
import { smallBlobName } from "../local-workspace/storage/bulk-blobs";
import { writeParquet } from "../local-workspace/storage/parquet-writer";
import { nowMs, sample, sampleAlternating, summarize, type Sampled } from "./lib/stats";
import { busyCore } from "./lib/cpu";
import type { World } from "./lib/env";
import type { Figure } from "./compute-list";

export const TARGET_FIRST_PAGE_MS = 300;
/** The route's first page ÷ the same page listed directly through the storage SDK. */
export const TARGET_ROUTE_OVER_SDK = 1.5;
/** With one core busy, a figure may be at most this much worse than quiet. */
export const TARGET_BUSY_FACTOR = 2;
export const TARGET_CSV_PREVIEW_MS = 1000;
export const TARGET_PARQUET_BYTES = 2 * 1024 * 1024;
const PAGE_SIZE = 200;
const MAX_FOLDER_PAGES = 4; // features/datastores/hooks.ts
const SCROLL_BUDGET_MS = 5_000;

export interface DatastoreReport {
  figures: Figure[];
  blobCount: number;
  /** How the folder was built: "bulk" (PostgreSQL metadata rows) or "uploads" (Loki store). */
  seedPath: "bulk" | "uploads";
  seedSeconds: number;
  scroll: { pages: number; entries: number; maxHeld: number; totalMs: number };
  csv: { size: number; bytesRead: number; rows: number };
  parquet: { size: number; bytesRead: number; rows: number };
}

export async function benchDatastores(
  world: World,
  opts: { blobs: number; samples: number },
): Promise<DatastoreReport> {
  const storage = world.service.storage;
  if (!storage) throw new Error("the bench world has no storage");
  await world.service.seeded;
  const ds = await import("../local-workspace/resources/datastores");
  const wsId = world.service.ctx.store.get(
    `/subscriptions/${world.ref.sub}/resourceGroups/${world.ref.rg}/providers/Microsoft.MachineLearningServices/workspaces/${world.ref.ws}`,
  )!.id;
  const containerName = world.service.ctx.store.get(ds.datastoreIdOf(wsId, "workspaceblobstore"))!.body.properties
    .containerName;
  const container = storage.blobService.getContainerClient(containerName);

  const t0 = nowMs();
  const seedPath = storage.metadata === "postgres" ? "bulk" : "uploads";
  console.error(`[bench] building a folder of ${opts.blobs.toLocaleString()} small blobs (${seedPath}) …`);
  const blobCount = await seedSmallBlobs(storage, container, SMALL_BLOBS_PREFIX, opts.blobs);
  const seedSeconds = (nowMs() - t0) / 1000;

  const cookie = `${SESSION_COOKIE}=${await createSessionToken(findLocalAccount("scientist")!)}`;
  const params = { sub: world.ref.sub, rg: world.ref.rg, ws: world.ref.ws, name: "workspaceblobstore" };
  const call = async (route: typeof filesRoute, sub: string, query: Record<string, string>) => {
    const url = new URL(
      `http://localhost/api/ws/${params.sub}/${params.rg}/${params.ws}/datastores/workspaceblobstore/${sub}`,
    );
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await route(new NextRequest(url, { headers: { cookie } }), { params: Promise.resolve(params) });
    return { status: res.status, body: await res.json() };
  };
  const folder = SMALL_BLOBS_PREFIX.replace(/\/$/, "");
  const figures: Figure[] = [];

  const pageOpts = { warmup: 3, samples: opts.samples, budgetMs: 6_000 };
  // The route's first page and the same page straight through @azure/storage-blob, as the route's storage client
  // asks for it, taken in turn: their ratio is the studio's overhead.
  const firstPages = () =>
    sampleAlternating(
      { ...pageOpts, budgetMs: 2 * pageOpts.budgetMs },
      {
        run: () => call(filesRoute, "files", { path: folder, pageSize: String(PAGE_SIZE) }),
        check: (r) =>
          r.status === 200 && r.body.data.entries.length === PAGE_SIZE && r.body.data.continuationToken
            ? true
            : `HTTP ${r.status}`,
      },
      {
        run: () =>
          container
            .listBlobsByHierarchy("/", { prefix: `${folder}/` })
            .byPage({ maxPageSize: PAGE_SIZE })
            .next(),
        check: (r) =>
          !r.done && r.value.segment.blobItems.length === PAGE_SIZE && r.value.continuationToken ? true : "short page",
      },
    );
  const label = `first page (${PAGE_SIZE}) of ${blobCount.toLocaleString()} blobs`;
  const [routePage, sdkPage] = await firstPages();
  figures.push({ id: "ds.firstPage", label: `${label}, studio route`, result: routePage });
  figures.push({ id: "ds.firstPage.sdk", label: `${label}, SDK direct`, result: sdkPage });
  // A user's laptop is never quiet: the same two with one core spinning (bounded: it stops by itself).
  const busy = busyCore(60_000);
  let busyPages: [Sampled, Sampled];
  try {
    busyPages = await firstPages();
  } finally {
    await busy.stop();
  }
  figures.push({ id: "ds.firstPage.busy", label: `${label}, studio route, 1 core busy`, result: busyPages[0] });
  figures.push({ id: "ds.firstPage.sdk.busy", label: `${label}, SDK direct, 1 core busy`, result: busyPages[1] });

  // The container root, where the big folder is one entry among a few: what opening the datastore shows.
  figures.push({
    id: "ds.rootPage",
    label: `container root (the ${blobCount.toLocaleString()}-blob folder inside), studio route`,
    result: await sample(pageOpts, () => call(filesRoute, "files", { path: "", pageSize: String(PAGE_SIZE) }), {
      check: (r) =>
        r.status === 200 && r.body.data.entries.some((e: { path: string }) => e.path === "scale")
          ? true
          : `HTTP ${r.status}`,
    }),
  });

  // Scroll to the end the way the browser does: next page by continuation token, dropping the oldest beyond MAX_FOLDER_PAGES.
  const held: unknown[][] = [];
  let maxHeld = 0;
  let token: string | undefined;
  let pages = 0;
  let entries = 0;
  const pageTimes: number[] = [];
  // Scrolling all 500 pages takes a minute or more on a busy machine: scroll for SCROLL_BUDGET_MS, then jump to
  // the last pages with a marker (Azurite's continuation token is the last name a page covered) and scroll
  // those to the end, so pages deep in the folder are measured too.
  let jumped = 0;
  const s0 = nowMs();
  do {
    if (!jumped && token && nowMs() - s0 > SCROLL_BUDGET_MS && blobCount > entries + 20 * PAGE_SIZE) {
      const resumeAt = blobCount - 10 * PAGE_SIZE - 1;
      token = smallBlobName(SMALL_BLOBS_PREFIX, resumeAt);
      jumped = resumeAt + 1 - entries;
      entries = resumeAt + 1;
    }
    const p0 = nowMs();
    const r = await call(filesRoute, "files", {
      path: folder,
      pageSize: String(PAGE_SIZE),
      ...(token ? { continuationToken: token } : {}),
    });
    pageTimes.push(nowMs() - p0);
    if (r.status !== 200) throw new Error(`page ${pages}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    held.push(r.body.data.entries);
    if (held.length > MAX_FOLDER_PAGES) held.shift();
    maxHeld = Math.max(
      maxHeld,
      held.reduce((n, p) => n + p.length, 0),
    );
    entries += r.body.data.entries.length;
    token = r.body.data.continuationToken;
    pages++;
  } while (token);
  if (entries !== blobCount) throw new Error(`scrolling ended after ${entries} of ${blobCount} entries`);
  const totalMs = nowMs() - s0;
  figures.push({
    id: "ds.scrollPage",
    label: jumped
      ? `each page while scrolling (${jumped.toLocaleString()} entries jumped over)`
      : "each page while scrolling to the end",
    result: { summary: summarize(pageTimes), truncated: 0, rejected: 0 },
  });

  // 100 MB CSV, streamed up in blocks.
  const oneMonth = Buffer.from(toCsv(salesRows(7, 20_000)));
  const header = oneMonth.subarray(0, oneMonth.indexOf(10) + 1);
  const body = oneMonth.subarray(header.length);
  const target = 100 * 1024 * 1024;
  const parts = Math.ceil((target - header.length) / body.length);
  const csvSize = header.length + parts * body.length;
  await container.getBlockBlobClient("bench/big-100mb.csv").uploadStream(
    Readable.from(
      (function* () {
        yield header;
        for (let i = 0; i < parts; i++) yield body;
      })(),
    ),
    8 * 1024 * 1024,
    4,
  );
  let csvInfo = { bytesRead: 0, rows: 0 };
  const csv = await sample(
    { warmup: 1, samples: Math.min(opts.samples, 20), budgetMs: 6_000 },
    () => call(previewRoute, "preview", { path: "bench/big-100mb.csv" }),
    {
      check: (r) => {
        if (r.status !== 200) return `HTTP ${r.status}`;
        csvInfo = { bytesRead: r.body.data.bytesRead, rows: r.body.data.rows.length };
        return true;
      },
    },
  );
  figures.push({ id: "ds.csvPreview", label: `preview of a ${(csvSize / 1048576).toFixed(0)} MB CSV`, result: csv });

  const rows = Array.from({ length: 10 }, (_, m) => salesRows(m + 1, 20_000)).flat();
  const pq = writeParquet([...SALES_COLUMNS], rows, 20_000);
  await container.getBlockBlobClient("bench/sales-10mb.parquet").uploadData(pq);
  let pqInfo = { bytesRead: 0, rows: 0 };
  const pqRes = await sample(
    { warmup: 1, samples: Math.min(opts.samples, 20), budgetMs: 6_000 },
    () => call(previewRoute, "preview", { path: "bench/sales-10mb.parquet" }),
    {
      check: (r) => {
        if (r.status !== 200) return `HTTP ${r.status}`;
        pqInfo = { bytesRead: r.body.data.bytesRead, rows: r.body.data.rows.length };
        return true;
      },
    },
  );
  figures.push({
    id: "ds.parquetPreview",
    label: `preview of a ${(pq.length / 1048576).toFixed(1)} MB Parquet`,
    result: pqRes,
  });

  return {
    figures,
    blobCount,
    seedPath,
    seedSeconds,
    scroll: { pages, entries, maxHeld, totalMs },
    csv: { size: csvSize, ...csvInfo },
    parquet: { size: pq.length, ...pqInfo },
  };
}
