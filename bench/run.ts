/**
 * `npm run bench`: the ML Studio benchmark suite. Prints a table of figures, ratios and PASS/MISS per target.
 * Exits non-zero only when something crashed, never on a missed target.
 *
 *   npm run bench -- [--samples 200] [--warmup 20] [--computes 1000] [--build] [--no-http] [--keep] [--files] [--blobs 100000] [--models 10000] [--versions 500] [--idle-seconds 60] [--load-seconds 10]
 *
 * See bench/README.md for what each figure means.
 */
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { prepareWorld, type World } from "./lib/env";
import { buildId, runBuild, startNext, ROOT, type NextServer } from "./lib/next-server";
import { fmtMs, nowMs, summarize, type Sampled, type Summary } from "./lib/stats";
import { cpuByProcessName, cpuGrowth } from "./lib/cpu";
import type { Figure } from "./compute-list";
import type { BundleFigure } from "./bundle-size";
import type { DesignerFigures } from "./designer";
import type { VersionsFigure } from "./versions";
import type { LoadReport } from "./load";

const LOAD_CLIENTS = 50;
const LOAD_STREAMS = 200;

const TARGET_HISTORY_RENDER_MS = 300;
const TARGET_COMPARE_MS = 100;
/** "Smooth": the p95 frame interval while scrolling stays within two 60 Hz frames. */
const TARGET_SCROLL_FRAME_MS = 33.4;
/** A cold navigation to a list shows its first rows within this (the issue's; cold-nav.ts's TARGET_FIRST_ROWS_MS). */
const TARGET_LIST_AFTER_WRITE_MS = 500;

const TARGET_CACHED_P95_MS = 10;
const TARGET_SPEEDUP = 5;
/** The datastore folder bench needs more than one page of blobs. */
const PAGE_FLOOR = 1000;

interface Args {
  samples: number;
  warmup: number;
  computes: number;
  build: boolean;
  http: boolean;
  keep: boolean;
  files: boolean;
  blobs: number;
  /** Models in the list benchmark and versions in the history benchmark (bench/versions.ts). */
  models: number;
  versions: number;
  /** Idle window of the first-start figure (seconds; 0 skips the first start). */
  idleSeconds: number;
  /** Seconds of each load figure (50 clients; 0 skips the load figures). */
  loadSeconds: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    samples: 200,
    warmup: 20,
    computes: 1000,
    build: false,
    http: true,
    keep: false,
    files: false,
    blobs: 100_000,
    models: 10_000,
    versions: 500,
    idleSeconds: 60,
    loadSeconds: 10,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${k} needs a number`);
      return Math.floor(v);
    };
    if (k === "--samples") a.samples = Math.max(1, num());
    else if (k === "--warmup") a.warmup = num();
    else if (k === "--computes") a.computes = Math.max(1, num());
    else if (k === "--build") a.build = true;
    else if (k === "--no-http") a.http = false;
    else if (k === "--keep") a.keep = true;
    else if (k === "--files") a.files = true;
    else if (k === "--blobs") a.blobs = Math.max(PAGE_FLOOR, num());
    else if (k === "--models") a.models = Math.max(1, num());
    else if (k === "--versions") a.versions = Math.max(2, num());
    else if (k === "--idle-seconds") a.idleSeconds = num();
    else if (k === "--load-seconds") a.loadSeconds = num();
    else if (k === "--help" || k === "-h") {
      console.log(
        "npm run bench -- [--samples 200] [--warmup 20] [--computes 1000] [--build] [--no-http] [--keep] [--files] [--blobs 100000] [--models 10000] [--versions 500] [--idle-seconds 60] [--load-seconds 10]",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

/**
 * App modules `import "server-only"`, whose default entry throws outside a React server bundle. Under the
 * `react-server` export condition it resolves to its empty module (next/server works either way), so the bench
 * runs itself again under that condition when started without it (`npm run bench` is plain `tsx bench/run.ts`).
 */
function hasReactServerCondition(): boolean {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  return /--conditions?[= ]react-server|-C[= ]?react-server/.test(flags);
}

function reexecUnderReactServer(): void {
  const cli = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(
    process.execPath,
    [cli, "--conditions=react-server", path.join(ROOT, "bench", "run.ts"), ...process.argv.slice(2)],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, ML_STUDIO_BENCH_REEXEC: "1" },
    },
  );
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// ---------------------------------------------------------------- output

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const fmtX = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)}×` : "–");

