import "server-only";
import type { NextRequest } from "next/server";
import { config } from "./config";
import { ApiError } from "./errors";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Cross-site request forgery and content-type rules of every route (the route factory calls this first).
 *
 * SameSite=Lax keeps the session cookie off cross-site requests, but not off requests from another origin of the
 * same site (another app on localhost, on another port). So an unsafe method must come from the studio's own
 * origin: `Origin` equal to it, or (when a browser sends no Origin) `Sec-Fetch-Site: same-origin`; neither means
 * refused. A bearer call (MSAL) carries no ambient credential, so it is exempt from the origin rule. A body must
 * say it is JSON (a cross-origin form can only send text/plain, urlencoded or multipart without a preflight),
 * except on routes that stream raw uploads.
 */
export function checkRequestOrigin(req: NextRequest, bodyType: "json" | "binary"): void {
  if (!UNSAFE_METHODS.has(req.method)) return;
  const bearer = /^bearer\s/i.test(req.headers.get("authorization") ?? "");
  if (!bearer) {
    const origin = req.headers.get("origin");
    const site = req.headers.get("sec-fetch-site");
    // A browser that says the page is on another origin is believed even when Origin looks right.
    if (site === "cross-site" || site === "same-site")
      throw new ApiError(
        403,
        "CrossOriginRequest",
        `A ${req.method} from a ${site} page was refused: the studio accepts changes only from its own pages.`,
      );
    if (origin !== null) {
      if (!ownOrigins(req).has(origin.toLowerCase()))
        throw new ApiError(
          403,
          "CrossOriginRequest",
          `A ${req.method} from ${origin} was refused: the studio accepts changes only from its own pages.`,
        );
    } else if (site !== "same-origin") {
      throw new ApiError(
        403,
        "CrossOriginRequest",
        `A ${req.method} without an Origin header was refused: send Origin (browsers do) or a bearer token.`,
      );
    }
  }
  if (bodyType === "binary" || !hasBody(req)) return;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      `The body was sent as ${type || "no content type"}; this route takes application/json.`,
    );
}

/**
 * HTTP/1.1 frames a request body only by Content-Length or Transfer-Encoding. NextRequest.body is a stream even for
 * a bodiless DELETE (a browser's sign-out sends neither header nor a Content-Type), so the stream alone does not
 * count; a stream with a Content-Type does (requests built in-process carry no Content-Length).
 */
function hasBody(req: NextRequest): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  if (req.headers.has("transfer-encoding")) return true;
  return req.body !== null && req.headers.has("content-type");
}

/**
 * The studio's own origins: the one the request was addressed to (scheme from the URL, or from a trusted proxy's
 * X-Forwarded-Proto; host from Host), plus STUDIO_ORIGIN (comma-separated) for a studio behind a proxy that
 * rewrites Host.
 */
function ownOrigins(req: NextRequest): Set<string> {
  const out = new Set(config.studioOrigins);
  const host = req.headers.get("host") ?? req.nextUrl.host;
  out.add(`${req.nextUrl.protocol}//${host}`.toLowerCase());
  return out;
}
