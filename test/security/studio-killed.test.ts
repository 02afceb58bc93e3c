/**
 * The studio (production build, `next start`, SQLite in DATA_DIR) is killed with SIGKILL in the middle of writes:
 * - during a quota update, after the upstream got the request but before the studio heard back (the recording
 *   proxy holds the write; the studio dies; the write then reaches the service): after a restart the audit log
 *   shows the change, and matches the quota the service reports;
 * - the same, but the held write never reaches the service: after a restart there is no audit row for it and the
 *   quota is unchanged;
 * - during a burst of draft saves: after a restart the database passes `PRAGMA integrity_check`, and the draft
 *   reads back whole (its graph parses, its version is one of the saves).
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalWorkspace } from "../../local-workspace/server";
import { SECRET } from "../local-workspace/helpers";
import { RG, SUB, WS, startProxy, signInCookie, type Proxy } from "../support/studio";
import { freePort, startNextStudio, stopProcessGroup, studioWorld, type StartedStudio } from "../support/next-server";

const api = `/api/ws/${SUB}/${RG}/${WS}`;
const FAMILY = "standardDSv2Family";
let svc: LocalWorkspace;
let proxy: Proxy;
let studio: StartedStudio | null = null;
let port = 0;
let dataDir = "";
let cookie = "";

const env = () => ({
  DATA_DIR: path.join(dataDir, "studio"),
  LOCAL_WORKSPACE_URL: proxy.url,
  LOCAL_WORKSPACE_TOKEN_SECRET: SECRET,
  SESSION_SECRET: "killed-test-session-secret-0123456789abcdef",
  AZURE_SUBSCRIPTION_IDS: SUB,
  UPSTREAM_WRITE_TIMEOUT_MS: "60000",
});

async function call(method: string, p: string, body?: unknown) {
  const origin = `http://127.0.0.1:${port}`;
  const res = await fetch(`${origin}${p}`, {
    method,
    headers: { origin, cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null, headers: res.headers };
}

async function start() {
  studio = await startNextStudio("script", port, env());
}

async function kill() {
  process.kill(-studio!.child.pid!, "SIGKILL");
  await new Promise((r) => studio!.child.once("exit", r));
  studio = null;
}

async function until(what: string, f: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function workspaceLimit(): Promise<number | null> {
  const list = (await call("GET", `${api}/quotas`)).json as { family: string; workspaceLimit: number | null }[];
  return list.find((f) => f.family === FAMILY)?.workspaceLimit ?? null;
}

beforeAll(async () => {
  ({ dataDir, svc } = await studioWorld("mls-killed-"));
  proxy = await startProxy(svc.url);
  port = await freePort();
  await start();
  cookie = await signInCookie(`http://127.0.0.1:${port}`, "admin");
}, 900_000);

afterAll(async () => {
  if (studio) await stopProcessGroup(studio.child);
  await proxy?.close();
  await svc?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("the studio killed in the middle of writes", () => {
  it("during a quota update the service then applies: after restart the audit log shows it and matches the quota", async () => {
    const before = await workspaceLimit();
    const target = before === 44 ? 40 : 44;
    proxy.state.mode = "holdWrites";
    const pending = call("PUT", `${api}/quotas/${FAMILY}`, { limit: target }).catch(() => null);
    await until("the quota write to reach the proxy", () => proxy.state.held.length === 1);
    await kill();
    await pending;
    proxy.state.mode = "forward";
    expect(await proxy.releaseHeld()).toEqual([200]);
    await start();
    // Reading the audit settles the row the dead studio left "requested" against the service.
    const audit = (await call("GET", `${api}/quotas/audit`)).json;
    const rows = (audit.data ?? audit) as { family: string; newLimit: number; oldLimit: number | null }[];
    expect(rows[0]).toMatchObject({ family: FAMILY, newLimit: target, oldLimit: before });
    expect(await workspaceLimit()).toBe(target);
  });

  it("during a quota update that never reaches the service: after restart no audit row, the quota unchanged", async () => {
    const before = await workspaceLimit();
    const auditBefore = (await call("GET", `${api}/quotas/audit`)).json;
    const countBefore = (auditBefore.data ?? auditBefore).length;
    proxy.state.mode = "holdWrites";
    const pending = call("PUT", `${api}/quotas/${FAMILY}`, { limit: before === 12 ? 16 : 12 }).catch(() => null);
    await until("the quota write to reach the proxy", () => proxy.state.held.length === 1);
    await kill();
    await pending;
    proxy.state.held.splice(0); // dropped: the service never hears of it
    proxy.state.mode = "forward";
    await start();
    const audit = (await call("GET", `${api}/quotas/audit`)).json;
    expect((audit.data ?? audit).length).toBe(countBefore);
    expect(await workspaceLimit()).toBe(before);
  });

  it("during a burst of draft saves: the database is intact and the draft reads back whole", async () => {
    const graph = { settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [], components: {} };
    const created = await call("POST", `${api}/pipeline-drafts`, { name: "save 0", graph });
    expect(created.status, created.text).toBe(201);
    const { id } = created.json.data ?? created.json;
    let version = (created.json.data ?? created.json).version as number;
    const saved: number[] = [version];
    // Saves one after another, each from the last version; the kill lands in the middle of them.
    const burst = (async () => {
      for (let n = 1; n < 200; n++) {
        const r = await call("PUT", `${api}/pipeline-drafts/${id}`, { name: `save ${n}`, graph, version }).catch(
          () => null,
        );
        if (!r || r.status !== 200) return;
        version = (r.json.data ?? r.json).version;
        saved.push(version);
      }
    })();
    await until("a few saves", () => saved.length >= 5);
    await kill();
    await burst;
    const db = new Database(path.join(dataDir, "studio", "studio.db"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
    await start();
    const read = await call("GET", `${api}/pipeline-drafts/${id}`);
    expect(read.status, read.text).toBe(200);
    const draft = read.json.data ?? read.json;
    // The last save the studio confirmed, or the one it was writing when it died.
    expect(draft.version).toBeGreaterThanOrEqual(saved[saved.length - 1]);
    expect(draft.version).toBeLessThanOrEqual(saved[saved.length - 1] + 1);
    expect(draft.name).toMatch(/^save \d+$/);
    expect(draft.graph).toMatchObject({ nodes: [], edges: [] });
  });
});
