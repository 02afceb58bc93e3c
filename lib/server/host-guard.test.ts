import { afterEach, describe, expect, it } from "vitest";
import { API_CSP, checkHost, withApiHeaders } from "./host-guard";

const req = (url: string, host?: string) => ({
  nextUrl: new URL(url),
  headers: new Headers(host === undefined ? {} : { host }),
});

afterEach(() => {
  delete process.env.HOST;
  delete process.env.STUDIO_ORIGIN;
});

describe("host guard", () => {
  it("a loopback-bound studio refuses another Host with 421, whatever the URL says", async () => {
    expect(checkHost(req("http://localhost:3000/api/x", "localhost:3000"))).toBeNull();
    expect(checkHost(req("http://127.0.0.1:3000/api/x", "app.localhost:3000"))).toBeNull();
    const refused = checkHost(req("http://localhost:3000/api/x", "evil.example:3000"))!;
    expect(refused.status).toBe(421);
    expect(await refused.text()).toContain('"evil.example:3000" is not one');
  });

  it("without a Host header (a request built in process) the URL's host is checked", () => {
    expect(checkHost(req("http://127.0.0.1:3000/api/x"))).toBeNull();
    expect(checkHost(req("http://evil.example/api/x"))?.status).toBe(421);
  });

  it("STUDIO_ORIGIN names more hosts; a studio opened to the network (HOST) checks none", () => {
    process.env.STUDIO_ORIGIN = "http://studio.internal:3000";
    expect(checkHost(req("http://x/", "studio.internal:3000"))).toBeNull();
    expect(checkHost(req("http://x/", "studio.internal:4000"))?.status).toBe(421);
    process.env.HOST = "0.0.0.0";
    expect(checkHost(req("http://x/", "evil.example"))).toBeNull();
  });

  it("every API answer gets the policy, HSTS over https only; immutable headers are copied, not lost", async () => {
    const plain = withApiHeaders(new Response("{}", { status: 201 }), false);
    expect(plain.headers.get("content-security-policy")).toBe(API_CSP);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const redirect = withApiHeaders(Response.redirect("http://localhost/elsewhere", 302), true);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("http://localhost/elsewhere");
    expect(redirect.headers.get("content-security-policy")).toBe(API_CSP);
    expect(redirect.headers.get("strict-transport-security")).toMatch(/max-age=/);
  });
});