function printFigures(figures: Figure[]) {
  const w = Math.max(48, ...figures.map((f) => f.label.length + 2));
  console.log(
    pad("figure", w) + ["n", "p50 ms", "p95 ms", "p99 ms", "min ms", "max ms"].map((h) => lpad(h, 9)).join(""),
  );
  console.log("-".repeat(w + 54));
  for (const f of figures) {
    const s = f.result.summary;
    const extra = [
      f.result.truncated ? `${f.result.truncated} not taken (time budget)` : "",
      f.result.rejected ? `${f.result.rejected} rejected` : "",
      f.note ?? "",
    ]
      .filter(Boolean)
      .join("; ");
    console.log(
      pad(f.label, w) +
        [String(s.n), fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.p99), fmtMs(s.min), fmtMs(s.max)]
          .map((c) => lpad(c, 9))
          .join("") +
        (extra ? `  (${extra})` : ""),
    );
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  /** Where the time goes (stderr): the default run must finish within 5 minutes; and the CPU of this process's
   * tree (the main world's service, storage, `next start`, Chromium) since the last mark. */
  let cpuAtMark = cpuByProcessName([process.pid]);
  const mark = (label: string) => {
    const cpu = cpuByProcessName([process.pid]);
    console.error(
      `[bench] ${label} done at ${((Date.now() - t0) / 1000).toFixed(0)} s; CPU: ${cpuGrowth(cpuAtMark, cpu, 5)}`,
    );
    cpuAtMark = cpu;
  };
  const errors: string[] = [];
  const fail = (what: string, err: unknown) => {
    const msg = `${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    errors.push(msg);
    console.error(`\n[bench] ERROR ${msg}\n`);
  };

  if (args.build) {
    console.error("[bench] --build: running next build …");
    await runBuild();
  }

  let world: World | undefined;
  let server: NextServer | undefined;
  // Once only, whoever asks first: the busy pass disposes of the main world when it is done with it (inside the first
  // start's idle window, which counts only that world's processes), and the end of the run makes sure of it.
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      const started = Date.now();
      await server?.stop().catch(() => {});
      const stopped = Date.now();
      await world?.dispose(args.keep).catch(() => {});
      console.error(
        `[bench] cleanup: next stopped in ${((stopped - started) / 1000).toFixed(1)} s, world disposed in ${((Date.now() - stopped) / 1000).toFixed(1)} s`,
      );
    })());
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      void cleanup().finally(() => process.exit(130));
    });
  }

  const figures: Figure[] = [];
  const bundles: BundleFigure[] = [];
  let designer: DesignerFigures | null = null;
  let designerSkipped: string | null = null;
  let versionFigures: VersionsFigure[] = [];
  let load = null as LoadReport | null; // set in the busy pass (a closure)
  let loadSkipped: string | null = args.loadSeconds === 0 ? "--load-seconds 0" : null;
  let versionsSkipped: string | null = null;
  let coldNav: import("./cold-nav").ColdNavFigure[] | null = null;
  let httpSkipped: string | null = null;
  let bundleSkipped: string | null = null;
  let datastores: import("./datastores").DatastoreReport | null = null;
  let lineage: import("./lineage").LineageReport | null = null;
  let jobs: Awaited<ReturnType<typeof import("./jobs").benchJobs>> | null = null;
  let jobsSkipped: string | null = null;
  let firstStart: Awaited<ReturnType<typeof import("./first-start").benchFirstStart>> | null = null;
  let firstStartSkipped: string | null = null;
  // Set inside the first start's idle window (a closure), which control-flow analysis does not follow.
  let busy = null as Awaited<ReturnType<typeof import("./busy").benchBusy>> | null;

  try {
    world = await prepareWorld({ computes: args.computes, storage: { seedBlobCount: 0 } });
    const build = buildId();
    console.log(`ML Studio benchmarks — ${new Date().toISOString()}`);
    console.log(
      `node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "?"}), load avg ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}; ` +
        `workspace ${world.ref.ws} with ${world.computeCount} computes; DATA_DIR ${world.dataDir}; production build: ${build ?? "none"}`,
    );
    console.log(
      `samples ${args.samples} per figure after ${args.warmup} warm-up iterations; cached samples only while the list row is < 2 s old (no background revalidation)\n`,
    );

    // Imported only now: app modules read the environment prepareWorld() just set.
    const cl = await import("./compute-list");
    // Budgets keep the whole run under ~3 minutes on 2 busy cores; figures cut short say so.
    // A global deadline for the timed loops (60 s after start-up) bounds the run even on a loaded machine.
    const opts = {
      samples: args.samples,
      warmup: args.warmup,
      budgetMs: 3_000,
      uncachedBudgetMs: 5_000,
      deadline: nowMs() + 60_000,
    };

    try {
      figures.push(...(await cl.benchServiceDirect(world, opts)));
    } catch (err) {
      fail("service direct", err);
    }
    try {
      figures.push(...(await cl.benchRouteInProcess(world, opts)));
    } catch (err) {
      fail("route in-process", err);
    }
    try {
      const breakdown = await cl.benchCachedBreakdown(world, opts);
      const at = figures.findIndex((f) => f.id === "in-process.cached");
      figures.splice(at < 0 ? figures.length : at + 1, 0, ...breakdown);
    } catch (err) {
      fail("cached breakdown", err);
    }

    mark("compute list");
    try {
      const { benchDatastores } = await import("./datastores");
      datastores = await benchDatastores(world, { blobs: args.blobs, samples: Math.min(args.samples, 100) });
    } catch (err) {
      fail("datastores", err);
    }
    try {
      const { benchLineage } = await import("./lineage");
      lineage = await benchLineage(world, { samples: args.samples, deadline: opts.deadline + 60_000 });
    } catch (err) {
      fail("lineage", err);
    }

    mark("datastores");
    if (!args.http) {
      httpSkipped = bundleSkipped = designerSkipped = jobsSkipped = "--no-http";
    } else if (!build) {
      httpSkipped =
        bundleSkipped =
        designerSkipped =
        jobsSkipped =
          "no production build (.next/BUILD_ID missing); run `npm run build` first or pass --build (~45 s)";
    } else {
      try {
        server = await startNext(world.studioEnv);
      } catch (err) {
        fail("next start", err);
        httpSkipped = bundleSkipped = designerSkipped = jobsSkipped = "next start failed (see error above)";
      }
      if (server) {
        mark("next start");
        try {
          // The headline figure gets its own window: the shared deadline is mostly spent by the time the server
          // is up, which left it five samples.
          figures.push(...(await cl.benchRouteHttp(world, server, { ...opts, deadline: nowMs() + 20_000 })));
        } catch (err) {
          fail("route over HTTP", err);
          httpSkipped = "failed (see error above)";
        }
        mark("compute list over HTTP");
        try {
          const { benchBundleSize, BUNDLE_PAGES } = await import("./bundle-size");
          for (const page of BUNDLE_PAGES) bundles.push(await benchBundleSize(server, world.ref, page));
        } catch (err) {
          fail("bundle size", err);
          bundleSkipped = "failed (see error above)";
        }
        mark("bundle size");
        try {
          const { benchDesigner } = await import("./designer");
          designer = await benchDesigner(server, world.ref);
        } catch (err) {
          fail("designer", err);
          designerSkipped = "failed (see error above)";
        }
        mark("designer");
        try {
          const { benchVersions } = await import("./versions");
          versionFigures = await benchVersions(world, server, {
            samples: Math.min(args.samples, 30),
            models: args.models,
            versions: args.versions,
          });
        } catch (err) {
          fail("version histories", err);
          versionsSkipped = "failed (see error above)";
        }
        mark("versions");
        try {
          coldNav = await (await import("./cold-nav")).benchColdNav(world, server);
        } catch (err) {
          fail("cold navigation", err);
        }
        mark("cold navigation");
        // Jobs (bench/jobs.ts) last in this world: it adds 10,000 jobs and a 1,000-step pipeline to it.
        try {
          jobs = await (await import("./jobs")).benchJobs({ world, server });
          for (const e of jobs.errors) fail("jobs", e);
        } catch (err) {
          fail("jobs", err);
        }
      }
    }
    mark("jobs");

    // First start and idle (bench/first-start.ts): its own world as `npm start` makes it; needs the production
    // build. Its idle window counts only that world's processes, so the busy pass (bench/busy.ts) runs meanwhile
    // against this world: the minute of idle costs the run no extra time.
    // The load (bench/load.ts) follows the busy pass in the same window: its figures are errors and released
    // streams, not speed, and the window's remaining seconds would otherwise be spent waiting.
    let busyPassRan = false;
    const busyPass = async () => {
      if (!server || !world) return;
      busyPassRan = true;
      try {
        busy = await (
          await import("./busy")
        ).benchBusy(world, server, { budgetMs: Math.max(52_000, args.idleSeconds * 1000 - 8_000) });
      } catch (err) {
        fail("busy pass", err);
      }
      if (!loadSkipped) {
        try {
          const { benchLoad } = await import("./load");
          load = await benchLoad(world, server, {
            seconds: args.loadSeconds,
            clients: LOAD_CLIENTS,
            streams: LOAD_STREAMS,
          });
        } catch (err) {
          fail("load", err);
          loadSkipped = "failed (see error above)";
        }
      }
      // Nothing measures the main world after the load: its seconds of teardown go inside the idle window.
      await cleanup();
    };
    if (!args.http) firstStartSkipped = "--no-http";
    else if (!buildId()) firstStartSkipped = "no production build";
    else if (args.idleSeconds === 0) firstStartSkipped = "--idle-seconds 0";
    else {
      try {
        firstStart = await (
          await import("./first-start")
        ).benchFirstStart({
          idleMs: args.idleSeconds * 1000,
          duringIdle: busyPass,
        });
      } catch (err) {
        fail("first start", err);
      }
    }
    if (!busyPassRan && server) await busyPass(); // no first start: the busy pass on its own
  } catch (err) {
    fail("setup", err);
  } finally {
    await cleanup();
  }

  // ---------------------------------------------------------------- report
  mark("first start and busy pass");
  const byId = new Map(figures.map((f) => [f.id, f.result.summary]));
  console.log("\n== Compute list (GET /api/ws/{sub}/{rg}/{ws}/computes), latency per request ==");
  if (figures.length) printFigures(figures);
  if (httpSkipped) console.log(`route over HTTP: skipped — ${httpSkipped}`);

  console.log("\n== Ratios (uncached ÷ cached; higher is better) ==");
  const targets: { name: string; pass: boolean | null; detail: string }[] = [];
  const headline = byId.has("HTTP (next start).cached") ? "HTTP (next start)" : "in-process";
  for (const where of ["HTTP (next start)", "in-process"]) {
    const c = byId.get(`${where}.cached`);
    const u = byId.get(`${where}.uncached`);
    if (!c || !u) continue;
    const r50 = ratio(u.p50, c.p50);
    const r95 = ratio(u.p95, c.p95);
    console.log(`${pad(`route ${where}`, 28)} p50 ${lpad(fmtX(r50), 8)}   p95 ${lpad(fmtX(r95), 8)}`);
    const tag = where === headline ? " [headline]" : "";
    targets.push({
      name: `cached p95 ≤ ${TARGET_CACHED_P95_MS} ms, route ${where}${tag}`,
      pass: c.p95 <= TARGET_CACHED_P95_MS,
      detail: `p95 ${fmtMs(c.p95)} ms`,
    });
    targets.push({
      name: `cached ≥ ${TARGET_SPEEDUP}× faster than uncached, route ${where}${tag}`,
      pass: r50 >= TARGET_SPEEDUP && r95 >= TARGET_SPEEDUP,
      detail: `p50 ${fmtX(r50)}, p95 ${fmtX(r95)}`,
    });
  }
  const sdk = byId.get("service.sdk");
  const unc = byId.get(`${headline}.uncached`);
  if (sdk && unc)
    console.log(
      `${pad(`route ${headline} uncached ÷ SDK direct`, 28)} p50 ${lpad(fmtX(ratio(unc.p50, sdk.p50)), 8)}   p95 ${lpad(fmtX(ratio(unc.p95, sdk.p95)), 8)}   (the route's own overhead on a miss: cache writes, mapping, JSON)`,
    );
  const raw = byId.get("service.rawAll");
  if (sdk && raw)
    console.log(
      `${pad("SDK ÷ raw HTTP, all pages", 28)} p50 ${lpad(fmtX(ratio(sdk.p50, raw.p50)), 8)}   p95 ${lpad(fmtX(ratio(sdk.p95, raw.p95)), 8)}   (the SDK's deserialisation)`,
    );

  console.log("\n== First-load JavaScript (gzip -9 of every <script src> under /_next/static) ==");
  if (bundles.length) {
    const { reportBundles } = await import("./bundle-size");
    targets.push(...reportBundles(bundles, args.files));
  } else console.log(`skipped — ${bundleSkipped ?? "see errors"}`);

  console.log("\n== Jobs (bench/jobs.ts) ==");
  if (jobs?.figures.length) {
    for (const f of jobs.figures) {
      const s = f.summary;
      console.log(
        `${pad(f.label, 48)}${s ? ["n " + s.n, "p50 " + fmtMs(s.p50), "p95 " + fmtMs(s.p95), "max " + fmtMs(s.max)].map((c) => lpad(c, 12)).join("") : "  no samples"} ${f.unit}${f.note ? `  (${f.note})` : ""}`,
      );
    }
  } else console.log(`skipped — ${jobsSkipped ?? "see errors"}`);
  console.log("\n== Datastores (routes in-process, local workspace service + Azurite) ==");
  if (datastores) {
    const d = datastores;
    printFigures(d.figures);
    console.log(
      `${d.blobCount.toLocaleString()} blobs in ${d.seedSeconds.toFixed(1)} s (${d.seedPath === "bulk" ? "bulk path: one upload, metadata rows copied in PostgreSQL" : "uploads"}); scrolled ${d.scroll.pages} pages / ${d.scroll.entries.toLocaleString()} entries in ${(d.scroll.totalMs / 1000).toFixed(1)} s holding at most ${d.scroll.maxHeld} entries`,
    );
    console.log(
      `CSV preview read ${kb(d.csv.bytesRead)} of ${(d.csv.size / 1048576).toFixed(0)} MB for ${d.csv.rows} rows; Parquet preview read ${kb(d.parquet.bytesRead)} of ${(d.parquet.size / 1048576).toFixed(1)} MB for ${d.parquet.rows} rows`,
    );
    const ds = await import("./datastores");
    const f = (id: string) => d.figures.find((x) => x.id === id)?.result.summary;
    const firstPage = f("ds.firstPage");
    const csvP = f("ds.csvPreview");
    const sdkPage = f("ds.firstPage.sdk");
    const busyPage = f("ds.firstPage.busy");
    const busySdk = f("ds.firstPage.sdk.busy");
    if (firstPage)
      targets.push({
        name: `first page of the ${d.blobCount.toLocaleString()}-blob folder ≤ ${ds.TARGET_FIRST_PAGE_MS} ms (p95), studio route`,
        pass: firstPage.p95 <= ds.TARGET_FIRST_PAGE_MS,
        detail: `p95 ${fmtMs(firstPage.p95)} ms`,
      });
    if (firstPage && sdkPage) {
      const r95 = ratio(firstPage.p95, sdkPage.p95);
      console.log(
        `first page, route ÷ SDK direct: p50 ${fmtX(ratio(firstPage.p50, sdkPage.p50))}, p95 ${fmtX(r95)} (the studio's overhead on a storage listing)`,
      );
      targets.push({
        name: `first page, studio route ÷ SDK direct ≤ ${ds.TARGET_ROUTE_OVER_SDK}× (p95)`,
        pass: r95 <= ds.TARGET_ROUTE_OVER_SDK,
        detail: `${fmtX(r95)} (route p95 ${fmtMs(firstPage.p95)} ms, SDK p95 ${fmtMs(sdkPage.p95)} ms)`,
      });
    }
    if (firstPage && busyPage)
      targets.push({
        name: `first page with one core busy ≤ ${ds.TARGET_BUSY_FACTOR}× quiet (p95), studio route`,
        pass: busyPage.p95 <= ds.TARGET_BUSY_FACTOR * firstPage.p95,
        detail: `busy p95 ${fmtMs(busyPage.p95)} ms = ${fmtX(ratio(busyPage.p95, firstPage.p95))} quiet`,
      });
    if (busyPage && busySdk)
      targets.push({
        name: `first page with one core busy, route ÷ SDK direct ≤ ${ds.TARGET_ROUTE_OVER_SDK * ds.TARGET_BUSY_FACTOR}× (p95)`,
        pass: ratio(busyPage.p95, busySdk.p95) <= ds.TARGET_ROUTE_OVER_SDK * ds.TARGET_BUSY_FACTOR,
        detail: `${fmtX(ratio(busyPage.p95, busySdk.p95))}`,
      });
    targets.push({
      name: "scrolling to the end keeps only a few pages in memory",
      pass: d.scroll.maxHeld <= 4 * 200,
      detail: `at most ${d.scroll.maxHeld} entries held of ${d.scroll.entries.toLocaleString()}`,
    });
    if (csvP)
      targets.push({
        name: `100 MB CSV preview ≤ ${ds.TARGET_CSV_PREVIEW_MS} ms without reading the file`,
        pass: csvP.p95 <= ds.TARGET_CSV_PREVIEW_MS && d.csv.bytesRead < d.csv.size,
        detail: `p95 ${fmtMs(csvP.p95)} ms, read ${kb(d.csv.bytesRead)}`,
      });
    targets.push({
      name: "10 MB Parquet preview reads ≤ 2 MB",
      pass: d.parquet.bytesRead <= ds.TARGET_PARQUET_BYTES,
      detail: `read ${kb(d.parquet.bytesRead)}`,
    });
  } else console.log("skipped — see errors");
  console.log(
    "\n== First start and idle (bench/first-start.ts: fresh DATA_DIR, service + next start as npm start runs them) ==",
  );
  if (firstStart) {
    const f = firstStart;
    const fs0 = await import("./first-start");
    console.log(
      `service listening after ${f.serviceListeningS.toFixed(1)} s; studio answering the default datastore after ${f.studioAnsweringS.toFixed(1)} s; seed done after ${f.seededS.toFixed(1)} s${f.demoJobS !== null ? `; demo job done after ${f.demoJobS.toFixed(1)} s` : "; demo job still running after 3 min"}`,
    );
    console.log(
      `seed CPU (service, Azurite, PostgreSQL, job processes): ${f.seedCpuS.toFixed(1)} s; next start meanwhile: ${f.nextCpuS.toFixed(1)} s`,
    );
    console.log(
      `datastore root over HTTP while seeding: n ${f.duringSeed.n}, p50 ${fmtMs(f.duringSeed.p50)} ms, p95 ${fmtMs(f.duringSeed.p95)} ms, max ${fmtMs(f.duringSeed.max)} ms, ${f.duringSeed.failures} failed${f.duringSeed.failed.length ? ` (${f.duringSeed.failed.join("; ")})` : ""}`,
    );
    console.log(
      `idle over ${f.idle.windowS} s, ${f.idle.processes} processes: ${f.idle.percent.toFixed(2)} % of one core (${f.idle.cpuMs} ms CPU; most: ${f.idle.top.map((t) => `${t.name} ${t.cpuMs} ms`).join(", ") || "none"})`,
    );
    console.log(`RSS before idle: ${f.rssBeforeIdleMb.map((r) => `${r.name} ${r.mb.toFixed(0)} MB`).join(", ")}`);
    console.log(`RSS after idle:  ${f.rssMb.map((r) => `${r.name} ${r.mb.toFixed(0)} MB`).join(", ")}`);
    const before = new Map(f.rssBeforeIdleMb.map((r) => [r.name, r.mb]));
    const grown = f.rssMb.filter((r) => {
      const b = before.get(r.name);
      return b !== undefined && r.mb > b + Math.max(b * fs0.RSS_GROWTH_ALLOWANCE.fraction, fs0.RSS_GROWTH_ALLOWANCE.mb);
    });
    targets.push({
      name: `idle: no process's RSS grows over the idle window (≤ +${fs0.RSS_GROWTH_ALLOWANCE.fraction * 100} % or ${fs0.RSS_GROWTH_ALLOWANCE.mb} MB)`,
      pass: grown.length === 0,
      detail: grown.length
        ? grown.map((r) => `${r.name} ${before.get(r.name)!.toFixed(0)} → ${r.mb.toFixed(0)} MB`).join(", ")
        : `${f.rssMb.length} process names over ${f.idle.windowS} s`,
    });
    targets.push({
      name: `first start: seed ≤ ${fs0.TARGET_SEED_CPU_S} s CPU in total`,
      pass: f.seedCpuS <= fs0.TARGET_SEED_CPU_S,
      detail: `${f.seedCpuS.toFixed(1)} s`,
    });
    targets.push({
      name: "first start: the studio answers while the seed runs",
      pass: f.duringSeed.failures === 0,
      detail: f.duringSeed.n
        ? `${f.duringSeed.n} answers, p95 ${fmtMs(f.duringSeed.p95)} ms, ${f.duringSeed.failures} failed`
        : "the seed was done before the studio had started",
    });
    targets.push({
      name: `idle: all studio processes < ${fs0.TARGET_IDLE_PERCENT} % of one core`,
      pass: f.idle.percent < fs0.TARGET_IDLE_PERCENT,
      detail: `${f.idle.percent.toFixed(2)} % over ${f.idle.windowS} s`,
    });
  } else console.log(`skipped — ${firstStartSkipped ?? "see errors"}`);
  console.log(`\n== Lineage (bench/lineage.ts, in-process: a data version read by 1,000 jobs) ==`);
  if (lineage) {
    const l = lineage;
    const row = (label: string, r: Sampled) =>
      console.log(
        `${label.padEnd(66)} p50 ${fmtMs(r.summary.p50)}  p95 ${fmtMs(r.summary.p95)}  p99 ${fmtMs(r.summary.p99)}  max ${fmtMs(r.summary.max)} ms (n=${r.summary.n})`,
      );
    row(`first hop: server function + JSON + layout (${l.nodesInFirstHop} nodes)`, l.firstHop);
    row("  of which: server function (index cached)", l.serverOnly);
    row("  of which: layout of the hop's nodes", l.layoutOnly);
    row("expand one hop from a job (answer + layout of new nodes)", l.expand);
    row(`index build, uncached (${l.jobs} jobs + models + data via the SDK)`, l.indexBuild);
    const { TARGET_FIRST_HOP_MS } = await import("./lineage");
    targets.push({
      name: `lineage: first hop of an asset with ${l.jobs} downstream jobs ≤ ${TARGET_FIRST_HOP_MS} ms after data arrives (p95)`,
      pass: l.firstHop.summary.p95 <= TARGET_FIRST_HOP_MS,
      detail: `p95 ${fmtMs(l.firstHop.summary.p95)} ms for ${l.nodesInFirstHop} nodes`,
    });
    targets.push({
      name: "lineage: expanding a hop never re-lays the graph (nodes already placed that moved)",
      pass: l.expandReLaidNodes === 0,
      detail: `${l.expandReLaidNodes} moved; expand p95 ${fmtMs(l.expand.summary.p95)} ms`,
    });
  } else console.log("skipped — see errors");
  console.log("\n== Pipeline designer in Chromium (generated pipeline, next start) ==");
  if (designer) {
    const d = designer;
    const fr = (f: { n: number; p50: number; p95: number; max: number; fps: number }) =>
      `p50 ${fmtMs(f.p50)} ms, p95 ${fmtMs(f.p95)} ms, max ${fmtMs(f.max)} ms (${f.n} frames, ${f.fps.toFixed(0)} fps)`;
    console.log(`${d.nodes} steps, ${d.edges} edges`);
    console.log(`load of a never-laid-out draft (navigation → laid out, nodes on screen): ${d.loadMs} ms`);
    console.log(
      `  in the page: DOMContentLoaded ${fmtMs(d.phases.domContentLoaded)} ms, draft fetched at ${fmtMs(d.phases.draftFetchEnd)} ms (${fmtMs(d.phases.draftFetchMs)} ms, packed JSON), editor mounted with the laid-out graph at ${fmtMs(d.phases.editorMounted)} ms`,
    );
    console.log(
      `layout button (click → laid out and painted): ${fmtMs(d.layoutMs)} ms measured in the page, ${d.layoutWallMs} ms wall`,
    );
    console.log(`frames while panning at 100 % (${d.renderedNodesAt100} nodes in the DOM): ${fr(d.pan100)}`);
    console.log(
      `frames while panning at ${(d.zoomedOut * 100).toFixed(0)} % (${d.renderedNodesZoomedOut} nodes in the DOM): ${fr(d.panOut)}`,
    );
    console.log(`frames while zooming: ${fr(d.zoom)}`);
    targets.push({
      name: "designer: 1,000 steps load and lay out ≤ 2 s",
      pass: d.loadMs <= 2000,
      detail: `${d.loadMs} ms (layout button alone ${d.layoutWallMs} ms)`,
    });
    targets.push({
      name: "designer: panning at 100 % p95 frame ≤ 33 ms (≥ 30 fps)",
      pass: d.pan100.p95 <= 33.4,
      detail: `p95 ${fmtMs(d.pan100.p95)} ms`,
    });
  } else console.log(`skipped — ${designerSkipped ?? "see errors"}`);
  console.log("\n== Version histories and the models list in Chromium (bench/versions.ts) ==");
  if (versionFigures.length) {
    const w = Math.max(48, ...versionFigures.map((f) => f.label.length + 2));
    console.log(pad("figure", w) + ["n", "p50 ms", "p95 ms", "max ms"].map((h) => lpad(h, 9)).join(""));
    for (const f of versionFigures)
      console.log(
        pad(f.label, w) +
          [String(f.summary.n), fmtMs(f.summary.p50), fmtMs(f.summary.p95), fmtMs(f.summary.max)]
            .map((c) => lpad(c, 9))
            .join("") +
          (f.note ? `  (${f.note})` : ""),
      );
    const v = new Map(versionFigures.map((f) => [f.id, f.summary]));
    const h = v.get("history.render");
    if (h)
      targets.push({
        name: `history of ${args.versions} versions renders within ${TARGET_HISTORY_RENDER_MS} ms (p95)`,
        pass: h.p95 <= TARGET_HISTORY_RENDER_MS,
        detail: `p95 ${fmtMs(h.p95)} ms`,
      });
    const c = v.get("compare.render");
    if (c)
      targets.push({
        name: `comparing two versions within ${TARGET_COMPARE_MS} ms (p95)`,
        pass: c.p95 <= TARGET_COMPARE_MS,
        detail: `p95 ${fmtMs(c.p95)} ms`,
      });
    const aw = v.get("list.afterWrite");
    if (aw)
      targets.push({
        name: `list of ${args.models} models after a write: first rows within ${TARGET_LIST_AFTER_WRITE_MS} ms of navigation (p95)`,
        pass: aw.p95 <= TARGET_LIST_AFTER_WRITE_MS,
        detail: `p95 ${fmtMs(aw.p95)} ms`,
      });
    const sc = v.get("list.scroll");
    if (sc)
      targets.push({
        name: `list of ${args.models} models scrolls smoothly (p95 frame ≤ ${TARGET_SCROLL_FRAME_MS} ms)`,
        pass: sc.p95 <= TARGET_SCROLL_FRAME_MS,
        detail: `p95 frame ${fmtMs(sc.p95)} ms`,
      });
  } else console.log(`skipped — ${versionsSkipped ?? httpSkipped ?? "see errors"}`);

  console.log("\n== Cold navigation in Chromium: a fresh browser per sample (bench/cold-nav.ts) ==");
  if (coldNav) targets.push(...(await import("./cold-nav")).reportColdNav(coldNav));
  else console.log(`skipped — ${httpSkipped ?? "see errors"}`);

  console.log(
    `\n== Load over HTTP (${LOAD_CLIENTS} concurrent clients for ${args.loadSeconds} s with ${LOAD_STREAMS} log streams open; bench/load.ts) ==`,
  );
  if (load) {
    const w = Math.max(44, ...load.figures.map((f) => f.label.length + 2));
    console.log(
      pad("figure", w) + ["requests", "req/s", "p50 ms", "p99 ms", "errors"].map((h) => lpad(h, 10)).join(""),
    );
    for (const f of load.figures) {
      console.log(
        pad(f.label, w) +
          [String(f.requests), f.perSecond.toFixed(0), fmtMs(f.p50), fmtMs(f.p99), String(f.errors)]
            .map((c) => lpad(c, 10))
            .join("") +
          (f.firstError ? `  (first error: ${f.firstError})` : ""),
      );
      targets.push({
        name: `no errors under load: ${f.label}`,
        pass: f.errors === 0,
        detail: `${f.errors} of ${f.requests}`,
      });
    }
    const st = load.streams;
    console.log(
      `studio RSS ${load.rssBeforeMb.toFixed(0)} MB before → ${load.rssAfterMb.toFixed(0)} MB after; ` +
        `${st.opened} of ${st.asked} log streams opened; client connections held by the studio: ${st.connectionsBefore} before, ${st.connectionsOpen} under load, ${st.connectionsAfter} after the clients left` +
        (st.releasedMs === null
          ? " (not released within 15 s)"
          : ` (released in ${(st.releasedMs / 1000).toFixed(1)} s)`),
    );
    targets.push({
      name: `${st.asked} log streams open at once`,
      pass: st.opened === st.asked,
      detail: `${st.opened} opened`,
    });
    targets.push({
      name: "log streams released when their clients disconnect",
      pass: st.releasedMs !== null,
      detail: `connections ${st.connectionsOpen} → ${st.connectionsAfter} (before: ${st.connectionsBefore})`,
    });
  } else console.log(`skipped — ${loadSkipped ?? "see errors"}`);

  console.log("\n== With one core busy (bench/busy.ts; during the first start's idle window) ==");
  if (busy) {
    const { BUSY_FACTOR } = await import("./busy");
    const jobQuiet = (label: string) => jobs?.figures.find((f) => f.label === label)?.summary ?? null;
    const quietOf = (label: string): Summary | null => {
      if (label.startsWith("compute list, route HTTP")) return byId.get("HTTP (next start).cached") ?? null;
      if (label.startsWith("compute list, route in-process")) return byId.get("in-process.cached") ?? null;
      if (label.startsWith("lineage")) return lineage?.firstHop.summary ?? null;
      if (label.startsWith("designer")) return designer ? summarize([designer.loadMs]) : null;
      return jobQuiet(label);
    };
    console.log(`${pad("figure", 52)}${lpad("quiet", 12)}${lpad("busy", 12)}${lpad("busy ÷ quiet", 14)}`);
    for (const b of busy.figures) {
      // A paired step's quiet twin was taken just before its busy run; the others compare with the main run.
      const q = b.quiet !== undefined ? b.quiet : quietOf(b.label);
      const qv = q?.[b.stat];
      const bv = b.busy?.[b.stat];
      console.log(
        `${pad(`${b.label} (${b.stat})`, 52)}${lpad(qv !== undefined ? fmtMs(qv) : "—", 12)}${lpad(bv !== undefined ? fmtMs(bv) : "—", 12)}${lpad(qv && bv !== undefined ? fmtX(ratio(bv, qv)) : "—", 14)}${b.error ? `  (${b.error})` : b.busy ? `  (n ${b.busy.n}${b.quiet ? "; quiet taken just before" : ""}${b.note ? `; ${b.note}` : ""})` : ""}`,
      );
      if (qv !== undefined && bv !== undefined)
        targets.push({
          name: `one core busy ≤ ${BUSY_FACTOR}× quiet (${b.stat}): ${b.label}`,
          pass: bv <= BUSY_FACTOR * qv,
          detail: `${fmtMs(bv)} ms = ${fmtX(ratio(bv, qv))} quiet`,
        });
    }
    console.log(`(the pass took ${busy.seconds.toFixed(0)} s)`);
  } else console.log("skipped — no server (see above)");

  const totalS = (Date.now() - t0) / 1000;
  targets.push({
    name: "the default bench run finishes within 5 minutes",
    pass: totalS <= 300,
    detail: `${totalS.toFixed(0)} s so far (the report takes well under a second)`,
  });

  console.log("\n== Targets ==");
  if (!targets.length) console.log("no route figures: nothing to check");
  for (const t of targets) console.log(`${t.pass ? "PASS" : "MISS"}  ${t.name}: ${t.detail}`);
  for (const f of jobs?.figures ?? [])
    if (f.target && f.summary)
      console.log(
        `${f.target.pass ? "PASS" : "MISS"}  ${f.label}: ${f.target.text} (p95 ${fmtMs(f.summary.p95)}, max ${fmtMs(f.summary.max)} ${f.unit})`,
      );

  console.log(
    `\n(total ${((Date.now() - t0) / 1000).toFixed(1)} s${errors.length ? `; ${errors.length} error(s), see above` : ""})`,
  );
  process.exit(errors.length ? 1 : 0);
}

if (!hasReactServerCondition() && !process.env.ML_STUDIO_BENCH_REEXEC) reexecUnderReactServer();
else
  main().catch((err) => {
    console.error("[bench] crashed:", err);
    process.exit(1);
  });
