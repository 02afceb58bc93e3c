/**
 * A real `next start` of the production build, for tests of what only the built server does (binding, headers,
 * proxy.ts). The build is made once if missing or older than the sources.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startLocalWorkspace, type LocalWorkspace } from "../../local-workspace/server";
import { SECRET } from "../local-workspace/helpers";

export const ROOT = path.resolve(__dirname, "../..");

/** Builds the studio unless .next is newer than every source file (a build takes minutes: call it in beforeAll). */
export async function ensureBuild(): Promise<void> {
  const built = path.join(ROOT, ".next/BUILD_ID");
  const stale = spawnSync(
    "bash",
    [
      "-c",
      "find app components features lib instrumentation.ts proxy.ts next.config.js -newer .next/BUILD_ID -type f -print -quit",
    ],
    { cwd: ROOT, encoding: "utf8" },
  ).stdout.trim();
  if (fs.existsSync(built) && !stale) return;
  // Asynchronously: a blocked worker loses its connection to vitest.
  const child = spawn("nice", ["-n", "10", process.execPath, "node_modules/next/dist/bin/next", "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  if (code !== 0) throw new Error(`next build failed (${code}):\n${log}`);
}

/**
 * What a test of the built studio starts from: the production build, a temporary folder (named `prefix…`), and a
 * seeded local workspace service keeping its state in it, with time 20× faster.
 */
export async function studioWorld(prefix: string): Promise<{ dataDir: string; svc: LocalWorkspace }> {
  await ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const svc = await startLocalWorkspace({
    port: 0,
    dataDir: path.join(dataDir, "lws"),
    tokenSecret: SECRET,
    seed: true,
    timeScale: 0.05,
  });
  return { dataDir, svc };
}

export type StartedStudio = { child: ChildProcess; output: () => string };

/** Starts the studio (detached, its own process group) and waits until it answers on loopback. */
export async function startNextStudio(
  how: "script" | "next-direct",
  port: number,
  env: Record<string, string>,
): Promise<StartedStudio> {
  const args =
    how === "script"
      ? ["scripts/start-studio.sh"]
      : [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "0.0.0.0", "-p", String(port)];
  const child = spawn(how === "script" ? "bash" : process.execPath, args, {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), UPSTREAM: "local", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the studio exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/config`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the studio did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output };
}

/** SIGTERM to the process group, SIGKILL after 10 s. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "0.0.0.0", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
