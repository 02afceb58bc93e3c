/**
 * Runs the studio's route handlers in-process against a real local workspace service over HTTP.
 *
 * startStudio() must run in beforeAll BEFORE any app module is imported: it sets the environment that
 * lib/server/config.ts reads at import time, then imports the modules dynamically.
 */
import crypto from "node:crypto";
import { cacheMetaFrom } from "@/lib/domain/cache-meta";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { NextRequest } from "next/server";
import { startLocalWorkspace, type LocalWorkspace, type LocalWorkspaceOptions } from "../../local-workspace/server";
import { SECRET, sdkClient } from "../local-workspace/helpers";

export { SECRET, sdkClient };
export const SUB = "00000000-0000-0000-0000-000000000001";
export const RG = "ml-studio-demo";
export const WS = "demo-workspace";
export const WS2 = "research-workspace";
export const SESSION_SECRET = "routes-test-session-secret-0123456789abcdef";
export const OIDC_AUDIENCE = "api://ml-studio-routes-test";

export type Account = "reader" | "scientist" | "admin";
export const ACCOUNT_ROLE = { reader: "Reader", scientist: "DataScientist", admin: "Admin" } as const;

// ------------------------------------------------------------------ route discovery

export type RouteFile = { file: string; pattern: string; methods: string[] };
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** Every app/api/**\/route.ts with the HTTP methods it exports (read from the source, so nothing is missed). */
export function discoverRoutes(root = path.resolve(__dirname, "../../app/api")): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) {
        const src = fs.readFileSync(full, "utf8");
        const methods = METHODS.filter((m) =>
          new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(src),
        );
        out.push({ file: full, pattern: path.relative(root, dir).split(path.sep).join("/"), methods });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Fills `[param]` segments of a route pattern. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[([^\]]+)\]/g, (_, k: string) => {
    if (!(k in params)) throw new Error(`no value for [${k}] in ${pattern}`);
    return encodeURIComponent(params[k]);
  });
}

// ------------------------------------------------------------------ a recording proxy in front of the service

export type Recorded = { method: string; path: string };

/** Forwards to `target` (changeable) and records every request; `mode` simulates an upstream that is down or garbled. */
/** A local account's session cookie (`name=value`), signed in at the studio on `origin`. */
export async function signInCookie(origin: string, account: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/session`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ account }),
  });
  if (res.status !== 200) throw new Error(`signing in as ${account} answered ${res.status}: ${await res.text()}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

export async function startProxy(target: string) {
  const state = {
    target,
    mode: "forward" as "forward" | "refuse" | "html500" | "garbage200" | "hang" | "hangWrites" | "holdWrites",
    requests: [] as Recorded[],
    /** Writes kept by "holdWrites" (whole bodies), to be sent on later or dropped, whatever became of the caller. */
    held: [] as { method: string; path: string; headers: http.IncomingHttpHeaders; body: Buffer }[],
  };
  const server = http.createServer((req, res) => {
    state.requests.push({ method: req.method ?? "", path: req.url ?? "" });
    if (state.mode === "refuse") {
      req.socket.destroy();
      return;
    }
    // Accepts the connection and never answers: what a stopped (SIGSTOP) or wedged service looks like.
    if (state.mode === "hang" || (state.mode === "hangWrites" && req.method !== "GET")) return;
    if (state.mode === "holdWrites" && req.method !== "GET") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () =>
        state.held.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) }),
      );
      return;
    }
    if (state.mode === "html500") {
      res.writeHead(500, { "content-type": "text/html" });
      // A realistic proxy error page: a few KB of HTML.
      res.end(
        `<html><head><title>500 Internal Server Error</title><style>${"body{font-family:sans-serif}".repeat(100)}</style></head><body><h1>500 Internal Server Error</h1><hr><p>nginx</p></body></html>`,
      );
      return;
    }
    if (state.mode === "garbage200") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("this is {not json at all");
      return;
    }
    const t = new URL(state.target);
    const up = http.request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on("error", () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    /** Sends the held writes on to the service (their callers may be gone); resolves with the service's statuses. */
    releaseHeld: () =>
      Promise.all(
        state.held.splice(0).map(
          (h) =>
            new Promise<number>((resolve, reject) => {
              const t = new URL(state.target);
              const up = http.request(
                { host: t.hostname, port: t.port, method: h.method, path: h.path, headers: h.headers },
                (ur) => {
                  ur.resume();
                  ur.on("end", () => resolve(ur.statusCode ?? 0));
                },
              );
              up.on("error", reject);
              up.end(h.body);
            }),
        ),
      ),
    /** Requests with a method other than GET (writes) seen so far. */
    writes: () => state.requests.filter((r) => r.method !== "GET"),
    reset: () => void (state.requests.length = 0),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
export type Proxy = Awaited<ReturnType<typeof startProxy>>;

// ------------------------------------------------------------------ a fake OIDC authority (JWKS)

async function startAuthority() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const other = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "routes-key-1", alg: "RS256", use: "sig" };
  let issuer = "";
  const server = http.createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === "/jwks") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    privateKey,
    otherKey: other.privateKey,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// ------------------------------------------------------------------ the studio

