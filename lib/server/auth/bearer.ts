import "server-only";
import {
  createRemoteJWKSet,
  jwtVerify,
  decodeProtectedHeader,
  errors as joseErrors,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { highestRole, type Role } from "@/lib/domain/roles";
import { ApiError } from "../errors";

/** Asymmetric algorithms an OIDC authority signs access tokens with; `none` and HMAC are refused. */
const ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
/** Clock skew tolerated on exp/nbf/iat, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 60;

export type BearerIdentity = { id: string; name: string; username: string; role: Role; claims: JWTPayload };

export type BearerVerifierOptions = {
  issuer: string;
  /** Accepted audiences (any one matches). */
  audiences: string[];
  getKey: JWTVerifyGetKey;
};

/** Verifies an OIDC access token: signature (JWKS), issuer, audience, expiry; maps the `roles` claim to a studio role. */
export function createBearerVerifier(opts: BearerVerifierOptions): (token: string) => Promise<BearerIdentity> {
  return async (token) => {
    if (token.split(".").length !== 3)
      throw ApiError.unauthorized(
        "The bearer token is malformed: it is not a JWT (expected three dot-separated parts).",
      );
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw ApiError.unauthorized("The bearer token is malformed: its header is not valid base64url JSON.");
    }
    if (!alg || alg.toLowerCase() === "none")
      throw ApiError.unauthorized('The bearer token is unsigned (alg "none"), which is never accepted.');
    if (!ALGORITHMS.includes(alg))
      throw ApiError.unauthorized(
        `The bearer token is signed with ${alg}, which is not accepted; expected one of ${ALGORITHMS.join(", ")}.`,
      );

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, opts.getKey, {
        issuer: opts.issuer,
        audience: opts.audiences,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp"],
      }));
    } catch (err) {
      throw bearerError(err, opts);
    }

    const raw = payload.roles;
    const roles = Array.isArray(raw)
      ? raw.filter((r): r is string => typeof r === "string")
      : typeof raw === "string"
        ? [raw]
        : [];
    const role = highestRole(roles);
    if (!role) {
      throw ApiError.forbidden(
        `No studio role assigned: the token's roles claim is ${roles.length ? JSON.stringify(roles) : "missing"}; ask an administrator to assign Reader, DataScientist or Admin.`,
      );
    }
    const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
    const id = str(payload.oid) ?? str(payload.sub);
    if (!id) throw ApiError.unauthorized("The bearer token has neither an oid nor a sub claim.");
    const username =
      str(payload.preferred_username) ?? str(payload.upn) ?? str(payload.email) ?? str(payload.unique_name) ?? id;
    const name = str(payload.name) ?? username;
    return { id, name, username, role, claims: payload };
  };
}

function bearerError(err: unknown, opts: BearerVerifierOptions): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof joseErrors.JWTExpired) {
    const exp = typeof err.payload.exp === "number" ? ` at ${new Date(err.payload.exp * 1000).toISOString()}` : "";
    return ApiError.unauthorized(`The bearer token has expired${exp}; sign in again.`);
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "iss")
      return ApiError.unauthorized(
        `The bearer token was issued by ${JSON.stringify(err.payload.iss ?? null)}, not the configured authority (${opts.issuer}).`,
      );
    if (err.claim === "aud")
      return ApiError.unauthorized(
        `The bearer token is for audience ${JSON.stringify(err.payload.aud ?? null)}, not the studio API (${opts.audiences.join(", ")}).`,
      );
    if (err.claim === "nbf") return ApiError.unauthorized("The bearer token is not valid yet (nbf is in the future).");
    return ApiError.unauthorized(`The bearer token's ${err.claim} claim is invalid: ${err.reason}.`);
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return ApiError.unauthorized("The bearer token's signature is invalid: it was not signed by the authority's keys.");
  if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWKSMultipleMatchingKeys)
    return ApiError.unauthorized(
      "The bearer token is signed with a key the authority does not publish (no matching key in its JWKS).",
    );
  if (err instanceof joseErrors.JOSEAlgNotAllowed)
    return ApiError.unauthorized(`The bearer token's algorithm is not accepted.`);
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
    return new ApiError(
      503,
      "AuthorityUnavailable",
      "Could not read the sign-in authority's signing keys (JWKS); try again.",
    );
  if (
    err instanceof joseErrors.JWTInvalid ||
    err instanceof joseErrors.JWSInvalid ||
    err instanceof joseErrors.JOSENotSupported
  )
    return ApiError.unauthorized(`The bearer token is malformed: ${(err as Error).message}.`);
  if (
    err instanceof TypeError ||
    (err instanceof Error &&
      /fetch|ECONN|certificate/i.test(err.message + String((err as { cause?: unknown }).cause ?? "")))
  )
    return new ApiError(
      503,
      "AuthorityUnavailable",
      `Could not reach the sign-in authority's signing keys: ${(err as Error).message}.`,
    );
  return ApiError.unauthorized(`The bearer token was rejected: ${(err as Error)?.message ?? String(err)}.`);
}

type Discovered = { issuer: string; jwksUri: string };

/** Reads `${authority}/.well-known/openid-configuration`. */
export async function discover(authority: string): Promise<Discovered> {
  const url = `${authority.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    throw new ApiError(
      503,
      "AuthorityUnavailable",
      `Could not reach the sign-in authority's metadata at ${url}: ${cause ?? (err as Error).message}.`,
    );
  }
  if (!res.ok)
    throw new ApiError(
      503,
      "AuthorityUnavailable",
      `The sign-in authority's metadata at ${url} answered ${res.status}.`,
    );
  const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
  if (!doc.issuer || !doc.jwks_uri)
    throw new ApiError(
      503,
      "AuthorityUnavailable",
      `The sign-in authority's metadata at ${url} has no issuer or jwks_uri.`,
    );
  return { issuer: doc.issuer, jwksUri: doc.jwks_uri };
}

export type OidcSettings = { authority: string; audience: string; issuer?: string; jwksUri?: string };

/**
 * A verifier for the configured authority, built once (discovery + remote JWKS cached by jose).
 * A failed discovery is not cached, so the next request retries.
 */
export function lazyBearerVerifier(settings: OidcSettings): (token: string) => Promise<BearerIdentity> {
  let pending: Promise<(token: string) => Promise<BearerIdentity>> | null = null;
  const build = async () => {
    let { issuer, jwksUri } = settings;
    if (!issuer || !jwksUri) {
      const found = await discover(settings.authority);
      issuer ??= found.issuer;
      jwksUri ??= found.jwksUri;
    }
    const audiences = settings.audience
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (!audiences.length)
      throw new ApiError(
        500,
        "Misconfigured",
        "OIDC_AUDIENCE (or OIDC_CLIENT_ID) must be set to validate bearer tokens.",
      );
    const getKey = createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: 10_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    return createBearerVerifier({ issuer, audiences, getKey });
  };
  return async (token) => {
    if (!pending)
      pending = build().catch((err) => {
        pending = null;
        throw err;
      });
    return (await pending)(token);
  };
}
