import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before every page and API route (Next.js proxy, Node.js runtime).
 *
 * - DNS rebinding: a studio bound to loopback answers only requests addressed to a loopback name (or to a
 *   STUDIO_ORIGIN host). A page on evil.example whose DNS name is re-pointed at 127.0.0.1 would otherwise be
 *   same-origin with the studio in the browser's eyes.
 * - A Content-Security-Policy per response: pages get a fresh nonce that Next.js puts on its own scripts (the
 *   pages render dynamically: the root layout reads cookies); API answers get a policy that allows nothing.
 * The static security headers (nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options) are in next.config.js.
 */
export function proxy(request: NextRequest) {
  const refused = checkHost(request);
  if (refused) return refused;

  const https = isHttps(request);
  const isApi = request.nextUrl.pathname.startsWith("/api/");
  if (isApi) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    return response;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pagePolicy(nonce, https);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  // Static build output needs neither a nonce nor the host check.
  matcher: [{ source: "/((?!_next/static|_next/image).*)" }],
};

/** The page policy: scripts only with this response's nonce; connections only to the studio, storage and the OIDC authority. */
function pagePolicy(nonce: string, https: boolean): string {
  const dev = process.env.NODE_ENV === "development";
  const connect = ["'self'", ...storageOrigins(), ...authorityOrigins(), ...extraOrigins()];
  return [
    "default-src 'self'",
    // React needs eval only in development (server error stacks); never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Fluent UI's Griffel inserts its style rules at run time.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data: ${storageOrigins().join(" ")}`.trim(),
    `media-src 'self' blob: ${storageOrigins().join(" ")}`.trim(),
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Where the browser uploads to and reads from with short-lived URLs: the emulator, or Azure Storage. */
function storageOrigins(): string[] {
  if (process.env.UPSTREAM === "azure")
    return ["https://*.blob.core.windows.net", "https://*.dfs.core.windows.net", "https://*.file.core.windows.net"];
  const port = process.env.AZURITE_BLOB_PORT ?? "10000";
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** MSAL in the browser talks to the authority (discovery, token endpoint). */
function authorityOrigins(): string[] {
  const authority = process.env.OIDC_AUTHORITY;
  if (!authority) return [];
  try {
    return [new URL(authority).origin];
  } catch {
    return [];
  }
}

/** CSP_CONNECT_SRC: more origins the browser may call (space- or comma-separated), e.g. a sovereign cloud's storage. */
function extraOrigins(): string[] {
  return (process.env.CSP_CONNECT_SRC ?? "").split(/[\s,]+/).filter(Boolean);
}

function isHttps(request: NextRequest): boolean {
  if (request.nextUrl.protocol === "https:") return true;
  // Behind a TLS-terminating proxy the studio sees http; the proxy says what the browser used.
  return Boolean(process.env.TRUSTED_PROXY) && request.headers.get("x-forwarded-proto") === "https";
}

const LOOPBACK_BIND = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;
const LOOPBACK_NAME = /^(localhost|.+\.localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

function checkHost(request: NextRequest): Response | null {
  const bind = process.env.HOST?.trim() || "127.0.0.1";
  if (!LOOPBACK_BIND.test(bind)) return null;
  const host = request.headers.get("host") ?? "";
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
  return new NextResponse(
    `This studio listens on ${bind} and answers only requests addressed to localhost; "${host}" is not one. ` +
      "Set STUDIO_ORIGIN to the address it is served at (or HOST to open it to the network).\n",
    { status: 421, headers: { "content-type": "text/plain; charset=utf-8" } },
  );
}
