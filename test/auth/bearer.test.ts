import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPair } from "jose";
import { AUDIENCE, b64url, signAccessToken, startFakeAuthority } from "./helpers";

vi.mock("server-only", () => ({}));

type AuthModule = typeof import("@/lib/server/auth");
let auth: AuthModule;
let authority: Awaited<ReturnType<typeof startFakeAuthority>>;
let dataDir: string;

beforeAll(async () => {
  authority = await startFakeAuthority();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-auth-"));
  process.env.DATA_DIR = dataDir;
  process.env.OIDC_AUTHORITY = authority.issuer;
  process.env.OIDC_CLIENT_ID = "spa-client";
  process.env.OIDC_AUDIENCE = AUDIENCE;
  delete process.env.OIDC_ISSUER;
  delete process.env.OIDC_JWKS_URI;
  vi.resetModules();
  auth = await import("@/lib/server/auth");
});

afterAll(async () => {
  await authority.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const withBearer = (token: string) =>
  new Request("http://localhost/api/x", { headers: { authorization: `Bearer ${token}` } });

async function rejection(req: Request) {
  try {
    await auth.authenticate(req);
  } catch (err) {
    return err as { status: number; message: string; code: string };
  }
  throw new Error("expected authenticate to reject");
}

describe("bearer tokens", () => {
  it("accepts a valid token and maps the roles claim", async () => {
    const token = await signAccessToken(
      authority.privateKey,
      { roles: ["DataScientist"] },
      { issuer: authority.issuer },
    );
    const p = await auth.authenticate(withBearer(token));
    expect(p).toEqual({
      id: "oid-ada",
      name: "Ada Lovelace",
      username: "ada@example.com",
      role: "DataScientist",
      via: "bearer",
      bearerToken: token,
    });
  });

  it("takes the highest known role and ignores unknown ones", async () => {
    const token = await signAccessToken(
      authority.privateKey,
      { roles: ["Reader", "Something.Else", "Admin"] },
      { issuer: authority.issuer },
    );
    expect((await auth.authenticate(withBearer(token))).role).toBe("Admin");
    const single = await signAccessToken(authority.privateKey, { roles: "Reader" }, { issuer: authority.issuer });
    expect((await auth.authenticate(withBearer(single))).role).toBe("Reader");
  });

  it("answers 403 'no studio role assigned' without a known role", async () => {
    for (const roles of [undefined, [], ["Owner"]]) {
      const token = await signAccessToken(authority.privateKey, { roles }, { issuer: authority.issuer });
      const err = await rejection(withBearer(token));
      expect(err.status).toBe(403);
      expect(err.message).toMatch(/no studio role assigned/i);
    }
  });

  it("tolerates a little clock skew but not an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const skewed = await signAccessToken(
      authority.privateKey,
      { roles: ["Reader"] },
      { issuer: authority.issuer, iat: now - 3600, expiresIn: now - 20 },
    );
    expect((await auth.authenticate(withBearer(skewed))).role).toBe("Reader");
    const expired = await signAccessToken(
      authority.privateKey,
      { roles: ["Reader"] },
      { issuer: authority.issuer, iat: now - 7200, expiresIn: now - 600 },
    );
    const err = await rejection(withBearer(expired));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/has expired/);
  });

  it("rejects a wrong issuer", async () => {
    const token = await signAccessToken(
      authority.privateKey,
      { roles: ["Reader"] },
      { issuer: "https://evil.example.com" },
    );
    const err = await rejection(withBearer(token));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/issued by "https:\/\/evil.example.com", not the configured authority/);
  });

  it("rejects a wrong audience", async () => {
    const token = await signAccessToken(
      authority.privateKey,
      { roles: ["Reader"] },
      { issuer: authority.issuer, audience: "api://someone-else" },
    );
    const err = await rejection(withBearer(token));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/audience "api:\/\/someone-else", not the studio API/);
  });

  it("rejects a forged signature (another key with the same kid)", async () => {
    const other = await generateKeyPair("RS256");
    const token = await signAccessToken(other.privateKey, { roles: ["Admin"] }, { issuer: authority.issuer });
    const err = await rejection(withBearer(token));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/signature is invalid/);
  });

  it("rejects a token signed with a key the authority does not publish", async () => {
    const other = await generateKeyPair("RS256");
    const token = await signAccessToken(
      other.privateKey,
      { roles: ["Admin"] },
      { issuer: authority.issuer, kid: "unknown-kid" },
    );
    const err = await rejection(withBearer(token));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/key the authority does not publish/);
  });

  it("rejects a tampered payload", async () => {
    const token = await signAccessToken(authority.privateKey, { roles: ["Reader"] }, { issuer: authority.issuer });
    const [h, , s] = token.split(".");
    const forged = `${h}.${b64url({ iss: authority.issuer, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600, sub: "x", roles: ["Admin"] })}.${s}`;
    const err = await rejection(withBearer(forged));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/signature is invalid/);
  });

  it('rejects alg "none"', async () => {
    const payload = {
      iss: authority.issuer,
      aud: AUDIENCE,
      exp: Math.floor(Date.now() / 1000) + 600,
      sub: "x",
      roles: ["Admin"],
    };
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.`;
    const err = await rejection(withBearer(unsigned));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/unsigned \(alg "none"\)/);
  });

  it("rejects an HMAC token signed with a guessable secret", async () => {
    const token = await signAccessToken(
      new TextEncoder().encode("x".repeat(32)),
      { roles: ["Admin"] },
      { issuer: authority.issuer, alg: "HS256" },
    );
    const err = await rejection(withBearer(token));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/signed with HS256, which is not accepted/);
  });

  it("rejects malformed tokens and headers with distinct messages", async () => {
    const notJwt = await rejection(withBearer("not-a-jwt"));
    expect(notJwt.status).toBe(401);
    expect(notJwt.message).toMatch(/not a JWT/);
    const badHeader = await rejection(withBearer("%%%.abc.def"));
    expect(badHeader.message).toMatch(/header is not valid/);
    const badPayload = await rejection(withBearer(`${b64url({ alg: "RS256", kid: "test-key-1" })}.!!!.abc`));
    expect(badPayload.status).toBe(401);
    expect(badPayload.message).toMatch(/malformed|signature/);
    const basic = await rejection(
      new Request("http://localhost/", { headers: { authorization: "Basic dXNlcjpwYXNz" } }),
    );
    expect(basic.message).toMatch(/Authorization header is malformed/);
  });

  it("answers 401 naming what is missing when there is no credential", async () => {
    const err = await rejection(new Request("http://localhost/"));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/Not signed in/);
  });
});
