import { NextResponse, type NextRequest } from "next/server";
import { checkHost, isHttps, HSTS } from "@/lib/server/host-guard";

/**
 * Runs before every page (Next.js proxy, Node.js runtime); API routes get the same Host check and their own policy
 * from the route factory (lib/server/route.ts), which every route under app/api is built with.
 *
 * - DNS rebinding: a studio bound to loopback answers only requests addressed to a loopback name (or to a
 *   STUDIO_ORIGIN host): lib/server/host-guard.ts.
 * - A Content-Security-Policy per response: pages get a fresh nonce that Next.js puts on its own scripts (the
 *   pages render dynamically: the root layout reads cookies).
 * The static security headers (nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options) are in next.config.js.
 */
export function proxy(request: NextRequest) {
  const refused = checkHost(request);
  if (refused) return refused;

  const https = isHttps(request);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pagePolicy(nonce, https);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Static build output needs neither a nonce nor the host check; API routes check the host themselves.
  matcher: [{ source: "/((?!_next/static|_next/image|api/).*)" }],
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
