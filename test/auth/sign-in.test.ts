/**
 * Local sign-in as the embedded default does it: the sign-in token off loopback, passwords, rate limits,
 * server-side sessions (sign-out, expiry, idle), and account changes that count from the next request.
 * Route handlers are called in-process; `x-mls-peer-address` is what instrumentation.ts stamps from the socket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";

vi.mock("server-only", () => ({}));

let dataDir: string;
let sessionRoute: typeof import("@/app/api/auth/session/route");
let configRoute: typeof import("@/app/api/auth/config/route");
let accountsRoute: typeof import("@/app/api/accounts/route");
let accountRoute: typeof import("@/app/api/accounts/[id]/route");
let db: Awaited<ReturnType<typeof import("@/lib/server/db").getDb>>;
let token: string;
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const LOOPBACK = "127.0.0.1";
let nextAddress = 1;
/** A fresh network address per test, so rate-limit counts of one test do not leak into another. */
const remote = () => `10.213.9.${nextAddress++}`;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-sign-in-"));
  process.env.DATA_DIR = dataDir;
  for (const k of [
    "SESSION_SECRET",
    "OIDC_AUTHORITY",
    "LOCAL_ACCOUNTS",
    "LOCAL_SIGN_IN_TOKEN",
    "HOST",
    "LOCAL_SIGN_IN_TOKEN_REQUIRED",
    "TRUSTED_PROXY",
    "DATABASE_URL",
  ])
    delete process.env[k];
  vi.resetModules();
  sessionRoute = await import("@/app/api/auth/session/route");
  configRoute = await import("@/app/api/auth/config/route");
  accountsRoute = await import("@/app/api/accounts/route");
  accountRoute = await import("@/app/api/accounts/[id]/route");
  db = await (await import("@/lib/server/db")).getDb();
  token = Buffer.from((await import("@/lib/server/auth/secrets")).signInToken()).toString();
});

afterAll(async () => {
  await (await import("@/lib/server/db")).closeDb().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  delete process.env.HOST;
  delete process.env.LOCAL_SIGN_IN_TOKEN_REQUIRED;
  delete process.env.TRUSTED_PROXY;
});

type Opts = { from?: string; headers?: Record<string, string>; contentType?: string; cookie?: string };

