/**
 * A first start as `npm start` does it, in its own world: a fresh DATA_DIR, the local workspace service as its own
 * process (`local-workspace/main.ts`: embedded PostgreSQL, Azurite, the whole seed with the 100,000-blob folder
 * and the demo pipeline job) and `next start` beside it. Measured:
 *   - when the service listens, when its seed is done, and the CPU its process tree (service, Azurite,
 *     PostgreSQL, job processes) spent until then: the first start's cost;
 *   - the studio while the seed runs: the default datastore's root listed over HTTP every second (must answer);
 *   - idle: once the seed and the demo job are done, the CPU of every studio process together (service tree and
 *     Next.js tree) over `idleMs`, as a percentage of one core.
 * Needs the production build (`next start`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { SignJWT } from "jose";
import { freePort, startNext, ROOT, type NextServer } from "./lib/next-server";
import { cpuByProcessName, cpuGrowth, cpuPercentOver, processTree, treeCpuMs } from "./lib/cpu";
import { nowMs, summarize, type Summary } from "./lib/stats";
import { SEED_RESOURCE_GROUP as RG, SEED_SUBSCRIPTION as SUB, SEED_WORKSPACE as WS } from "../local-workspace/seed";
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from "../local-workspace/server";

/** The first start's seed may cost at most this much CPU in all (issue: ≤ 2 minutes). */
export const TARGET_SEED_CPU_S = 120;
/** Idle: every studio process together, as a percentage of one core. */
export const TARGET_IDLE_PERCENT = 2;

const ACTIVE = new Set(["NotStarted", "Queued", "Preparing", "Provisioning", "Starting", "Running", "Finalizing"]);

export interface FirstStartReport {
  serviceListeningS: number;
  studioAnsweringS: number;
  seededS: number;
  /** CPU of the service's process tree from spawn until the seed was done (includes the demo job so far). */
  seedCpuS: number;
  /** CPU of `next start` over the same time (its own start-up, and answering the listings below). */
  nextCpuS: number;
  /** The default datastore's root over HTTP, once a second while the seed ran. */
  duringSeed: Summary & { failures: number; failed: string[] };
  demoJobS: number | null;
  idle: { windowS: number; percent: number; cpuMs: number; processes: number; top: { name: string; cpuMs: number }[] };
  /** RSS (MB) of every process after the idle window, by command name. */
  rssMb: { name: string; mb: number }[];
  /** The same just before the idle window opened. */
  rssBeforeIdleMb: { name: string; mb: number }[];
}

/** Idle must not grow memory: each process's RSS after the window may exceed its RSS before by at most this. */
export const RSS_GROWTH_ALLOWANCE = { fraction: 0.05, mb: 8 };

function rss(pids: number[]) {
  const out: { name: string; mb: number }[] = [];
  for (const p of processTree(pids)) {
    try {
      const status = fs.readFileSync(`/proc/${p.pid}/status`, "utf8");
      const name = /^Name:\s*(.+)$/m.exec(status)?.[1] ?? "?";
      const kb = Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0);
      if (kb) out.push({ name, mb: kb / 1024 });
    } catch {
      // gone meanwhile
    }
  }
  const byName = new Map<string, number>();
  for (const r of out) byName.set(r.name, (byName.get(r.name) ?? 0) + r.mb);
  return [...byName].map(([name, mb]) => ({ name, mb })).sort((a, b) => b.mb - a.mb);
}

/**
 * `duringIdle` runs while the idle window is open (the bench's busy pass, against its other world), from the 5 s
 * before it in which this world settles: the window counts only this world's processes, which nothing touches.
 */
