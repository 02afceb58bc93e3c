/**
 * Who may call what: every route file × method under app/api, with every kind of bad credential and every role.
 * The table below is the contract; a route (or method) without an entry fails "the table covers every route".
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_MIN_ROLE, allows, type Action, type Role } from "@/lib/domain/roles";
import {
  discoverRoutes,
  startStudio,
  SUB,
  RG,
  WS,
  type Account,
  type CallOptions,
  type CallResult,
  type Studio,
} from "../support/studio";
import { TABLE, ws } from "./route-table";

const ACCOUNTS: Account[] = ["reader", "scientist", "admin"];
const ROLE_OF: Record<Account, Role> = { reader: "Reader", scientist: "DataScientist", admin: "Admin" };
const discovered = discoverRoutes();
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Routes that stream a raw body (uploads): any content type, still same-origin only. */
const BINARY_BODY = new Set(
  discovered.flatMap((r) =>
    /bodyType:\s*"binary"/.test(fs.readFileSync(r.file, "utf8")) ? r.methods.map((m) => `${r.pattern} ${m}`) : [],
  ),
);

const entries = Object.entries(TABLE).map(([key, entry]) => {
  const [pattern, method] = key.split(" ");
  return { key, pattern, method, ...entry };
});

let s: Studio;
/** Statuses allowed callers got, per table key, in call order. */
const allowedStatuses = new Map<string, number[]>();

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0 } });
  await s.svc.seeded;
  // The compute the DELETE row removes.
  await s.sdk().computeOperations.beginCreateOrUpdateAndWait(
    RG,
    WS,
    "acc-doomed",
    {
      location: "eastus",
      properties: {
        computeType: "AmlCompute",
        properties: { vmSize: "Standard_DS2_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 1 } },
      },
    },
    { updateIntervalInMs: 20 },
  );
  // The workspace the ws/[sub]/[rg]/[ws] DELETE row removes.
  await s.sdk().workspaces.beginCreateOrUpdateAndWait(RG, "acc-doomed-ws", { location: "eastus" });
  // The job the jobs/[name] rows read (a command job that ends at once).
  await s.sdk().jobs.createOrUpdate(RG, WS, "acc-job", {
    properties: {
      jobType: "Command",
      command: "echo hello",
      environmentId: "azureml:acc:1",
      computeId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}/computes/cpu-cluster`,
    } as never,
  });
  const wsId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;
  await s.sdk().jobs.createOrUpdate(RG, WS, "acc-pipe", {
    properties: {
      jobType: "Pipeline",
      settings: { default_compute: `${wsId}/computes/cpu-cluster` },
      jobs: {
        a: {
          componentId: `${wsId}/components/component_a/versions/1`,
          inputs: {
            component_a_input: {
              job_input_type: "uri_folder",
              uri: "azureml://datastores/workspaceblobstore/paths/acc/data",
            },
          },
        },
      },
    } as never,
  });
  for (let i = 0; i < 100 && (await s.sdk().jobs.get(RG, WS, "acc-job")).properties.status !== "Completed"; i++)
    await new Promise((r) => setTimeout(r, 100));
  // Drafts the [id] rows open, save and delete, and a valid graph for the submit row.
  const emptyGraph = { settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [], components: {} };
  const kept = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-drafts", ws, {
    as: "scientist",
    body: { name: "acc-kept", graph: emptyGraph },
  });
  const doomed = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-drafts", ws, {
    as: "scientist",
    body: { name: "acc-doomed", graph: emptyGraph },
  });
  TABLE["ws/[sub]/[rg]/[ws]/pipeline-drafts/[id] GET"].params.id = kept.body.data.id;
  TABLE["ws/[sub]/[rg]/[ws]/pipeline-drafts/[id] PUT"].params.id = kept.body.data.id;
  TABLE["ws/[sub]/[rg]/[ws]/pipeline-drafts/[id] DELETE"].params.id = doomed.body.data.id;
  // The account the accounts/[id] DELETE row removes.
  const doomedAccount = await s.call(
    "POST",
    "accounts",
    {},
    {
      body: { username: "acc-doomed", displayName: "Doomed", role: "Reader", password: "a long enough password" },
    },
  );
  TABLE["accounts/[id] DELETE"].params.id = doomedAccount.body.data.id;
  const imported = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-import", ws, {
    as: "reader",
    body: TABLE["ws/[sub]/[rg]/[ws]/pipeline-import POST"].body,
  });
  for (const e of entries)
    if (e.key === "ws/[sub]/[rg]/[ws]/pipeline-jobs POST") e.body = { graph: imported.body.data.graph };
});

afterAll(async () => {
  await s?.close();
});

async function callEntry(e: (typeof entries)[number], o: CallOptions): Promise<CallResult> {
  return s.call(e.method, e.pattern, e.params, { body: e.body, query: e.query, ...o });
}

/** Calls and also returns how many requests reached the upstream meanwhile. */
async function callCounting(e: (typeof entries)[number], o: CallOptions) {
  const before = s.proxy!.state.requests.length;
  const res = await callEntry(e, o);
  return { res, upstreamCalls: s.proxy!.state.requests.length - before };
}

const isAllowedStatus = (status: number) =>
  (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 401 && status !== 403);

describe("the table", () => {
  it("covers every route file and exported method under app/api, and nothing that is gone", () => {
    const actual = discovered.flatMap((r) => r.methods.map((m) => `${r.pattern} ${m}`)).sort();
    expect(actual.length).toBeGreaterThan(10);
    expect(Object.keys(TABLE).sort()).toEqual(actual);
  });

  it("names the action each route really declares", () => {
    for (const r of discovered) {
      const src = fs.readFileSync(r.file, "utf8");
      for (const m of r.methods) {
        const at = src.search(new RegExp(`export\\s+const\\s+${m}\\s*=\\s*route\\(`));
        expect(at, `${r.pattern} ${m} is built with route()`).toBeGreaterThanOrEqual(0);
        const action = /action:\s*"([^"]+)"/.exec(src.slice(at))?.[1];
        expect(action, `${r.pattern} ${m}`).toBe(TABLE[`${r.pattern} ${m}`].action);
      }
    }
  });

  it("uses only actions that ACTION_MIN_ROLE knows", () => {
    for (const e of entries) if (e.action !== "public") expect(Object.keys(ACTION_MIN_ROLE)).toContain(e.action);
  });
});

describe.each(entries)("$key ($action)", (e) => {
  const pub = e.public;

  it(pub ? `no credentials → ${pub.anonymous}` : "no credentials → 401, no upstream call", async () => {
    const { res, upstreamCalls } = await callCounting(e, { as: null });
    if (pub) return expect(res.status).toBe(pub.anonymous);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("Unauthorized");
    expect(res.body.error.message).toMatch(/not signed in/i);
    expect(upstreamCalls).toBe(0);
  });

  it("expired session cookie → 401", async () => {
    const { res, upstreamCalls } = await callCounting(e, {
      as: null,
      headers: { cookie: await s.expiredSessionCookie("admin") },
    });
    if (pub) return expect(res.status).toBe(pub.badCredentials);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/i);
    expect(upstreamCalls).toBe(0);
  });

  it("forged session cookie (another key) → 401", async () => {
    const { res, upstreamCalls } = await callCounting(e, {
      as: null,
      headers: { cookie: await s.forgedSessionCookie("admin") },
    });
    if (pub) return expect(res.status).toBe(pub.badCredentials);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/signature/i);
    expect(upstreamCalls).toBe(0);
  });

  it("forged bearer token (wrong key) → 401", async () => {
    const { res, upstreamCalls } = await callCounting(e, {
      as: null,
      headers: { authorization: await s.forgedBearer("Admin") },
    });
    if (pub) return expect(res.status).toBe(pub.badCredentials);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/signature/i);
    expect(upstreamCalls).toBe(0);
  });

  it("expired bearer token → 401", async () => {
    const { res, upstreamCalls } = await callCounting(e, {
      as: null,
      headers: { authorization: await s.expiredBearer("Admin") },
    });
    if (pub) return expect(res.status).toBe(pub.badCredentials);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/i);
    expect(upstreamCalls).toBe(0);
  });

  it("a malformed Authorization header → 401", async () => {
    const res = await callEntry(e, { as: null, headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
    if (pub) return expect(res.status).toBe(pub.badCredentials);
    expect(res.status).toBe(401);
  });

  if (UNSAFE.has(e.method)) {
    // Cross-site request forgery (lib/server/request-guard.ts): refused before authentication, so nothing runs.
    const refusedFrom: [string, Record<string, string>][] = [
      ["another site (Origin http://evil.example)", { origin: "http://evil.example" }],
      ["the same site on another port (Origin http://localhost:8888)", { origin: "http://localhost:8888" }],
      ["a cross-site page without Origin (Sec-Fetch-Site: cross-site)", { "sec-fetch-site": "cross-site" }],
    ];
    for (const [where, headers] of refusedFrom)
      it(`from ${where} with an Admin session → 403 CrossOriginRequest, no upstream call`, async () => {
        const { res, upstreamCalls } = await callCounting(e, {
          as: null,
          omitOrigin: !("origin" in headers),
          headers: { cookie: await s.sessionCookie("admin"), ...headers },
        });
        expect(res.status, res.text).toBe(403);
        expect(res.body.error.code).toBe("CrossOriginRequest");
        expect(res.headers.get("set-cookie")).toBeNull();
        expect(upstreamCalls).toBe(0);
      });

    it("with no Origin and no Sec-Fetch-Site (not a page of the studio) → 403, no upstream call", async () => {
      const { res, upstreamCalls } = await callCounting(e, {
        as: null,
        omitOrigin: true,
        headers: { cookie: await s.sessionCookie("admin") },
      });
      expect(res.status, res.text).toBe(403);
      expect(res.body.error.message).toMatch(/without an Origin header/);
      expect(upstreamCalls).toBe(0);
    });

    if (!BINARY_BODY.has(e.key))
      it("a body sent as text/plain (what a cross-origin form can send) → 415, no upstream call", async () => {
        const { res, upstreamCalls } = await callCounting(e, {
          as: null,
          raw: JSON.stringify(e.body ?? {}),
          headers: { cookie: await s.sessionCookie("admin"), "content-type": "text/plain" },
        });
        expect(res.status, res.text).toBe(415);
        expect(res.body.error.code).toBe("UnsupportedMediaType");
        expect(upstreamCalls).toBe(0);
      });
  }

  for (const via of ["session", "bearer"] as const) {
    for (const account of ACCOUNTS) {
      const role = ROLE_OF[account];
      const expected = pub ? String(pub.signedIn) : allows(role, e.action as Action) ? "allowed" : "403";
      it(`${role} via ${via} → ${expected}`, async () => {
        const headers: Record<string, string> =
          via === "session" ? { cookie: await s.sessionCookie(account) } : { authorization: await s.bearer(role) };
        const { res, upstreamCalls } = await callCounting(e, { as: null, headers });
        // Answers carry per-user data (or a session cookie): no shared cache may keep them. Cached reads may be
        // kept by the browser alone, revalidated by ETag on every use (lib/server/cached-response.ts).
        expect(res.headers.get("cache-control")).toMatch(/^(no-store|private, no-cache)$/);
        if (pub) return expect(res.status, res.text).toBe(pub.signedIn);
        if (expected === "allowed" && e.upstreamRefuses?.roles.includes(role)) {
          expect(res.status, res.text).toBe(403);
          expect(res.body.error.message).toContain(e.upstreamRefuses.needs);
          return;
        }
        if (expected === "403") {
          expect(res.status, res.text).toBe(403);
          expect(res.body.error.code).toBe("Forbidden");
          expect(res.body.error.message).toContain(ACTION_MIN_ROLE[e.action as Action]);
          expect(upstreamCalls).toBe(0);
        } else {
          expect(isAllowedStatus(res.status), `${res.status} ${res.text}`).toBe(true);
          allowedStatuses.set(e.key, [...(allowedStatuses.get(e.key) ?? []), res.status]);
        }
      });
    }
  }

  if (!pub) {
    it("the first allowed caller got a 2xx (the input really is valid)", () => {
      const statuses = allowedStatuses.get(e.key) ?? [];
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses[0], JSON.stringify(statuses)).toBeGreaterThanOrEqual(200);
      expect(statuses[0], JSON.stringify(statuses)).toBeLessThan(300);
    });
  }
});

describe("sign-in round trip", () => {
  it("POST /api/auth/session sets a cookie that opens a protected route; DELETE clears it", async () => {
    const signIn = await s.call("POST", "auth/session", {}, { as: null, body: { account: "scientist" } });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ role: "DataScientist", via: "session" });
    const setCookie = signIn.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^mls_session=[^;]+;.*HttpOnly/);
    const cookie = setCookie.split(";")[0];

    const me = await s.call("GET", "auth/session", {}, { as: null, headers: { cookie } });
    expect(me.body).toMatchObject({ role: "DataScientist", via: "session" });
    expect(JSON.stringify(me.body)).not.toContain(cookie.split("=")[1]);
    const list = await s.call("GET", "ws/[sub]/[rg]/[ws]/vm-sizes", ws, { as: null, headers: { cookie } });
    expect(list.status).toBe(200);
    const quotas = await s.call("GET", "ws/[sub]/[rg]/[ws]/quotas", ws, { as: null, headers: { cookie } });
    expect(quotas.status).toBe(403);

    const out = await s.call("DELETE", "auth/session", {}, { as: null, headers: { cookie } });
    expect(out.headers.get("set-cookie")).toMatch(/^mls_session=;.*Max-Age=0/);
  });

  it("from another address a built-in account needs the sign-in token; a client's X-Forwarded-For does not help", async () => {
    const far = { "x-mls-peer-address": "10.213.0.2", "x-forwarded-for": "127.0.0.1" };
    const missing = await s.call("POST", "auth/session", {}, { as: null, headers: far, body: { account: "admin" } });
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/sign-in token is required/);
    expect(missing.headers.get("set-cookie")).toBeNull();
    const config = await s.call("GET", "auth/config", {}, { as: null, headers: far });
    expect(config.body.localSignIn.tokenRequired).toBe(true);
    // The studio's token (created on first use, as scripts/start.sh does before printing the sign-in URL).
    const token = new TextDecoder().decode((await import("@/lib/server/auth/secrets")).signInToken());
    expect(fs.readFileSync(`${s.dataDir}/studio/secrets/sign-in.token`, "utf8")).toBe(token);
    const ok = await s.call("POST", "auth/session", {}, { as: null, headers: far, body: { account: "admin", token } });
    expect(ok.status).toBe(200);
    // From loopback (the harness's default peer) no token is needed.
    const local = await s.call("GET", "auth/config", {}, { as: null });
    expect(local.body.localSignIn.tokenRequired).toBe(false);
  });

  it("a text/plain sign-in body → 415", async () => {
    const res = await s.call(
      "POST",
      "auth/session",
      {},
      {
        as: null,
        raw: JSON.stringify({ account: "admin" }),
        headers: { "content-type": "text/plain" },
      },
    );
    expect(res.status).toBe(415);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("the old cookie is refused after sign-out", async () => {
    const signIn = await s.call("POST", "auth/session", {}, { as: null, body: { account: "reader" } });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    expect((await s.call("GET", "workspaces", {}, { as: null, headers: { cookie } })).status).toBe(200);
    await s.call("DELETE", "auth/session", {}, { as: null, headers: { cookie } });
    const after = await s.call("GET", "workspaces", {}, { as: null, headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/signed out/);
  });

  it("an unknown account cannot sign in", async () => {
    const res = await s.call("POST", "auth/session", {}, { as: null, body: { account: "root" } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("account");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("a bearer token with no studio role → 403 on a protected route", async () => {
    const token = await s.bearer("Reader");
    // Re-sign with an unknown role only.
    const { SignJWT, decodeJwt } = await import("jose");
    const claims = decodeJwt(token.slice(7));
    const noRole = await new SignJWT({ ...claims, roles: ["Owner"] })
      .setProtectedHeader({ alg: "RS256", kid: "routes-key-1" })
      .sign(s.authority.privateKey);
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/computes", ws, {
      as: null,
      headers: { authorization: `Bearer ${noRole}` },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/no studio role/i);
  });
});

describe("request guard: what same-origin pages and API clients may do", () => {
  const drafts = "ws/[sub]/[rg]/[ws]/pipeline-drafts";
  const body = (name: string) => ({
    name,
    graph: { settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [], components: {} },
  });

  it("a page whose browser sends Sec-Fetch-Site: same-origin but no Origin is accepted", async () => {
    const res = await s.call("POST", drafts, ws, {
      as: "scientist",
      omitOrigin: true,
      headers: { "sec-fetch-site": "same-origin" },
      body: body("guard-fetch-site"),
    });
    expect(res.status, res.text).toBe(201);
  });

  it("an MSAL bearer call needs no Origin (no ambient credential), but still a JSON content type", async () => {
    const authorization = await s.bearer("DataScientist");
    const ok = await s.call("POST", drafts, ws, {
      as: null,
      omitOrigin: true,
      headers: { authorization },
      body: body("guard-bearer"),
    });
    expect(ok.status, ok.text).toBe(201);
    const plain = await s.call("POST", drafts, ws, {
      as: null,
      omitOrigin: true,
      raw: JSON.stringify(body("guard-bearer-plain")),
      headers: { authorization, "content-type": "text/plain" },
    });
    expect(plain.status, plain.text).toBe(415);
  });

  it("STUDIO_ORIGIN names the public origin of a studio behind a proxy that rewrites Host", async () => {
    process.env.STUDIO_ORIGIN = "https://studio.example.com";
    try {
      const res = await s.call("POST", drafts, ws, {
        as: "scientist",
        headers: { origin: "https://studio.example.com" },
        body: body("guard-public-origin"),
      });
      expect(res.status, res.text).toBe(201);
    } finally {
      delete process.env.STUDIO_ORIGIN;
    }
    const after = await s.call("POST", drafts, ws, {
      as: "scientist",
      headers: { origin: "https://studio.example.com" },
      body: body("guard-public-origin-2"),
    });
    expect(after.status).toBe(403);
  });
});
