/**
 * Several studio replicas: two `next start` processes of the production build on one PostgreSQL schema, one local
 * workspace service, and a round-robin proxy in front (as a load balancer would be). A session made through one
 * replica works on the other (sessions are rows); a quota changed through one is seen through the other within
 * the quota list's freshness (5 s); two saves of one draft version through different replicas: one wins, the
 * other gets 409. TEST_PG=off skips it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalWorkspace } from "../../local-workspace/server";
import { SECRET } from "../local-workspace/helpers";
import { PG_BASE_URL, RG, SUB, WS } from "../support/studio";
import { freePort, startNextStudio, stopProcessGroup, studioWorld, type StartedStudio } from "../support/next-server";

const QUOTA_FRESH_MS = 5_000;
const api = `/api/ws/${SUB}/${RG}/${WS}`;
let svc: LocalWorkspace;
const replicas: { port: number; studio: StartedStudio }[] = [];
let balancer: http.Server;
let lbPort = 0;
let schema = "";
let dataDir = "";
let cookie = "";

async function pgQuery(sql: string) {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A request to one replica (by index) or through the round-robin (no index). */
async function call(method: string, p: string, body?: unknown, replica?: number) {
  const port = replica === undefined ? lbPort : replicas[replica].port;
  const origin = `http://127.0.0.1:${port}`;
  const res = await fetch(`${origin}${p}`, {
    method,
    headers: {
      origin,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null, headers: res.headers };
}

describe.skipIf(process.env.TEST_PG === "off")("two replicas on one PostgreSQL", () => {
  beforeAll(async () => {
    ({ dataDir, svc } = await studioWorld("mls-replicas-"));
    schema = `replicas_${crypto.randomBytes(5).toString("hex")}`;
    const url = new URL(PG_BASE_URL);
    url.searchParams.set("schema", schema);
    const env = {
      DATABASE_URL: url.toString(),
      LOCAL_WORKSPACE_URL: svc.url,
      LOCAL_WORKSPACE_TOKEN_SECRET: SECRET,
      SESSION_SECRET: "replicas-test-session-secret-0123456789abcdef",
      AZURE_SUBSCRIPTION_IDS: SUB,
      LOCAL_FILESHARES_DIR: path.join(dataDir, "lws", "local-workspace", "fileshares"),
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      // Each replica its own data directory: nothing is shared but the database and the upstream.
      const studio = await startNextStudio("next-direct", port, {
        ...env,
        DATA_DIR: path.join(dataDir, `studio-${i}`),
      });
      replicas.push({ port, studio });
    }
    let next = 0;
    balancer = http.createServer((req, res) => {
      const target = replicas[next++ % replicas.length];
      const up = http.request(
        { host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers },
        (ur) => {
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.pipe(res);
        },
      );
      up.on("error", () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => balancer.listen(0, "127.0.0.1", r));
    lbPort = (balancer.address() as { port: number }).port;
    const signIn = await call("POST", "/api/auth/session", { account: "admin" });
    expect(signIn.status, signIn.text).toBe(200);
    cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  }, 900_000);

  afterAll(async () => {
    balancer?.close();
    for (const r of replicas) await stopProcessGroup(r.studio.child);
    await svc?.close();
    if (schema) await pgQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("a session made through the balancer works on both replicas", async () => {
    for (const i of [0, 1]) expect((await call("GET", "/api/auth/session", undefined, i)).json.role).toBe("Admin");
  });

  it("a quota changed through one replica is seen through the other within the list's freshness", async () => {
    const family = "standardDSv2Family";
    // A cached list answers with the data alone (the cache's metadata is in headers).
    const limitOn = async (i: number): Promise<number | undefined> => {
      const list = (await call("GET", `${api}/quotas`, undefined, i)).json as {
        family: string;
        workspaceLimit: number;
      }[];
      return list.find((f) => f.family === family)?.workspaceLimit;
    };
    const before = await limitOn(1); // replica 1 has it cached now
    const target = before === 40 ? 36 : 40;
    const put = await call("PUT", `${api}/quotas/${family}`, { limit: target }, 0);
    expect(put.status, put.text).toBe(200);
    const t0 = Date.now();
    let seen = await limitOn(1);
    while (seen !== target && Date.now() - t0 < QUOTA_FRESH_MS + 5_000) {
      await new Promise((r) => setTimeout(r, 200));
      seen = await limitOn(1);
    }
    expect(seen).toBe(target);
    expect(Date.now() - t0).toBeLessThanOrEqual(QUOTA_FRESH_MS + 3_000);
  });

  it("two saves of one draft version through different replicas: exactly one wins, the other gets 409", async () => {
    const graph = { settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [], components: {} };
    const created = await call("POST", `${api}/pipeline-drafts`, { name: "replica race", graph }, 0);
    expect(created.status, created.text).toBe(201);
    const { id, version } = created.json.data ?? created.json;
    const [a, b] = await Promise.all([
      call("PUT", `${api}/pipeline-drafts/${id}`, { name: "saved on replica 0", graph, version }, 0),
      call("PUT", `${api}/pipeline-drafts/${id}`, { name: "saved on replica 1", graph, version }, 1),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.json.error.code).toBe("DraftVersionConflict");
    const winner = a.status === 200 ? "saved on replica 0" : "saved on replica 1";
    for (const i of [0, 1]) {
      const read = await call("GET", `${api}/pipeline-drafts/${id}`, undefined, i);
      expect((read.json.data ?? read.json).name).toBe(winner);
    }
  });
});