export async function benchFirstStart(opts: {
  idleMs: number;
  duringIdle?: () => Promise<void>;
}): Promise<FirstStartReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ml-studio-first-start-"));
  const tokenSecret = randomBytes(32).toString("hex");
  const servicePort = await freePort();
  const blobPort = await freePort();
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  let service: ChildProcess | null = null;
  let next: NextServer | null = null;
  let out = "";
  const t0 = nowMs();
  try {
    service = spawn(process.execPath, ["--import", "tsx", "local-workspace/main.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_OPTIONS: "",
        DATA_DIR: dataDir,
        LOCAL_WORKSPACE_PORT: String(servicePort),
        AZURITE_BLOB_PORT: String(blobPort),
        LOCAL_WORKSPACE_TOKEN_SECRET: tokenSecret,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    const svcPid = service.pid!;
    const keep = (d: Buffer) => (out = (out + String(d)).slice(-8000));
    service.stdout!.on("data", keep);
    service.stderr!.on("data", keep);
    let listeningAt = 0;
    let seededAt = 0;
    let seedCpuMs = 0;
    service.stdout!.on("data", () => {
      if (!listeningAt && out.includes("listening on")) listeningAt = nowMs();
      if (!seededAt && out.includes("storage seeded")) {
        seededAt = nowMs();
        seedCpuMs = treeCpuMs([svcPid]);
      }
    });
    // npm start starts both at once; the studio reaches the service by its fixed port.
    next = await startNext(
      {
        DATA_DIR: dataDir,
        UPSTREAM: "local",
        LOCAL_WORKSPACE_URL: serviceUrl,
        LOCAL_WORKSPACE_TOKEN_SECRET: tokenSecret,
        SESSION_SECRET: randomBytes(32).toString("hex"),
      },
      { timeoutMs: 180_000 },
    );
    const nextPid = next.pid;
    const nextCpu0 = treeCpuMs([nextPid]);
    const root = `${next.url}/api/ws/${SUB}/${RG}/${WS}/datastores/workspaceblobstore/files?path=&pageSize=200`;
    const times: number[] = [];
    let failures = 0;
    const failed: string[] = [];
    let studioAnsweringAt = 0;
    const deadline = nowMs() + 240_000;
    while (!seededAt) {
      if (service.exitCode !== null) throw new Error(`the service exited during its first start:\n${out}`);
      if (nowMs() > deadline) throw new Error(`the first start's seed did not finish in 4 minutes:\n${out}`);
      const s = nowMs();
      if (!listeningAt) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      try {
        const r = await fetch(root, { headers: { cookie: next.cookie }, signal: AbortSignal.timeout(10_000) });
        await r.arrayBuffer();
        if (r.ok) {
          times.push(nowMs() - s);
          studioAnsweringAt ||= nowMs();
        } else {
          failures++;
          failed.push(`${r.status} after ${((s - t0) / 1000).toFixed(1)} s`);
        }
      } catch (e) {
        failures++;
        failed.push(`${(e as Error).message} after ${((s - t0) / 1000).toFixed(1)} s`);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (nowMs() - s))));
    }
    const nextCpuMs = treeCpuMs([nextPid]) - nextCpu0;

    // Idle means no job either: wait for the demo pipeline to end.
    const token = await new SignJWT({ roles: ["Reader"], preferred_username: "bench" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(tokenSecret));
    const jobsUrl = `${serviceUrl}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}/jobs?api-version=2022-10-01`;
    let demoJobS: number | null = null;
    const jobDeadline = nowMs() + 180_000;
    for (;;) {
      const r = await fetch(jobsUrl, { headers: { authorization: `Bearer ${token}` } });
      const body = (await r.json()) as { value?: { properties?: { status?: string } }[] };
      const active = (body.value ?? []).filter((j) => ACTIVE.has(j.properties?.status ?? ""));
      if (!active.length) {
        demoJobS = (nowMs() - t0) / 1000;
        break;
      }
      if (nowMs() > jobDeadline) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    // The other world's work (the busy pass) starts now: the 5 s this world's last writes take to settle
    // (checkpoints, caches) before the window opens need no quiet machine, and the run is 5 s shorter.
    const during = opts.duringIdle?.();
    await new Promise((r) => setTimeout(r, 5000));
    const roots = [svcPid, nextPid];
    const rssBeforeIdleMb = rss(roots);
    // Where the idle window's CPU went, in 10 s slices (stderr): a slice that stands out names its process.
    let slicing = true;
    const slices = (async () => {
      let before = cpuByProcessName(roots);
      for (let at = 10; slicing && at <= opts.idleMs / 1000; at += 10) {
        await new Promise((r) => setTimeout(r, 10_000));
        const now = cpuByProcessName(roots);
        console.error(`[bench] idle ${at - 10}–${at} s: ${cpuGrowth(before, now, 4) || "nothing"}`);
        before = now;
      }
    })();
    const [idle] = await Promise.all([cpuPercentOver(roots, opts.idleMs), during]);
    slicing = false;
    await slices;
    return {
      serviceListeningS: (listeningAt - t0) / 1000,
      studioAnsweringS: studioAnsweringAt ? (studioAnsweringAt - t0) / 1000 : NaN,
      seededS: (seededAt - t0) / 1000,
      seedCpuS: seedCpuMs / 1000,
      nextCpuS: nextCpuMs / 1000,
      duringSeed: { ...summarize(times), failures, failed: failed.slice(0, 5) },
      demoJobS,
      idle: {
        windowS: opts.idleMs / 1000,
        percent: idle.percent,
        cpuMs: idle.cpuMs,
        processes: processTree(roots).length,
        top: idle.top.slice(0, 6),
      },
      rssMb: rss(roots),
      rssBeforeIdleMb,
    };
  } finally {
    await next?.stop().catch(() => {});
    if (service && service.exitCode === null) {
      const gone = new Promise<void>((r) => service!.once("exit", () => r()));
      service.kill("SIGTERM");
      const timer = setTimeout(() => service?.kill("SIGKILL"), 15_000);
      await gone;
      clearTimeout(timer);
    }
    // Removed off the event loop: this process hosts the main world's local service, whose busy-pass figures (the
    // log shipper's appends) run meanwhile; a synchronous removal of this tree held them for seconds.
    await fs.promises.rm(dataDir, { recursive: true, force: true });
  }
}
