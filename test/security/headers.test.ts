/**
 * Security headers on real answers of the production build (scripts/start-studio.sh → `next start`): pages carry
 * a CSP whose nonce is on every script Next.js renders (a fresh one per response, no unsafe-eval), API answers a
 * CSP that allows nothing, every answer nosniff / Referrer-Policy / Permissions-Policy / X-Frame-Options; a request
 * addressed to a name other than localhost (DNS rebinding) is refused, by the proxy for pages and by the route
 * factory for API routes (which the proxy skips), an unknown API path included. proxy.test.ts covers the branches
 * (HSTS behind a TLS proxy, STUDIO_ORIGIN) without a server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, freePort, startNextStudio, stopProcessGroup, type StartedStudio } from "../support/next-server";

let studio: StartedStudio;
let port = 0;
let dataDir = "";

beforeAll(async () => {
  await ensureBuild();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-headers-"));
  port = await freePort();
  // No local workspace service: the sign-in page and the public API answer without one.
  studio = await startNextStudio("script", port, { DATA_DIR: dataDir });
}, 900_000);

afterAll(async () => {
  if (studio) await stopProcessGroup(studio.child);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const get = (p: string) => fetch(`http://127.0.0.1:${port}${p}`, { redirect: "manual" });

function expectCommonHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
  expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http
}

describe("security headers of the built studio", () => {
  it("a page: CSP with this response's nonce on every script, no unsafe-eval, frame-ancestors 'none'", async () => {
    const res = await get("/sign-in");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    const again = (await get("/sign-in")).headers.get("content-security-policy") ?? "";
    expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
  });

  it("an API answer: a CSP that allows nothing, and the common headers", async () => {
    const res = await get("/api/auth/config");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("an API path no route serves: a JSON 404 with the API's policy, not the page for a missing page", async () => {
    for (const method of ["GET", "DELETE"]) {
      // A change from the studio's own page (any other origin is refused with 403 first).
      const res = await fetch(`http://127.0.0.1:${port}/api/no/such/thing`, {
        method,
        headers: { origin: `http://127.0.0.1:${port}` },
      });
      expect(res.status).toBe(404);
      expectCommonHeaders(res);
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toBe(`There is no API at ${method} /api/no/such/thing.`);
    }
  });

  it("a static file carries the common headers", async () => {
    const res = await get("/icon.svg");
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
  });

  it("a request addressed to another name (DNS rebinding) → 421, nothing rendered", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path: "/api/auth/config", headers: { host: `evil.example:${port}` } },
        (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(answer.status).toBe(421);
    expect(answer.body).toMatch(/answers only requests addressed to localhost/);
  });

  it("API routes check the Host themselves (the proxy skips them): a rebinding request to any API path → 421", async () => {
    const status = (p: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path: p, headers: { host: "evil.example" } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end();
      });
    for (const p of ["/api/auth/session", "/api/workspaces", "/api/no/such/thing", "/sign-in"])
      expect(await status(p), p).toBe(421);
  });
});
