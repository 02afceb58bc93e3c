import "server-only";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { ApiError } from "../errors";
import { sessionKey } from "./secrets";
import { findLocalAccountById, type LocalAccount } from "./local-accounts";

export const SESSION_COOKIE = "mls_session";
export const SESSION_TTL_SECONDS = 8 * 60 * 60;
const SESSION_ISSUER = "ml-studio";
const SESSION_AUDIENCE = "ml-studio/session";

/** The value of the `mls_session` cookie for a local account: an HS256 JWT valid for 8 hours. */
export async function createSessionToken(account: LocalAccount, key: Uint8Array = sessionKey()): Promise<string> {
  return new SignJWT({ name: account.name, preferred_username: account.username, role: account.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(account.id)
    .setIssuer(SESSION_ISSUER)
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(key);
}

/** The local account a session cookie names; ApiError 401 saying what is wrong with it otherwise. */
export async function verifySessionToken(token: string, key: Uint8Array = sessionKey()): Promise<LocalAccount> {
  let sub: string | undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: SESSION_ISSUER,
      audience: SESSION_AUDIENCE,
      clockTolerance: 30,
    });
    sub = payload.sub;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw ApiError.unauthorized("Your session has expired; sign in again.");
    if (err instanceof joseErrors.JWSSignatureVerificationFailed)
      throw ApiError.unauthorized("The session cookie is invalid (its signature does not match); sign in again.");
    if (err instanceof joseErrors.JWTClaimValidationFailed)
      throw ApiError.unauthorized(`The session cookie is invalid (${err.claim} claim: ${err.reason}); sign in again.`);
    throw ApiError.unauthorized("The session cookie is malformed; sign in again.");
  }
  const account = sub ? findLocalAccountById(sub) : undefined;
  if (!account) throw ApiError.unauthorized("The session cookie names an account that does not exist; sign in again.");
  return account;
}

/** Set-Cookie value that stores a session (or, with an empty value, clears it). */
export function sessionCookieHeader(value: string, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  parts.push(value ? `Max-Age=${SESSION_TTL_SECONDS}` : "Max-Age=0");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Whether the request reached the studio over https (directly or through a proxy that says so). */
export function isHttps(req: Request): boolean {
  const forwarded = req.headers.get("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0].trim() === "https";
  return new URL(req.url).protocol === "https:";
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