function req(method: string, url: string, body: unknown, o: Opts = {}) {
  const headers: Record<string, string> = {
    "x-mls-peer-address": o.from ?? LOOPBACK,
    // The studio's own pages send their Origin on unsafe methods (lib/server/request-guard.ts).
    ...(method === "GET" ? {} : { origin: "http://localhost:3000" }),
    ...(o.headers ?? {}),
  };
  if (body !== undefined) headers["content-type"] = o.contentType ?? "application/json";
  if (o.cookie) headers.cookie = `mls_session=${o.cookie}`;
  return new NextRequest(`http://localhost:3000${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json(res: Response) {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text, headers: res.headers };
}

const signIn = async (body: Record<string, string>, o: Opts = {}) =>
  json(await sessionRoute.POST(req("POST", "/api/auth/session", body, o), ctx()));
const cookieOf = (r: { headers: Headers }) => /mls_session=([^;]*)/.exec(r.headers.get("set-cookie") ?? "")?.[1] ?? "";
const me = async (cookie: string) =>
  json(await sessionRoute.GET(req("GET", "/api/auth/session", undefined, { cookie }), ctx()));

async function adminCookie() {
  const r = await signIn({ account: "admin" });
  expect(r.status).toBe(200);
  return cookieOf(r);
}

async function addAccount(role: "Reader" | "DataScientist" | "Admin", password = "correct horse battery") {
  const username = `user${Math.random().toString(36).slice(2, 8)}`;
  const r = await json(
    await accountsRoute.POST(
      req(
        "POST",
        "/api/accounts",
        { username, displayName: `User ${username}`, role, password },
        {
          cookie: await adminCookie(),
        },
      ),
      ctx(),
    ),
  );
  expect(r.status, r.text).toBe(201);
  return { id: r.body.data.id as string, username, password };
}

describe("the sign-in token", () => {
  it("is created once under DATA_DIR/secrets, mode 0600, 64 hex characters", () => {
    const file = path.join(dataDir, "secrets", "sign-in.token");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toBe(token);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is not needed from loopback (IPv4 and IPv6)", async () => {
    expect((await signIn({ account: "scientist" })).status).toBe(200);
    expect((await signIn({ account: "scientist" }, { from: "::1" })).status).toBe(200);
    expect((await signIn({ account: "scientist" }, { from: "::ffff:127.0.0.1" })).status).toBe(200);
    const cfg = await json(await configRoute.GET(req("GET", "/api/auth/config", undefined), ctx()));
    expect(cfg.body.localSignIn).toEqual({ tokenRequired: false, reason: null });
  });

  it("is needed from another address: missing → 401 saying where to find it, wrong → 401, right → 200", async () => {
    const from = remote();
    const cfg = await json(await configRoute.GET(req("GET", "/api/auth/config", undefined, { from }), ctx()));
    expect(cfg.body.localSignIn.tokenRequired).toBe(true);
    expect(cfg.body.localSignIn.reason).toContain(from);
    expect(cfg.text).not.toContain(token);

    const missing = await signIn({ account: "admin" }, { from });
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/sign-in token is required because this request comes from 10\.213/);
    expect(missing.body.error.message).toMatch(/sign-in\?token=/);
    expect(missing.headers.get("set-cookie")).toBeNull();

    const wrong = await signIn({ account: "admin", token: "0".repeat(64) }, { from });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/sign-in token is wrong/);
    expect(wrong.text).not.toContain(token);

    const right = await signIn({ account: "admin", token }, { from });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ role: "Admin", via: "session" });
    expect((await me(cookieOf(right))).status).toBe(200);
  });

  it("a client's X-Forwarded-For is not believed, unless its peer is a TRUSTED_PROXY", async () => {
    const from = remote();
    const spoofed = await signIn({ account: "admin" }, { from, headers: { "x-forwarded-for": "127.0.0.1" } });
    expect(spoofed.status).toBe(401);
    // A request with no stamped peer at all (not through the studio's server) is not loopback either.
    const unstamped = await json(
      await sessionRoute.POST(
        new NextRequest("http://localhost:3000/api/auth/session", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000" },
          body: JSON.stringify({ account: "admin" }),
        }),
        ctx(),
      ),
    );
    expect(unstamped.status).toBe(401);
    expect(unstamped.body.error.message).toMatch(/origin is unknown/);

    process.env.TRUSTED_PROXY = "10.213.0.1";
    const viaProxyFromFar = await signIn(
      { account: "admin" },
      { from: "10.213.0.1", headers: { "x-forwarded-for": "127.0.0.1, 10.213.9.250" } },
    );
    expect(viaProxyFromFar.status).toBe(401);
    const viaProxyLocal = await signIn(
      { account: "admin" },
      { from: "10.213.0.1", headers: { "x-forwarded-for": "127.0.0.1" } },
    );
    expect(viaProxyLocal.status).toBe(200);
  });

  it("HOST=0.0.0.0 makes every sign-in need a secret, even from loopback", async () => {
    process.env.HOST = "0.0.0.0";
    const r = await signIn({ account: "reader" });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/listens on 0\.0\.0\.0 \(HOST\)/);
    expect((await signIn({ account: "reader", token })).status).toBe(200);
    process.env.HOST = "localhost";
    expect((await signIn({ account: "reader" })).status).toBe(200);
  });

  it("LOCAL_SIGN_IN_TOKEN_REQUIRED=1 asks for it from loopback too", async () => {
    process.env.LOCAL_SIGN_IN_TOKEN_REQUIRED = "1";
    const r = await signIn({ account: "reader" });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/LOCAL_SIGN_IN_TOKEN_REQUIRED/);
    expect((await signIn({ account: "reader", token })).status).toBe(200);
  });

  it("refuses a text/plain sign-in body with 415 and sets no cookie", async () => {
    const r = await signIn({ account: "admin" }, { contentType: "text/plain" });
    expect(r.status).toBe(415);
    expect(r.body.error.message).toMatch(/application\/json/);
    expect(r.headers.get("set-cookie")).toBeNull();
  });
});

describe("rate limits", () => {
  it("5 wrong tokens from one address → 429 with Retry-After, even with the right token", async () => {
    const from = remote();
    for (let i = 0; i < 5; i++)
      expect((await signIn({ account: "reader", token: `wrong-${i}` }, { from })).status).toBe(401);
    const limited = await signIn({ account: "reader", token }, { from });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("TooManyAttempts");
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    // Another address is not held back by this one's failures.
    expect((await signIn({ account: "scientist", token }, { from: remote() })).status).toBe(200);
  });

  it("5 wrong passwords for one account → 429 for that account from any address; stored in the database", async () => {
    const u = await addAccount("Reader");
    for (let i = 0; i < 5; i++)
      expect((await signIn({ username: u.username, password: `nope-${i}-xxxxxx` }, { from: remote() })).status).toBe(
        401,
      );
    const limited = await signIn({ username: u.username, password: u.password }, { from: remote() });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.signInFailure.count({ where: { key: `account:${u.username}` } })).toBe(5);
    // The window passes (rows aged in the database): the right password works again and clears the count.
    await db.signInFailure.updateMany({
      where: { key: `account:${u.username}` },
      data: { at: new Date(Date.now() - 16 * 60_000) },
    });
    expect((await signIn({ username: u.username, password: u.password }, { from: remote() })).status).toBe(200);
  });
});

describe("password accounts", () => {
  it("sign in with the right password only; the hash is scrypt with its parameters and never leaves the server", async () => {
    const u = await addAccount("DataScientist");
    const row = await db.localUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.passwordHash).not.toContain(u.password);

    const wrong = await signIn({ username: u.username, password: "not the password" }, { from: remote() });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe("Wrong username or password.");
    const unknown = await signIn({ username: "nobody-here", password: "whatever123" }, { from: remote() });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe("Wrong username or password.");

    // From another machine a password is the secret: no token needed.
    const ok = await signIn({ username: u.username.toUpperCase(), password: u.password }, { from: remote() });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: u.id, role: "DataScientist" });
    const who = await me(cookieOf(ok));
    expect(who.body).toMatchObject({ id: u.id, username: u.username, role: "DataScientist", via: "session" });

    const list = await json(
      await accountsRoute.GET(req("GET", "/api/accounts", undefined, { cookie: await adminCookie() }), ctx()),
    );
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(u.password);
    expect(list.text).not.toContain("scrypt$");
    expect(list.body.data.find((a: { id: string }) => a.id === u.id)).toMatchObject({
      hasPassword: true,
      openSessions: 1,
    });
  });

  it("a built-in account has no password and cannot get one", async () => {
    expect((await signIn({ username: "admin", password: "anything-at-all" }, { from: remote() })).status).toBe(401);
    const r = await json(
      await accountRoute.PATCH(
        req("PATCH", "/api/accounts/x", { password: "a-new-password" }, { cookie: await adminCookie() }),
        ctx({ id: "00000000-0000-4000-a000-000000000003" }),
      ),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/built-in account: only "disabled" can change/);
  });

  it("a username that exists → 409; a short password → 400 without echoing it", async () => {
    const admin = await adminCookie();
    const dup = await json(
      await accountsRoute.POST(
        req(
          "POST",
          "/api/accounts",
          { username: "Scientist", displayName: "X", role: "Reader", password: "long enough pw" },
          { cookie: admin },
        ),
        ctx(),
      ),
    );
    expect(dup.status).toBe(409);
    const short = await json(
      await accountsRoute.POST(
        req(
          "POST",
          "/api/accounts",
          { username: "shorty", displayName: "X", role: "Reader", password: "s3cr3t" },
          { cookie: admin },
        ),
        ctx(),
      ),
    );
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe("password");
    expect(short.text).not.toContain("s3cr3t");
    expect(await db.localUser.count({ where: { username: "shorty" } })).toBe(0);
  });
});

describe("sessions", () => {
  it("sign-out revokes the session: the old cookie gets 401", async () => {
    const cookie = cookieOf(await signIn({ account: "scientist" }));
    expect((await me(cookie)).status).toBe(200);
    const out = await sessionRoute.DELETE(req("DELETE", "/api/auth/session", undefined, { cookie }), ctx());
    expect(out.status).toBe(200);
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/signed out/);
  });

  it("sign-out as a browser sends it (a DELETE with no Content-Type, whose body is an empty stream) is not a 415", async () => {
    const cookie = cookieOf(await signIn({ account: "scientist" }));
    const browserLike = new NextRequest("http://localhost:3000/api/auth/session", {
      method: "DELETE",
      headers: { "x-mls-peer-address": LOOPBACK, origin: "http://localhost:3000", cookie: `mls_session=${cookie}` },
      // What the Node server hands a route: a stream, empty, with no Content-Type (a string body would add one).
      body: new ReadableStream({ start: (c) => c.close() }),
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    expect(browserLike.body).not.toBeNull();
    expect((await sessionRoute.DELETE(browserLike, ctx())).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
  });

  it("a role change counts from the next request", async () => {
    const u = await addAccount("Reader");
    const cookie = cookieOf(await signIn({ username: u.username, password: u.password }));
    const listAs = () => accountsRoute.GET(req("GET", "/api/accounts", undefined, { cookie }), ctx());
    expect((await listAs()).status).toBe(403);
    const change = await json(
      await accountRoute.PATCH(
        req("PATCH", "/api/accounts/x", { role: "Admin" }, { cookie: await adminCookie() }),
        ctx({ id: u.id }),
      ),
    );
    expect(change.status).toBe(200);
    expect((await me(cookie)).body.role).toBe("Admin");
    expect((await listAs()).status).toBe(200);
  });

  it("disabling or deleting an account ends its sessions at once; a new password ends them too", async () => {
    const admin = await adminCookie();
    const patch = (id: string, body: unknown) =>
      accountRoute.PATCH(req("PATCH", "/api/accounts/x", body, { cookie: admin }), ctx({ id }));

    const a = await addAccount("DataScientist");
    const ca = cookieOf(await signIn({ username: a.username, password: a.password }));
    expect((await patch(a.id, { disabled: true })).status).toBe(200);
    const disabled = await me(ca);
    expect(disabled.status).toBe(401);
    expect(disabled.body.error.message).toMatch(/signed out|disabled/);
    const again = await signIn({ username: a.username, password: a.password });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toMatch(/disabled/);

    const b = await addAccount("Reader");
    const cb = cookieOf(await signIn({ username: b.username, password: b.password }));
    const del = await accountRoute.DELETE(
      req("DELETE", "/api/accounts/x", undefined, { cookie: admin }),
      ctx({ id: b.id }),
    );
    expect(del.status).toBe(200);
    expect((await me(cb)).status).toBe(401);
    expect(await db.session.count({ where: { userId: b.id } })).toBe(0);

    const c = await addAccount("Reader");
    const cc = cookieOf(await signIn({ username: c.username, password: c.password }));
    expect((await patch(c.id, { password: "a brand new password" })).status).toBe(200);
    expect((await me(cc)).status).toBe(401);
    expect((await signIn({ username: c.username, password: "a brand new password" })).status).toBe(200);
  });

  it("a disabled built-in account cannot sign in and its sessions stop; enabling it restores sign-in", async () => {
    const admin = await adminCookie();
    const reader = cookieOf(await signIn({ account: "reader" }));
    const id = "00000000-0000-4000-a000-000000000001";
    const off = await accountRoute.PATCH(
      req("PATCH", "/api/accounts/x", { disabled: true }, { cookie: admin }),
      ctx({ id }),
    );
    expect(off.status).toBe(200);
    expect((await me(reader)).status).toBe(401);
    expect((await signIn({ account: "reader" })).status).toBe(403);
    await accountRoute.PATCH(req("PATCH", "/api/accounts/x", { disabled: false }, { cookie: admin }), ctx({ id }));
    expect((await signIn({ account: "reader" })).status).toBe(200);
  });

  it("a change that says nothing → 400; an unknown account → 404; nothing changes", async () => {
    const admin = await adminCookie();
    const id = "00000000-0000-4000-a000-000000000002";
    const before = await db.localUser.findUniqueOrThrow({ where: { id } });
    const empty = await json(
      await accountRoute.PATCH(req("PATCH", "/api/accounts/x", {}, { cookie: admin }), ctx({ id })),
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/Say what to change/);
    const extra = await json(
      await accountRoute.PATCH(req("PATCH", "/api/accounts/x", { builtin: false }, { cookie: admin }), ctx({ id })),
    );
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/Unknown field "builtin"/);
    const gone = await json(
      await accountRoute.DELETE(
        req("DELETE", "/api/accounts/x", undefined, { cookie: admin }),
        ctx({ id: "no-such-id" }),
      ),
    );
    expect(gone.status).toBe(404);
    expect(await db.localUser.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  it("an admin cannot lock themselves out", async () => {
    const admin = await adminCookie();
    const id = "00000000-0000-4000-a000-000000000003";
    const r = await json(
      await accountRoute.PATCH(req("PATCH", "/api/accounts/x", { disabled: true }, { cookie: admin }), ctx({ id })),
    );
    expect(r.status).toBe(409);
    expect((await me(admin)).status).toBe(200);
  });

  it("an expired session (absolute) → 401; an idle one → 401", async () => {
    const c1 = cookieOf(await signIn({ account: "scientist" }));
    const sid1 = (await me(c1)).status === 200 ? await sessionIdOf(c1) : "";
    await db.session.update({ where: { id: sid1 }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await me(c1);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);

    const c2 = cookieOf(await signIn({ account: "scientist" }));
    const sid2 = await sessionIdOf(c2);
    await db.session.update({ where: { id: sid2 }, data: { lastSeenAt: new Date(Date.now() - 13 * 3600_000) } });
    const idle = await me(c2);
    expect(idle.status).toBe(401);
    expect(idle.body.error.message).toMatch(/720 minutes without activity/);
  });

  it("a session's cookie lives as long as the session (7 days by default)", async () => {
    const r = await signIn({ account: "reader" });
    expect(r.headers.get("set-cookie")).toMatch(/Max-Age=604800/);
    const row = await db.session.findUniqueOrThrow({ where: { id: await sessionIdOf(cookieOf(r)) } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 24 * 3600_000);
  });
});

async function sessionIdOf(cookie: string): Promise<string> {
  const payload = JSON.parse(Buffer.from(cookie.split(".")[1], "base64url").toString());
  return payload.sid;
}
