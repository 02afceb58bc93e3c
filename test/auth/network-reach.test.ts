/**
 * The studio is not reachable from another machine by default. A network namespace stands in for that machine:
 * a veth pair with 10.213.0.1/24 on this side and 10.213.0.2/24 inside (only addresses this test creates).
 * The studio starts through its real start path (scripts/start-studio.sh → `next start -H $HOST`) on a production
 * build (built once if missing or older than the sources).
 *   default HOST           → a connection from the namespace to 10.213.0.1 is refused
 *   HOST=0.0.0.0           → it connects, and the sign-in page and API demand the sign-in token
 *   `next start -H 0.0.0.0` without HOST (someone bypassing the script) → a request addressed to the network
 *                            address is refused (421); with that address in STUDIO_ORIGIN, the peer-address check
 *                            still demands the token from the namespace (a spoofed X-Forwarded-For does not help),
 *                            and not from loopback
 * Skips, saying why, only when network namespaces are not permitted here.
 */
import { execFileSync, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, freePort, startNextStudio, stopProcessGroup } from "../support/next-server";

/** NETNS_TEST_PORT, else a port that is free now (set in beforeAll). */
let PORT = Number(process.env.NETNS_TEST_PORT ?? 0);
const HOST_ADDR = "10.213.0.1";
const NS_ADDR = "10.213.0.2";
const tag = crypto.randomBytes(3).toString("hex");
const NS = `mls-reach-${tag}`;
const VETH_HOST = `mlsh${tag}`;
const VETH_NS = `mlsn${tag}`;

let skipReason: string | null = null;
let dataDir = "";
const running: ChildProcess[] = [];

function ip(...args: string[]) {
  execFileSync("ip", args, { stdio: "pipe" });
}

