import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jwtVerify } from "jose";

vi.mock("server-only", () => ({}));

let dataDir: string;
let auth: typeof import("@/lib/server/auth");

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-upstream-"));
  process.env.DATA_DIR = dataDir;
  process.env.UPSTREAM = "local";
  delete process.env.LOCAL_WORKSPACE_TOKEN_SECRET;
  vi.resetModules();
  auth = await import("@/lib/server/auth");
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const admin = {
  id: "00000000-0000-4000-a000-000000000003",
  name: "Ada Admin",
  username: "admin@ml-studio.local",
  role: "Admin" as const,
  via: "session" as const,
};

describe("local upstream credential", () => {
  it("mints a 10-minute HS256 token with the documented claims", async () => {
    const before = Date.now();
    const t = await auth.upstreamCredential(admin).getToken("https://management.azure.com/.default");
    expect(t).not.toBeNull();
    const keyFile = path.join(dataDir, "secrets", "local-workspace-token.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const { payload, protectedHeader } = await jwtVerify(t!.token, new Uint8Array(fs.readFileSync(keyFile)), {
      issuer: "ml-studio-local",
      audience: "https://management.azure.com/",
      algorithms: ["HS256"],
    });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload).toMatchObject({
      oid: admin.id,
      name: "Ada Admin",
      preferred_username: "admin@ml-studio.local",
      roles: ["Admin"],
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(t!.expiresOnTimestamp).toBeGreaterThanOrEqual(before + 599_000);
    expect(t!.expiresOnTimestamp).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it("reuses the token until a minute before it expires", async () => {
    const a = await auth.upstreamCredential(admin).getToken([]);
    const b = await auth.upstreamCredential(admin).getToken([]);
    expect(b!.token).toBe(a!.token);
    const reader = await auth.upstreamCredential({ ...admin, id: "r", role: "Reader" }).getToken([]);
    expect(reader!.token).not.toBe(a!.token);

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 9.5 * 60_000);
      const c = await auth.upstreamCredential(admin).getToken([]);
      expect(c!.token).not.toBe(a!.token);
    } finally {
      vi.useRealTimers();
    }
  });

  it("uses LOCAL_WORKSPACE_TOKEN_SECRET when set", async () => {
    process.env.LOCAL_WORKSPACE_TOKEN_SECRET = "a-shared-secret-for-the-local-service";
    try {
      const t = await auth.mintLocalWorkspaceToken(
        admin,
        new TextEncoder().encode(process.env.LOCAL_WORKSPACE_TOKEN_SECRET),
      );
      await expect(
        jwtVerify(t.token, new TextEncoder().encode("a-shared-secret-for-the-local-service")),
      ).resolves.toBeTruthy();
    } finally {
      delete process.env.LOCAL_WORKSPACE_TOKEN_SECRET;
    }
  });
});
