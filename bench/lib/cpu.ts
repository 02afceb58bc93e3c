/**
 * CPU time of process trees, read from /proc (Linux): utime + stime of each process and of its descendants,
 * including children that have already exited and been waited for (cutime + cstime).
 * Also a bounded busy loop on one core, for the "laptop is never quiet" runs.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { Session } from "node:inspector/promises";
import os from "node:os";

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Stat {
  pid: number;
  ppid: number;
  /** The command name (comm), e.g. `node`, `postgres`. */
  name: string;
  /** utime + stime + cutime + cstime, in ms */
  cpuMs: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm may hold spaces and parentheses: fields start after the last ')'.
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    let name = text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"));
    try {
      // The command line says more than comm for node processes (which script) and postgres (which process).
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (name === "node" && cmd.length > 1)
        name = `node ${path.basename(cmd.find((a, i) => i > 0 && !a.startsWith("-") && !cmd[i - 1].match(/^-(r|-require|-import)$/)) ?? "")}`;
      else if (name === "postgres" && cmd[0]?.startsWith("postgres:")) name = cmd[0];
    } catch {
      // gone meanwhile
    }
    return { pid, ppid: Number(f[1]), name, cpuMs: ticks * TICK_MS };
  } catch {
    return null;
  }
}

/** Every live process under (and including) the given roots. */
export function processTree(roots: number[]): Stat[] {
  const all: Stat[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) all.push(s);
  }
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(all.map((s) => [s.pid, s]));
  const out: Stat[] = [];
  const seen = new Set<number>();
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    const s = byPid.get(pid);
    if (s) out.push(s);
    for (const c of children.get(pid) ?? []) visit(c.pid);
  };
  for (const r of roots) visit(r);
  return out;
}

/** CPU ms used so far by the trees under `roots` (live processes, plus their reaped children). */
export function treeCpuMs(roots: number[]): number {
  return processTree(roots).reduce((n, s) => n + s.cpuMs, 0);
}

/** CPU ms used so far under `roots`, by process name (PostgreSQL's backends as one `postgres`). */
export function cpuByProcessName(roots: number[]): Map<string, number> {
  const by = new Map<string, number>();
  for (const s of processTree(roots)) {
    const name = s.name.startsWith("postgres") ? "postgres" : s.name;
    by.set(name, (by.get(name) ?? 0) + s.cpuMs);
  }
  return by;
}

/** What `cpuByProcessName` grew by since `before`, largest first: "node run.ts 3.1 s, chromium 1.2 s, …". */
export function cpuGrowth(before: Map<string, number>, after: Map<string, number>, top = 4): string {
  return [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
    .join(", ");
}

/**
 * Measures the CPU the trees under `roots` use over `ms` of wall time, as a percentage of one core.
 * Processes that start or end in the window are counted from when they are first seen to when they are last seen.
 */
export async function cpuPercentOver(
  roots: number[],
  ms: number,
): Promise<{ percent: number; cpuMs: number; top: { name: string; cpuMs: number }[] }> {
  const start = processTree(roots);
  const first = new Map(start.map((s) => [s.pid, s]));
  await new Promise((r) => setTimeout(r, ms));
  const end = processTree(roots);
  // A child that exits in the window moves its whole lifetime's CPU into its parent's cutime when reaped: the
  // total is therefore Σ(end) − Σ(start) over all processes, so its CPU from before the window cancels out.
  const cpuMs = end.reduce((n, s) => n + s.cpuMs, 0) - start.reduce((n, s) => n + s.cpuMs, 0);
  const byName = new Map<string, number>();
  const endPids = new Set(end.map((s) => s.pid));
  for (const s of end) byName.set(s.name, (byName.get(s.name) ?? 0) + s.cpuMs - (first.get(s.pid)?.cpuMs ?? 0));
  // An exited child's earlier CPU is charged back to its parent, where the reaping put it.
  const endByPid = new Map(end.map((s) => [s.pid, s]));
  for (const s of start)
    if (!endPids.has(s.pid)) {
      const parent = endByPid.get(s.ppid)?.name ?? s.name;
      byName.set(parent, (byName.get(parent) ?? 0) - s.cpuMs);
    }
  const top = [...byName]
    .filter(([, v]) => v > 0)
    .map(([name, v]) => ({ name, cpuMs: v }))
    .sort((a, b) => b.cpuMs - a.cpuMs);
  return { percent: (cpuMs / ms) * 100, cpuMs, top };
}

/** A load started for a measurement, stopped after it. */
export type BusyLoad = { stop(): Promise<void> };

/**
 * One core kept busy by a bounded loop in a process of its own, as another program on a laptop would (stops by
 * itself after `maxMs`, whatever happens to the caller). `stop()` ends it earlier. Not a worker thread of the bench:
 * the in-process figures run in the bench's process, whose garbage collector's helper threads a busy thread there
 * competed with, which no other program on a laptop does (the in-process compute list read 1.2–3.3× quiet so).
 */
export function busyCore(maxMs = 120_000) {
  const child = spawn(
    process.execPath,
    [
      "--title=bench-busy-core", // how the per-process CPU lines name it
      "-e",
      // Says "spinning" on stdout once the loop starts (node takes ~50 ms to get there).
      `process.stdout.write("spinning\\n"); const end = Date.now() + ${Math.floor(maxMs)}; let x = 0; while (Date.now() < end) x = (x * 1103515245 + 12345) | 0;`,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  child.unref();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const started = new Promise<void>((r) => child.stdout.once("data", () => r()));
  const handle = {
    /** Resolves with this handle once the loop runs (or the process has ended). */
    async spinning() {
      await Promise.race([started, exited]);
      return handle;
    },
    async stop() {
      child.kill("SIGKILL");
      await exited;
    },
  };
  return handle;
}

/** Starts V8's CPU profiler on this process; `stop()` writes the profile to the temp folder and returns its path. */
export async function startCpuProfile(): Promise<{ stop(): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      const file = path.join(os.tmpdir(), `bench-${Date.now()}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
