/**
 * proxy.ts without a server: the page and API policies, HSTS only over https (directly or from a trusted TLS
 * proxy), the Host check and STUDIO_ORIGIN, and the OIDC authority and storage in connect-src.
 */
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["HOST", "STUDIO_ORIGIN", "TRUSTED_PROXY", "OIDC_AUTHORITY", "UPSTREAM", "AZURITE_BLOB_PORT"])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

const run = (url: string, headers: Record<string, string> = {}) =>
  proxy(new NextRequest(url, { headers: { host: new URL(url).host, ...headers } }));

describe("proxy.ts", () => {
  it("pages: script-src with a nonce and strict-dynamic; the nonce is passed to rendering", () => {
    const res = run("http://localhost:3000/w/x");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(res.headers.get("x-middleware-request-x-nonce")).toBe(/'nonce-([^']+)'/.exec(csp)![1]);
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("connect-src: the studio, the emulator's port, the OIDC authority; Azure Storage in Azure mode", () => {
    process.env.AZURITE_BLOB_PORT = "10123";
    process.env.OIDC_AUTHORITY = "https://login.microsoftonline.com/tenant-id/v2.0";
    let csp = run("http://localhost:3000/").headers.get("content-security-policy")!;
    expect(csp).toContain(
      "connect-src 'self' http://127.0.0.1:10123 http://localhost:10123 https://login.microsoftonline.com",
    );
    process.env.UPSTREAM = "azure";
    csp = run("http://localhost:3000/").headers.get("content-security-policy")!;
    expect(csp).toContain("https://*.blob.core.windows.net");
    expect(csp).not.toContain("127.0.0.1:10123");
  });

  it("HSTS and upgrade-insecure-requests over https, and from a trusted TLS proxy only", () => {
    process.env.HOST = "0.0.0.0";
    expect(run("https://studio.example.com/").headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(run("https://studio.example.com/").headers.get("content-security-policy")).toContain(
      "upgrade-insecure-requests",
    );
    const claimed = { "x-forwarded-proto": "https" };
    expect(run("http://studio.example.com/", claimed).headers.get("strict-transport-security")).toBeNull();
    process.env.TRUSTED_PROXY = "10.0.0.1";
    expect(run("http://studio.example.com/", claimed).headers.get("strict-transport-security")).toMatch(/max-age=/);
  });

  it("bound to loopback: only loopback names, or STUDIO_ORIGIN's host, are answered", () => {
    delete process.env.HOST;
    // Pages only: API routes check the host in the route factory (lib/server/host-guard.test.ts, test/routes).
    expect(run("http://localhost:3000/w/x/models").status).not.toBe(421);
    expect(run("http://127.0.0.1:3000/w/x/models").status).not.toBe(421);
    expect(run("http://[::1]:3000/w/x/models").status).not.toBe(421);
    expect(run("http://evil.example:3000/w/x/models").status).toBe(421);
    process.env.STUDIO_ORIGIN = "http://studio.internal:3000";
    expect(run("http://studio.internal:3000/").status).not.toBe(421);
    process.env.HOST = "0.0.0.0";
    expect(run("http://evil.example:3000/").status).not.toBe(421);
  });
});
