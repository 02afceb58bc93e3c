import "server-only";
import crypto from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Role } from "@/lib/domain/roles";
import { getDb } from "../db";
import { config } from "../config";
import { ApiError } from "../errors";
import { sessionKey } from "./secrets";
import { ensureBuiltinAccounts, principalOf } from "./users";

export const SESSION_COOKIE = "mls_session";
const SESSION_ISSUER = "ml-studio";
const SESSION_AUDIENCE = "ml-studio/session";
/** lastSeenAt is written at most this often per session, so a busy page costs one read per request, not a write. */
const TOUCH_EVERY_MS = 60_000;

export type SessionPrincipal = { id: string; name: string; username: string; role: Role; sessionId: string };

/** Seconds a new session lives at most (SESSION_MAX_HOURS, default 7 days); also the cookie's Max-Age. */
export const sessionMaxSeconds = () => Math.round(config.signIn.sessionMaxHours * 3600);

/**
 * Starts a server-side session for a local account (a `Session` row) and returns the `mls_session` cookie value:
 * an HS256 JWT naming the session (`sid`) and the account (`sub`), expiring with the session.
 */
export async function createSessionToken(account: { id: string }, key: Uint8Array = sessionKey()): Promise<string> {
  await ensureBuiltinAccounts();
  const db = await getDb();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + sessionMaxSeconds() * 1000);
  const id = crypto.randomBytes(24).toString("base64url");
  await db.session.create({ data: { id, userId: account.id, createdAt: now, lastSeenAt: now, expiresAt } });
  // Sessions that ended more than a day ago are of no use to anyone.
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] } });
  return new SignJWT({ sid: id })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(account.id)
    .setIssuer(SESSION_ISSUER)
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

/**
 * The session key as a WebCrypto key, imported once per key: jose imports a raw key on every verification, an
 * asynchronous WebCrypto job that every authenticated request would pay again.
 */
const verificationKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
function verificationKey(raw: Uint8Array): Promise<CryptoKey> {
  let key = verificationKeys.get(raw);
  if (!key) {
    key = crypto.webcrypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    verificationKeys.set(raw, key);
  }
  return key;
}

/** The session id a cookie names, if its signature is good (expired or not); for sign-out. */
export async function sessionIdOf(token: string, key: Uint8Array = sessionKey()): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, await verificationKey(key), {
      algorithms: ["HS256"],
      issuer: SESSION_ISSUER,
      audience: SESSION_AUDIENCE,
      // Signing out of an expired session still revokes it.
      currentDate: new Date(0),
    });
    return typeof payload.sid === "string" ? payload.sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The account behind a session cookie, read from the database at each call (one lookup by primary key with the
 * account), so sign-out, expiry, a disabled account or a role change count from the next request on.
 * ApiError 401 saying what is wrong otherwise.
 */
export async function verifySessionToken(token: string, key: Uint8Array = sessionKey()): Promise<SessionPrincipal> {
  let sub: string | undefined;
  let sid: unknown;
  try {
    const { payload } = await jwtVerify(token, await verificationKey(key), {
      algorithms: ["HS256"],
      issuer: SESSION_ISSUER,
      audience: SESSION_AUDIENCE,
      clockTolerance: 30,
    });
    sub = payload.sub;
    sid = payload.sid;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw ApiError.unauthorized("Your session has expired; sign in again.");
    if (err instanceof joseErrors.JWSSignatureVerificationFailed)
      throw ApiError.unauthorized("The session cookie is invalid (its signature does not match); sign in again.");
    if (err instanceof joseErrors.JWTClaimValidationFailed)
      throw ApiError.unauthorized(`The session cookie is invalid (${err.claim} claim: ${err.reason}); sign in again.`);
    throw ApiError.unauthorized("The session cookie is malformed; sign in again.");
  }
  if (typeof sid !== "string" || !sub)
    throw ApiError.unauthorized(
      "The session cookie names no session (it predates server-side sessions); sign in again.",
    );
  const db = await getDb();
  const session = await db.session.findUnique({ where: { id: sid }, include: { user: true } });
  if (!session || session.userId !== sub)
    throw ApiError.unauthorized("Your session has ended (signed out, or the account was removed); sign in again.");
  if (session.revokedAt) throw ApiError.unauthorized("You signed out of this session; sign in again.");
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) throw ApiError.unauthorized("Your session has expired; sign in again.");
  const idleMs = config.signIn.sessionIdleMinutes * 60_000;
  if (now - session.lastSeenAt.getTime() > idleMs)
    throw ApiError.unauthorized(
      `Your session expired after ${config.signIn.sessionIdleMinutes} minutes without activity; sign in again.`,
    );
  if (session.user.disabledAt)
    throw ApiError.unauthorized("Your account has been disabled by an administrator; ask them to enable it.");
  const principal = principalOf(session.user);
  if (!principal) throw ApiError.unauthorized("Your account has no valid role; ask an administrator.");
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    // Not awaited: the request needs no answer from it, and a lost touch only shortens the idle window by a minute.
    void db.session
      .updateMany({ where: { id: sid, revokedAt: null }, data: { lastSeenAt: new Date(now) } })
      .catch(() => undefined);
  }
  return { ...principal, sessionId: sid };
}

/** Ends a session server-side: its cookie stops working on every replica at once. */
export async function revokeSession(sessionId: string): Promise<void> {
  const db = await getDb();
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of an account (password reset, disable). */
export async function revokeSessionsOf(userId: string, exceptSessionId?: string): Promise<void> {
  const db = await getDb();
  await db.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { NOT: { id: exceptSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
}

/** Set-Cookie value that stores a session (or, with an empty value, clears it). */
export function sessionCookieHeader(value: string, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  parts.push(value ? `Max-Age=${sessionMaxSeconds()}` : "Max-Age=0");
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
