import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { SignJWT } from "jose";

vi.mock("server-only", () => ({}));

let dataDir: string;
let auth: typeof import("@/lib/server/auth");
let sessionRoute: typeof import("@/app/api/auth/session/route");
let configRoute: typeof import("@/app/api/auth/config/route");
const ctx = { params: Promise.resolve({}) };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-session-"));
  process.env.DATA_DIR = dataDir;
  delete process.env.SESSION_SECRET;
  delete process.env.OIDC_AUTHORITY;
  delete process.env.LOCAL_ACCOUNTS;
  vi.resetModules();
  auth = await import("@/lib/server/auth");
  sessionRoute = await import("@/app/api/auth/session/route");
  configRoute = await import("@/app/api/auth/config/route");
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The studio's own pages send their Origin on unsafe methods (lib/server/request-guard.ts). */
const ORIGIN = "http://localhost:3000";

async function signIn(account: string, url = "http://localhost:3000/api/auth/session") {
  return sessionRoute.POST(
    new NextRequest(url, {
      method: "POST",
      body: JSON.stringify({ account }),
      headers: { "content-type": "application/json", "x-mls-peer-address": "127.0.0.1", origin: new URL(url).origin },
    }),
    ctx,
  );
}

function cookieValue(res: Response) {
  const header = res.headers.get("set-cookie") ?? "";
  return { header, value: /mls_session=([^;]*)/.exec(header)?.[1] ?? "" };
}

const withCookie = (value: string) =>
  new NextRequest("http://localhost:3000/api/auth/session", {
    headers: { cookie: `theme=dark; mls_session=${value}` },
  });

describe("local session", () => {
  it("signs in a local account, sets a locked-down cookie and round-trips it", async () => {
    const res = await signIn("scientist");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "Dana Scientist", role: "DataScientist", via: "session" });
    const { header, value } = cookieValue(res);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    expect(header).toMatch(/Max-Age=604800/);
    expect(header).not.toMatch(/Secure/);

    const p = await auth.authenticate(withCookie(value));
    expect(p).toEqual({
      id: "00000000-0000-4000-a000-000000000002",
      name: "Dana Scientist",
      username: "scientist@ml-studio.local",
      role: "DataScientist",
      via: "session",
      sessionId: expect.any(String),
    });

    const me = await sessionRoute.GET(withCookie(value), ctx);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: "DataScientist", via: "session" });
  });

  it("creates the session key once, 0600, 32 random bytes as hex", async () => {
    const file = path.join(dataDir, "secrets", "session.key");
    const stat = fs.statSync(file);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("marks the cookie Secure over https", async () => {
    // Served at a name other than localhost, which the studio must be told (lib/server/host-guard.ts).
    process.env.STUDIO_ORIGIN = "https://studio.example.com";
    try {
      const res = await signIn("admin", "https://studio.example.com/api/auth/session");
      expect(res.status).toBe(200);
      expect(cookieValue(res).header).toMatch(/; Secure/);
    } finally {
      delete process.env.STUDIO_ORIGIN;
    }
  });

  it("rejects a tampered cookie", async () => {
    const { value } = cookieValue(await signIn("reader"));
    const [h, , s] = value.split(".");
    const payload = JSON.parse(Buffer.from(value.split(".")[1], "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: "00000000-0000-4000-a000-000000000003" })).toString("base64url")}.${s}`;
    await expect(auth.authenticate(withCookie(forged))).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/signature does not match/),
    });
    const other = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(payload.sub)
      .setIssuer("ml-studio")
      .setAudience("ml-studio/session")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-12"));
    await expect(auth.authenticate(withCookie(other))).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/signature does not match/),
    });
  });

  it("rejects an expired or malformed cookie with distinct messages", async () => {
    const key = new Uint8Array(fs.readFileSync(path.join(dataDir, "secrets", "session.key")));
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("00000000-0000-4000-a000-000000000001")
      .setIssuer("ml-studio")
      .setAudience("ml-studio/session")
      .setIssuedAt(now - 9 * 3600)
      .setExpirationTime(now - 3600)
      .sign(key);
    await expect(auth.authenticate(withCookie(expired))).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/session has expired/),
    });
    await expect(auth.authenticate(withCookie("garbage"))).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/malformed/),
    });
    const res = await sessionRoute.GET(withCookie("garbage"), ctx);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/malformed/);
  });

  it("answers 400 naming an unknown account", async () => {
    const res = await signIn("mallory");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "InvalidInput", field: "account" });
    expect(body.error.message).toMatch(/Unknown account "mallory"/);
  });

  it("signs out by clearing the cookie", async () => {
    const res = await sessionRoute.DELETE(
      new NextRequest("http://localhost:3000/api/auth/session", { method: "DELETE", headers: { origin: ORIGIN } }),
      ctx,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/mls_session=;.*Max-Age=0/);
  });

  it("signs out server-side: the old cookie value is refused afterwards", async () => {
    const { value } = cookieValue(await signIn("reader"));
    expect((await sessionRoute.GET(withCookie(value), ctx)).status).toBe(200);
    const out = await sessionRoute.DELETE(
      new NextRequest("http://localhost:3000/api/auth/session", {
        method: "DELETE",
        headers: { cookie: `mls_session=${value}`, origin: ORIGIN },
      }),
      ctx,
    );
    expect(out.status).toBe(200);
    const again = await sessionRoute.GET(withCookie(value), ctx);
    expect(again.status).toBe(401);
    expect((await again.json()).error.message).toMatch(/signed out/);
  });

  it("GET without credentials is 401", async () => {
    const res = await sessionRoute.GET(new NextRequest("http://localhost:3000/api/auth/session"), ctx);
    expect(res.status).toBe(401);
  });

  it("the config route lists local accounts and no MSAL", async () => {
    const res = await configRoute.GET(new NextRequest("http://localhost:3000/api/auth/config"), ctx);
    const body = await res.json();
    expect(body.msal).toBeNull();
    expect(body.localAccounts.map((a: { id: string; role: string }) => [a.id, a.role])).toEqual([
      ["reader", "Reader"],
      ["scientist", "DataScientist"],
      ["admin", "Admin"],
    ]);
  });
});

describe("local accounts turned off", () => {
  it("refuses sign-in and cookie sessions", async () => {
    const { value } = cookieValue(await signIn("admin"));
    process.env.LOCAL_ACCOUNTS = "off";
    vi.resetModules();
    try {
      const route = await import("@/app/api/auth/session/route");
      const a = await import("@/lib/server/auth");
      const res = await route.POST(
        new NextRequest("http://localhost:3000/api/auth/session", {
          method: "POST",
          body: JSON.stringify({ account: "admin" }),
          headers: { "content-type": "application/json", origin: ORIGIN },
        }),
        ctx,
      );
      expect(res.status).toBe(404);
      await expect(a.authenticate(withCookie(value))).rejects.toMatchObject({
        status: 401,
        message: expect.stringMatching(/Local accounts are turned off/),
      });
      const cfg = await (
        await import("@/app/api/auth/config/route")
      ).GET(new NextRequest("http://localhost:3000/api/auth/config"), ctx);
      expect((await cfg.json()).localAccounts).toBeNull();
    } finally {
      delete process.env.LOCAL_ACCOUNTS;
    }
  });
});