/** Runs a small Node script inside the namespace and returns what it prints (JSON). */
function inNamespace(script: string): unknown {
  const r = spawnSync("ip", ["netns", "exec", NS, process.execPath, "-e", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`script in ${NS} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** From the namespace: a TCP connection to host:port → "connected" or the error code. */
function connectFromNamespace(host: string, port: number): string {
  return inNamespace(`
    const s = require("node:net").connect(${port}, ${JSON.stringify(host)});
    s.setTimeout(5000, () => { console.log(JSON.stringify("timeout")); process.exit(0); });
    s.on("connect", () => { console.log(JSON.stringify("connected")); s.destroy(); });
    s.on("error", (e) => console.log(JSON.stringify(e.code)));
  `) as string;
}

type HttpAnswer = { status: number; body: string; headers: Record<string, string> };

/** From the namespace: an HTTP request to the studio on the host side of the veth pair. */
function fetchFromNamespace(
  pathname: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return inNamespace(`
    (async () => {
      const res = await fetch(${JSON.stringify(`http://${HOST_ADDR}:${PORT}${pathname}`)}, {
        method: ${JSON.stringify(init.method ?? "GET")},
        headers: ${JSON.stringify({ ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...(init.method && init.method !== "GET" ? { origin: `http://${HOST_ADDR}:${PORT}` } : {}), ...(init.headers ?? {}) })},
        body: ${init.body === undefined ? "undefined" : JSON.stringify(JSON.stringify(init.body))},
        redirect: "manual",
        signal: AbortSignal.timeout(20000),
      });
      console.log(JSON.stringify({ status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) }));
    })().catch((e) => { console.error(e); process.exit(1); });
  `) as HttpAnswer;
}

async function fetchLocal(pathname: string, init: { method?: string; body?: unknown } = {}): Promise<HttpAnswer> {
  const res = await fetch(`http://127.0.0.1:${PORT}${pathname}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      // As the studio's own pages send it (request-guard.ts).
      ...(init.method && init.method !== "GET" ? { origin: `http://127.0.0.1:${PORT}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
}

function startStudio(how: "script" | "next-direct", env: Record<string, string>) {
  return startNextStudio(how, PORT, { DATA_DIR: dataDir, ...env }).then((studio) => {
    running.push(studio.child);
    return studio;
  });
}

function cleanupNetwork() {
  spawnSync("ip", ["link", "del", VETH_HOST], { stdio: "ignore" });
  spawnSync("ip", ["netns", "del", NS], { stdio: "ignore" });
}

/** A run that was killed leaves its pair and namespace behind, holding HOST_ADDR; the addresses are this test's own. */
function removeStaleRuns() {
  const stale = spawnSync("ip", ["-o", "addr", "show", "to", `${HOST_ADDR}/32`], { encoding: "utf8" }).stdout ?? "";
  for (const line of stale.split("\n").filter(Boolean)) {
    const dev = line.split(/\s+/)[1]?.split("@")[0];
    if (dev?.startsWith("mlsh")) spawnSync("ip", ["link", "del", dev], { stdio: "ignore" });
  }
  const namespaces = spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout ?? "";
  for (const name of namespaces.match(/^mls-reach-[0-9a-f]+/gm) ?? [])
    spawnSync("ip", ["netns", "del", name], { stdio: "ignore" });
}

beforeAll(async () => {
  removeStaleRuns();
  try {
    ip("netns", "add", NS);
  } catch (err) {
    skipReason = `network namespaces are not permitted here (ip netns add: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()})`;
    console.warn(`[network-reach] SKIPPED: ${skipReason}`);
    return;
  }
  try {
    ip("link", "add", VETH_HOST, "type", "veth", "peer", "name", VETH_NS);
    ip("link", "set", VETH_NS, "netns", NS);
    ip("addr", "add", `${HOST_ADDR}/24`, "dev", VETH_HOST);
    ip("link", "set", VETH_HOST, "up");
    ip("netns", "exec", NS, "ip", "addr", "add", `${NS_ADDR}/24`, "dev", VETH_NS);
    ip("netns", "exec", NS, "ip", "link", "set", VETH_NS, "up");
    ip("netns", "exec", NS, "ip", "link", "set", "lo", "up");
  } catch (err) {
    cleanupNetwork();
    throw err;
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-reach-"));
  if (!PORT) PORT = await freePort();
  // The build once, before any server starts (start-studio.sh would build too, but inside the 60 s start wait).
  await ensureBuild();
}, 900_000);

afterAll(async () => {
  for (const c of running) await stopProcessGroup(c);
  if (!skipReason) cleanupNetwork();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("reachability from another machine (network namespace)", () => {
  it("by default (start-studio.sh, no HOST) the studio refuses connections from the namespace", async (ctx) => {
    if (skipReason) return ctx.skip();
    const studio = await startStudio("script", {});
    try {
      expect(studio.output()).toContain(`http://127.0.0.1:${PORT}/sign-in?token=`);
      // The namespace reaches this side of the pair (the address answers), but nothing listens there for it.
      expect(connectFromNamespace(HOST_ADDR, PORT)).toBe("ECONNREFUSED");
      // And the studio itself is up, on loopback.
      expect((await fetchLocal("/api/auth/config")).status).toBe(200);
      const ss = spawnSync("ss", ["-Hltn", `sport = :${PORT}`], { encoding: "utf8" }).stdout;
      if (ss) expect(ss).toMatch(/127\.0\.0\.1:/);
    } finally {
      await stopProcessGroup(studio.child);
    }
  }, 120_000);

  it("with HOST=0.0.0.0 the namespace connects, and sign-in demands the token", async (ctx) => {
    if (skipReason) return ctx.skip();
    const studio = await startStudio("script", { HOST: "0.0.0.0" });
    try {
      const token = fs.readFileSync(path.join(dataDir, "secrets", "sign-in.token"), "utf8");
      expect(studio.output()).toContain(`/sign-in?token=${token}`);
      expect(connectFromNamespace(HOST_ADDR, PORT)).toBe("connected");

      const config = fetchFromNamespace("/api/auth/config");
      expect(JSON.parse(config.body).localSignIn).toMatchObject({ tokenRequired: true });
      const page = fetchFromNamespace("/sign-in");
      expect(page.status).toBe(200);
      expect(page.body).toContain("Sign-in token");

      const missing = fetchFromNamespace("/api/auth/session", { method: "POST", body: { account: "admin" } });
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.body).error.message).toMatch(
        /sign-in token is required because the studio listens on 0\.0\.0\.0/,
      );
      const wrong = fetchFromNamespace("/api/auth/session", {
        method: "POST",
        body: { account: "admin", token: "f".repeat(64) },
      });
      expect(wrong.status).toBe(401);
      const right = fetchFromNamespace("/api/auth/session", { method: "POST", body: { account: "admin", token } });
      expect(right.status, right.body).toBe(200);
      expect(right.headers["set-cookie"]).toMatch(/^mls_session=/);
      // On loopback too: HOST is open, so every sign-in needs a secret.
      expect((await fetchLocal("/api/auth/session", { method: "POST", body: { account: "admin" } })).status).toBe(401);
    } finally {
      await stopProcessGroup(studio.child);
    }
  }, 120_000);

  it("bound to all interfaces without HOST, a request addressed to the network address is refused (421)", async (ctx) => {
    if (skipReason) return ctx.skip();
    const studio = await startStudio("next-direct", {});
    try {
      // The studio believes it is loopback-only, so a Host that is not loopback is a rebinding or a bypass.
      const refused = fetchFromNamespace("/api/auth/config");
      expect(refused.status).toBe(421);
      expect(refused.body).toMatch(/answers only requests addressed to localhost/);
      expect((await fetchLocal("/api/auth/config")).status).toBe(200);
    } finally {
      await stopProcessGroup(studio.child);
    }
  }, 120_000);

  it("bound to all interfaces without HOST but served at its network address, the real peer address decides: token from the namespace, not from loopback", async (ctx) => {
    if (skipReason) return ctx.skip();
    // STUDIO_ORIGIN passes the Host check, so the sign-in rule itself is what refuses the namespace.
    const studio = await startStudio("next-direct", {
      STUDIO_ORIGIN: `http://${HOST_ADDR}:${PORT},http://127.0.0.1:${PORT}`,
    });
    try {
      const spoofed = fetchFromNamespace("/api/auth/session", {
        method: "POST",
        body: { account: "reader" },
        headers: { "x-forwarded-for": "127.0.0.1", "x-mls-peer-address": "127.0.0.1" },
      });
      expect(spoofed.status).toBe(401);
      expect(JSON.parse(spoofed.body).error.message).toMatch(
        new RegExp(`request comes from ${NS_ADDR.replace(/\./g, "\\.")}`),
      );
      const local = await fetchLocal("/api/auth/session", { method: "POST", body: { account: "reader" } });
      expect(local.status, local.body).toBe(200);
    } finally {
      await stopProcessGroup(studio.child);
    }
  }, 120_000);
});