export type StudioOptions = {
  /** "postgres" uses a fresh schema of TEST_DATABASE_URL (dropped by close()). */
  database?: "sqlite" | "postgres";
  /** Put the recording proxy between the studio and the local service (default true). */
  proxy?: boolean;
  timeScale?: number;
  /** Azurite-backed storage for the local service (default off). */
  storage?: LocalWorkspaceOptions["storage"];
};

export type CallOptions = {
  body?: unknown;
  /** Raw body text (sent as is). */
  raw?: string;
  /** An account's session cookie, a full header set, or null for no credentials. Default: "admin". */
  as?: Account | null;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** The request's abort signal (a client that goes away). */
  signal?: AbortSignal;
  /** Send no Origin header (a browser's pages always send one on unsafe methods; see request-guard.ts). */
  omitOrigin?: boolean;
};

export type CallResult = { status: number; body: any; text: string; headers: Headers };

export const PG_BASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export async function startStudio(opts: StudioOptions = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-routes-"));
  const svc: LocalWorkspace = await startLocalWorkspace({
    port: 0,
    dataDir: path.join(dataDir, "lws"),
    tokenSecret: SECRET,
    seed: true,
    timeScale: opts.timeScale ?? 0.05,
    storage: opts.storage ?? false,
  });
  const proxy = opts.proxy === false ? null : await startProxy(svc.url);
  const authority = await startAuthority();

  let pgSchema: string | undefined;
  process.env.DATA_DIR = path.join(dataDir, "studio");
  process.env.UPSTREAM = "local";
  process.env.LOCAL_WORKSPACE_URL = proxy?.url ?? svc.url;
  process.env.LOCAL_WORKSPACE_TOKEN_SECRET = SECRET;
  process.env.LOCAL_FILESHARES_DIR = path.join(dataDir, "lws", "local-workspace", "fileshares");
  process.env.SESSION_SECRET = SESSION_SECRET;
  process.env.AZURE_SUBSCRIPTION_IDS = SUB;
  delete process.env.LOCAL_ACCOUNTS;
  process.env.OIDC_AUTHORITY = authority.issuer;
  process.env.OIDC_ISSUER = authority.issuer;
  process.env.OIDC_JWKS_URI = `${authority.issuer}/jwks`;
  process.env.OIDC_AUDIENCE = OIDC_AUDIENCE;
  process.env.OIDC_CLIENT_ID = "routes-test-spa";
  if (opts.database === "postgres") {
    pgSchema = `routes_${crypto.randomBytes(5).toString("hex")}`;
    const u = new URL(PG_BASE_URL);
    u.searchParams.set("schema", pgSchema);
    process.env.DATABASE_URL = u.toString();
  } else {
    delete process.env.DATABASE_URL;
  }

  const session = await import("@/lib/server/auth/session");
  const accounts = await import("@/lib/server/auth/local-accounts");
  const db = await import("@/lib/server/db");
  const routes = new Map<
    string,
    Record<string, (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>
  >();

  const account = (a: Account) => {
    const found = accounts.findLocalAccount(a);
    if (!found) throw new Error(`no local account ${a}`);
    return found;
  };

  /** A fresh server-side session each time: a test that signs out (DELETE auth/session) ends only its own. */
  async function sessionCookie(a: Account): Promise<string> {
    return `${session.SESSION_COOKIE}=${await session.createSessionToken(account(a))}`;
  }

  /** A session cookie with every claim of a real one, but expired an hour ago (re-signed with the real key). */
  async function expiredSessionCookie(a: Account): Promise<string> {
    const real = (await sessionCookie(a)).split("=")[1];
    const claims = decodeJwt(real);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...claims, iat: now - 10 * 3600, exp: now - 3600 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(SESSION_SECRET));
    return `${session.SESSION_COOKIE}=${token}`;
  }

  /** A valid-looking, unexpired session cookie signed with another key. */
  async function forgedSessionCookie(a: Account): Promise<string> {
    const token = await session.createSessionToken(
      account(a),
      new TextEncoder().encode("not-the-session-secret-" + crypto.randomBytes(8).toString("hex")),
    );
    return `${session.SESSION_COOKIE}=${token}`;
  }

  async function bearer(
    role: "Reader" | "DataScientist" | "Admin",
    o: { key?: CryptoKey; exp?: number; iat?: number } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({
      roles: [role],
      oid: `oid-bearer-${role.toLowerCase()}`,
      name: `Bearer ${role}`,
      preferred_username: `${role.toLowerCase()}@example.com`,
    })
      .setProtectedHeader({ alg: "RS256", kid: "routes-key-1", typ: "JWT" })
      .setIssuer(authority.issuer)
      .setAudience(OIDC_AUDIENCE)
      .setSubject(`sub-${role}`)
      .setIssuedAt(o.iat ?? now)
      .setExpirationTime(o.exp ?? now + 3600)
      .sign(o.key ?? authority.privateKey);
    return `Bearer ${jwt}`;
  }
  const forgedBearer = (role: "Reader" | "DataScientist" | "Admin" = "Admin") =>
    bearer(role, { key: authority.otherKey });
  /** Expired 10 minutes ago: beyond the verifier's 60 s clock tolerance. */
  const expiredBearer = (role: "Reader" | "DataScientist" | "Admin" = "Admin") => {
    const now = Math.floor(Date.now() / 1000);
    return bearer(role, { iat: now - 7200, exp: now - 600 });
  };

  async function routeModule(pattern: string) {
    let mod = routes.get(pattern);
    if (!mod) {
      const file = path.resolve(__dirname, "../../app/api", pattern, "route.ts");
      mod = (await import(/* @vite-ignore */ file)) as typeof mod;
      routes.set(pattern, mod!);
    }
    return mod!;
  }

  /** Calls a route handler the way Next.js would: `pattern` is the folder under app/api, e.g. "ws/[sub]/[rg]/[ws]/computes". */
  async function call(
    method: string,
    pattern: string,
    params: Record<string, string> = {},
    o: CallOptions = {},
  ): Promise<CallResult> {
    const mod = await routeModule(pattern);
    const handler = mod[method];
    if (typeof handler !== "function") throw new Error(`${pattern}/route.ts exports no ${method}`);
    // What instrumentation.ts stamps for a client on this machine (tests of other addresses pass their own).
    const headers: Record<string, string> = { "x-mls-peer-address": "127.0.0.1", host: "localhost:3000" };
    // As the studio's own pages do: unsafe methods carry the page's Origin.
    if (!["GET", "HEAD"].includes(method) && !o.omitOrigin) headers.origin = "http://localhost:3000";
    Object.assign(headers, o.headers ?? {});
    const as = o.as === undefined ? "admin" : o.as;
    if (as && !headers.cookie && !headers.authorization) headers.cookie = await sessionCookie(as);
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    // A real client frames the body by its length (the request guard looks for it).
    if (body !== undefined) headers["content-length"] ??= String(Buffer.byteLength(body));
    const url = new URL(`http://localhost:3000/api/${fillPattern(pattern, params)}`);
    for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
    const req = new NextRequest(url, { method, headers, body, signal: o.signal });
    const res = await handler(req, { params: Promise.resolve({ ...params }) });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    // Cached reads carry `{ source, ageMs }` in headers; tests read them as the browser's apiFetch does.
    const cache = cacheMetaFrom(res.headers);
    return { status: res.status, body: cache ? { data: parsed, cache } : parsed, text, headers: res.headers };
  }

  async function close() {
    await (globalThis as { __mlStudioCache?: { cache?: { settle(): Promise<void> } } }).__mlStudioCache?.cache
      ?.settle()
      .catch(() => {});
    await db.closeDb().catch(() => {});
    await proxy?.close().catch(() => {});
    await svc.close().catch(() => {});
    await authority.close().catch(() => {});
    if (pgSchema) {
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: PG_BASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      } finally {
        await client.end();
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const wsParams = { sub: SUB, rg: RG, ws: WS };
  return {
    svc,
    proxy,
    authority,
    dataDir,
    pgSchema,
    wsParams,
    call,
    sessionCookie,
    expiredSessionCookie,
    forgedSessionCookie,
    bearer,
    forgedBearer,
    expiredBearer,
    getDb: db.getDb,
    /** The official SDK straight at the local service (not through the proxy), as an Admin. */
    sdk: () => sdkClient(svc.url, ["Admin"]),
    close,
  };
}
export type Studio = Awaited<ReturnType<typeof startStudio>>;

/** Polls until `check` passes or throws after timeoutMs. */
export async function until<T>(
  fn: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (check(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
