/**
 * Sessions, accounts and the sign-in rate limit on PostgreSQL (the replicas' database): the same rules as on
 * SQLite (test/auth/sign-in.test.ts), through the hand-written postgres migration.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";

vi.mock("server-only", () => ({}));

const PG_BASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `auth_${crypto.randomBytes(5).toString("hex")}`;
let dataDir: string;
let sessionRoute: typeof import("@/app/api/auth/session/route");
let accountsRoute: typeof import("@/app/api/accounts/route");
let accountRoute: typeof import("@/app/api/accounts/[id]/route");
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-auth-pg-"));
  process.env.DATA_DIR = dataDir;
  const u = new URL(PG_BASE_URL);
  u.searchParams.set("schema", schema);
  process.env.DATABASE_URL = u.toString();
  for (const k of ["SESSION_SECRET", "OIDC_AUTHORITY", "LOCAL_ACCOUNTS", "HOST", "LOCAL_SIGN_IN_TOKEN_REQUIRED"])
    delete process.env[k];
  vi.resetModules();
  sessionRoute = await import("@/app/api/auth/session/route");
  accountsRoute = await import("@/app/api/accounts/route");
  accountRoute = await import("@/app/api/accounts/[id]/route");
});

afterAll(async () => {
  await (await import("@/lib/server/db")).closeDb().catch(() => {});
  delete process.env.DATABASE_URL;
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function req(method: string, body: unknown, o: { cookie?: string; from?: string } = {}) {
  const headers: Record<string, string> = { "x-mls-peer-address": o.from ?? "127.0.0.1" };
  if (method !== "GET") headers.origin = "http://localhost:3000";
  if (body !== undefined) headers["content-type"] = "application/json";
  if (o.cookie) headers.cookie = `mls_session=${o.cookie}`;
  return new NextRequest("http://localhost:3000/api/x", {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const cookieOf = (r: Response) => /mls_session=([^;]*)/.exec(r.headers.get("set-cookie") ?? "")?.[1] ?? "";

describe("local accounts on PostgreSQL", () => {
  it("password sign-in, role change at the next request, sign-out, disable, rate limit", async () => {
    const admin = cookieOf(await sessionRoute.POST(req("POST", { account: "admin" }), ctx()));
    const created = await accountsRoute.POST(
      req(
        "POST",
        { username: "pg-user", displayName: "PG", role: "Reader", password: "postgres password" },
        { cookie: admin },
      ),
      ctx(),
    );
    expect(created.status).toBe(201);
    const id = (await created.json()).data.id;

    const signedIn = await sessionRoute.POST(
      req("POST", { username: "pg-user", password: "postgres password" }),
      ctx(),
    );
    expect(signedIn.status).toBe(200);
    const user = cookieOf(signedIn);
    const whoami = async () => sessionRoute.GET(req("GET", undefined, { cookie: user }), ctx());
    expect((await (await whoami()).json()).role).toBe("Reader");

    await accountRoute.PATCH(req("PATCH", { role: "DataScientist" }, { cookie: admin }), ctx({ id }));
    expect((await (await whoami()).json()).role).toBe("DataScientist");

    await sessionRoute.DELETE(req("DELETE", undefined, { cookie: user }), ctx());
    expect((await whoami()).status).toBe(401);

    const second = cookieOf(
      await sessionRoute.POST(req("POST", { username: "pg-user", password: "postgres password" }), ctx()),
    );
    await accountRoute.PATCH(req("PATCH", { disabled: true }, { cookie: admin }), ctx({ id }));
    expect((await sessionRoute.GET(req("GET", undefined, { cookie: second }), ctx())).status).toBe(401);

    for (let i = 0; i < 5; i++)
      expect(
        (await sessionRoute.POST(req("POST", { account: "reader", token: "wrong" }, { from: "10.213.0.9" }), ctx()))
          .status,
      ).toBe(401);
    const limited = await sessionRoute.POST(
      req("POST", { account: "reader", token: "wrong" }, { from: "10.213.0.9" }),
      ctx(),
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
