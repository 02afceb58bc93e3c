/**
 * A production studio (`next start`) on a free loopback port, sharing the bench's DATA_DIR and local workspace
 * service, signed in as a local account.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";

export const ROOT = path.resolve(__dirname, "..", "..");

export function buildId(): string | null {
  try {
    return fs.readFileSync(path.join(ROOT, ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

/**
 * A free port below Linux's ephemeral range (32768+), so it cannot be taken meanwhile by a process that asks the OS
 * for any port (the embedded PostgreSQL and Azurite of the service under test do).
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.once("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port found between 20000 and 32000");
}

export interface NextServer {
  url: string;
  pid: number;
  /** `mls_session=…` for the signed-in account. */
  cookie: string;
  stop(): Promise<void>;
  /** Last lines the server printed (for error messages). */
  log(): string;
}

export async function startNext(
  env: Record<string, string>,
  opts: { account?: string; timeoutMs?: number } = {},
): Promise<NextServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    NODE_ENV: "production",
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete childEnv.NODE_OPTIONS; // the bench's own flags (e.g. --conditions=react-server) are not the studio's
  delete childEnv.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(timer);
  };

  try {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      if (exited) throw new Error(`next start exited early:\n${output}`);
      if (Date.now() > deadline)
        throw new Error(`next start did not answer within ${opts.timeoutMs ?? 60_000} ms:\n${output}`);
      try {
        const r = await fetch(`${url}/api/auth/config`, { signal: AbortSignal.timeout(5000) });
        await r.arrayBuffer();
        if (r.ok) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const res = await fetch(`${url}/api/auth/session`, {
      method: "POST",
      // As the studio's own sign-in page sends it: changes need the studio's Origin (lib/server/request-guard.ts).
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ account: opts.account ?? "scientist" }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sign-in answered ${res.status}: ${text}`);
    const setCookie = res.headers.getSetCookie?.() ?? [res.headers.get("set-cookie") ?? ""];
    const session = setCookie.map((c) => c.split(";")[0]).find((c) => c.startsWith("mls_session="));
    if (!session) throw new Error(`sign-in set no mls_session cookie (set-cookie: ${setCookie.join(" | ")})`);
    return { url, pid: child.pid!, cookie: session, stop, log: () => output };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `next build`, output to stderr (only with --build). */
export function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", process.stderr, process.stderr],
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}
