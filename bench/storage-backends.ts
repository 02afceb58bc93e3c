/**
 * `npx tsx bench/storage-backends.ts`: the measurement behind the embedded storage's metadata store (see
 * docs/architecture.md, "Storage"). Not part of `npm run bench` (it uploads tens of thousands of blobs per store).
 *
 * For each store, a fresh data directory and Azurite started by the local service's own code (`startLocalStorage`):
 *   - uploads of small blobs through @azure/storage-blob, 32 at a time: uploads/s per window, and the CPU the
 *     emulator (Azurite + PostgreSQL) used per upload;
 *   - at each checkpoint, the first page (100) of the folder listed by hierarchy, as the studio lists it: p50/p95;
 *   - PostgreSQL only: the bulk path (bulk-blobs.ts) from there to `--total`, its wall time and CPU, then the
 *     first page again at the full size.
 *
 *   npx tsx bench/storage-backends.ts [--stores postgres,loki] [--uploads 20000] [--checkpoints 10000,20000] [--total 100000] [--samples 40]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLocalStorage, type LocalStorage, type MetadataStore } from "../local-workspace/storage";
import { bulkCopySmallBlobs, smallBlobName } from "../local-workspace/storage/bulk-blobs";
import { nowMs, summarize } from "./lib/stats";
import { treeCpuMs } from "./lib/cpu";

const PREFIX = "scale/small-blobs/";

function args() {
  const a = {
    stores: ["postgres", "loki"] as MetadataStore[],
    uploads: 20_000,
    checkpoints: [10_000, 20_000],
    total: 100_000,
    samples: 40,
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const v = argv[++i];
    if (argv[i - 1] === "--stores") a.stores = v.split(",") as MetadataStore[];
    else if (argv[i - 1] === "--uploads") a.uploads = Number(v);
    else if (argv[i - 1] === "--checkpoints") a.checkpoints = v.split(",").map(Number);
    else if (argv[i - 1] === "--total") a.total = Number(v);
    else if (argv[i - 1] === "--samples") a.samples = Number(v);
    else throw new Error(`unknown argument ${argv[i - 1]}`);
  }
  return a;
}

function emulatorPids(s: LocalStorage) {
  return [s.supervisor.azuritePid, s.supervisor.postgresPid].filter((p): p is number => p !== null);
}

async function firstPage(s: LocalStorage, container: string, samples: number) {
  const c = s.blobService.getContainerClient(container);
  const once = async () => {
    const page = await c.listBlobsByHierarchy("/", { prefix: PREFIX }).byPage({ maxPageSize: 100 }).next();
    if (page.done || page.value.segment.blobItems.length !== 100) throw new Error("first page is not 100 blobs");
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = nowMs();
    await once();
    times.push(nowMs() - t);
  }
  return summarize(times);
}

async function measure(store: MetadataStore, a: ReturnType<typeof args>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ml-studio-backend-${store}-`));
  const t0 = nowMs();
  const s = await startLocalStorage({ dataDir, metadata: store });
  console.log(`\n== ${store}: started in ${((nowMs() - t0) / 1000).toFixed(1)} s (${dataDir})`);
  const containerName = "bench-backend";
  const c = s.blobService.getContainerClient(containerName);
  await c.createIfNotExists();
  try {
    let next = 0;
    let done = 0;
    for (const checkpoint of [...a.checkpoints.filter((n) => n <= a.uploads)]) {
      const w0 = nowMs();
      const cpu0 = treeCpuMs(emulatorPids(s));
      const from = done;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < checkpoint) {
            const i = next++;
            await c.getBlockBlobClient(smallBlobName(PREFIX, i)).uploadData(Buffer.from(`blob ${i}\n`), {
              blobHTTPHeaders: { blobContentType: "text/plain" },
            });
            done++;
          }
        }),
      );
      const secs = (nowMs() - w0) / 1000;
      const cpuMs = treeCpuMs(emulatorPids(s)) - cpu0;
      const fp = await firstPage(s, containerName, a.samples);
      console.log(
        `${store} uploads ${from.toLocaleString()}→${done.toLocaleString()}: ${((done - from) / secs).toFixed(0)}/s, ` +
          `emulator CPU ${(cpuMs / (done - from)).toFixed(2)} ms/upload; first page at ${done.toLocaleString()}: ` +
          `p50 ${fp.p50.toFixed(1)} ms, p95 ${fp.p95.toFixed(1)} ms`,
      );
    }
    const url = s.supervisor.postgresUrl;
    if (url && a.total > done) {
      // The bulk path copies part-000000's row: it must exist (it does after any upload window).
      const cpu0 = treeCpuMs(emulatorPids(s));
      const b0 = nowMs();
      await bulkCopySmallBlobs(url, c, PREFIX, a.total, { account: "devstoreaccount1" });
      const cpuMs = treeCpuMs(emulatorPids(s)) - cpu0;
      const fp = await firstPage(s, containerName, a.samples);
      console.log(
        `${store} bulk path to ${a.total.toLocaleString()}: ${((nowMs() - b0) / 1000).toFixed(1)} s wall, emulator CPU ${(cpuMs / 1000).toFixed(1)} s; ` +
          `first page at ${a.total.toLocaleString()}: p50 ${fp.p50.toFixed(1)} ms, p95 ${fp.p95.toFixed(1)} ms`,
      );
    }
  } finally {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const a = args();
  console.log(
    `storage back ends — ${new Date().toISOString()}, ${os.cpus().length} CPU(s), load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const store of a.stores) await measure(store, a);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
