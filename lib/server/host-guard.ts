/**
 * The studio's answer to DNS rebinding, and the headers every API answer carries. Shared by proxy.ts (pages) and
 * the route factory (API routes, which the proxy skips: running it cost each API call ~1.5 ms, a quarter of a
 * cached list's time). No "server-only" here: proxy.ts imports it.
 */
const LOOPBACK_BIND = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;
const LOOPBACK_NAME = /^(localhost|.+\.localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** The policy of an API answer: it is data, never a document, so it may load and be framed by nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
export const HSTS = "max-age=31536000; includeSubDomains";

type Req = { headers: Headers; nextUrl: URL };

/**
 * A studio bound to loopback answers only requests addressed to a loopback name (or to a STUDIO_ORIGIN host): a
 * page on evil.example whose DNS name is re-pointed at 127.0.0.1 would otherwise be same-origin with the studio in
 * the browser's eyes. Returns the 421 answer to send, or null.
 */
export function checkHost(request: Req): Response | null {
  const bind = process.env.HOST?.trim() || "127.0.0.1";
  if (!LOOPBACK_BIND.test(bind)) return null;
  // A browser always sends Host (the rebinding page's own name); a request built in process may only have its URL.
  const host = request.headers.get("host") ?? request.nextUrl.host;
  const name = host.replace(/:\d+$/, "");
  if (LOOPBACK_NAME.test(name)) return null;
  const allowed = (process.env.STUDIO_ORIGIN ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean)
    .some((o) => {
      try {
        return new URL(o).host.toLowerCase() === host.toLowerCase();
      } catch {
        return false;
      }
    });
  if (allowed) return null;
  return new Response(
    `This studio listens on ${bind} and answers only requests addressed to localhost; "${host}" is not one. ` +
      "Set STUDIO_ORIGIN to the address it is served at (or HOST to open it to the network).\n",
    { status: 421, headers: { "content-type": "text/plain; charset=utf-8" } },
  );
}

export function isHttps(request: Req): boolean {
  if (request.nextUrl.protocol === "https:") return true;
  // Behind a TLS-terminating proxy the studio sees http; the proxy says what the browser used.
  return Boolean(process.env.TRUSTED_PROXY) && request.headers.get("x-forwarded-proto") === "https";
}

/** An API answer with its policy (and HSTS over https); a Response whose headers are immutable is copied. */
export function withApiHeaders(response: Response, https: boolean): Response {
  let res = response;
  try {
    res.headers.set("Content-Security-Policy", API_CSP);
  } catch {
    res = new Response(response.body, response);
    res.headers.set("Content-Security-Policy", API_CSP);
  }
  if (https) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}
