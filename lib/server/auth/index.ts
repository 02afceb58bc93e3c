import "server-only";
import { config } from "../config";
import { ApiError } from "../errors";
import { lazyBearerVerifier, type BearerIdentity } from "./bearer";
import { SESSION_COOKIE, readCookie, verifySessionToken } from "./session";
import type { Principal } from "./principal";

export type { Principal } from "./principal";

let bearerVerifier: ((token: string) => Promise<BearerIdentity>) | null = null;
function verifyBearer(token: string) {
  const oidc = config.oidc;
  if (!oidc)
    throw ApiError.unauthorized(
      "Bearer tokens are not accepted: this studio has no OpenID Connect authority configured (OIDC_AUTHORITY).",
    );
  bearerVerifier ??= lazyBearerVerifier(oidc);
  return bearerVerifier(token);
}

/**
 * The one server-side identity check. `Authorization: Bearer` (an OIDC access token for the studio API) wins;
 * otherwise the local session cookie. Throws ApiError 401 saying what is missing or wrong, 403 when a valid
 * token carries no studio role.
 */
export async function authenticate(req: Request): Promise<Principal> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw ApiError.unauthorized('The Authorization header is malformed: expected "Bearer <token>".');
    const token = match[1];
    const who = await verifyBearer(token);
    return { id: who.id, name: who.name, username: who.username, role: who.role, via: "bearer", bearerToken: token };
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  if (cookie) return sessionPrincipal(cookie);
  throw ApiError.unauthorized(
    "Not signed in: the request has neither an Authorization bearer token nor a session cookie.",
  );
}

/**
 * The caller named by a local session cookie (its `Session` row and account read as on every request); throws
 * ApiError 401 like authenticate(). Server-rendered pages use it with the cookie from next/headers.
 */
export async function sessionPrincipal(cookie: string): Promise<Principal> {
  if (!config.localAccounts)
    throw ApiError.unauthorized("Local accounts are turned off on this studio; sign in with Microsoft.");
  const who = await verifySessionToken(cookie);
  return {
    id: who.id,
    name: who.name,
    username: who.username,
    role: who.role,
    via: "session",
    sessionId: who.sessionId,
  };
}

export { upstreamCredential, mintLocalWorkspaceToken } from "./upstream-credential";
export { LOCAL_ACCOUNTS, findLocalAccount, type LocalAccount } from "./local-accounts";
export { SESSION_COOKIE } from "./session";
