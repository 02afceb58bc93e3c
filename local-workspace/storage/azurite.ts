/**
 * Azurite (the Azure Storage blob emulator) as a child process of the local workspace service:
 * started with the service, waited for until it answers, stopped on close, and never left orphaned
 * (killed on the service's exit signals; a preload makes it exit when its stdin pipe from us closes).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** The emulator's well-known development account (public, documented by Microsoft; not a secret). */
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  blobUrl: string;
  /** The process id (tests kill it to see the supervisor bring it back). */
  pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  const killAll = () => {
    for (const c of children) c.kill("SIGTERM");
  };
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      killAll();
      // Keep the default behaviour (exit) when nobody else handles the signal.
      if (process.listenerCount(sig) === 0) process.exit(128);
    });
  }
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

function azuriteMain(): string {
  const root = path.resolve(__dirname, "../..");
  const bin = path.join(root, "node_modules", ".bin", "azurite-blob");
  return fs.realpathSync(bin);
}

export async function startAzurite(opts: {
  port?: number;
  host?: string;
  location: string;
  /** `postgres://…` keeps the blob metadata in PostgreSQL (AZURITE_DB); absent: Azurite's LokiJS file store. */
  metadataUrl?: string;
  timeoutMs?: number;
}): Promise<Azurite> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port && opts.port > 0 ? opts.port : await freePort(host);
  fs.mkdirSync(opts.location, { recursive: true });
  // A previous Azurite on this port may still be on its way out (the service was just killed and started again).
  for (let waited = 0; await answers(host, port); waited += 200) {
    if (waited >= 10_000)
      throw new Error(`Azurite: port ${port} on ${host} is already in use; set AZURITE_BLOB_PORT to a free port.`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const args = [
    "-r",
    path.join(__dirname, "parent-watch.cjs"),
    // On PostgreSQL: listings that seek past folders, and Append Block (see azurite-sql.cjs).
    ...(opts.metadataUrl ? ["-r", path.join(__dirname, "azurite-sql.cjs")] : []),
    azuriteMain(),
    "--blobHost",
    host,
    "--blobPort",
    String(port),
    "--location",
    opts.location,
    "--disableTelemetry",
    "--loose",
    "--skipApiVersionCheck",
    "--silent",
  ];
  const env = { ...process.env };
  delete env.AZURITE_DB; // the store is chosen here, never inherited
  const child = spawn(process.execPath, args, {
    stdio: ["pipe", "ignore", "pipe"],
    env: { ...env, AZURITE_ACCOUNTS: "", ...(opts.metadataUrl ? { AZURITE_DB: opts.metadataUrl } : {}) },
  });
  children.add(child);
  hookExit();
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      children.delete(child);
      resolve();
    }),
  );
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited (${child.exitCode}) before answering: ${stderr.trim()}`);
    if (await answers(host, port)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(
        `Azurite did not answer on ${host}:${port} within ${opts.timeoutMs ?? 20_000} ms: ${stderr.trim()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    port,
    blobUrl: `http://${host}:${port}/${DEV_ACCOUNT}`,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
