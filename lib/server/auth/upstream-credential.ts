import "server-only";
import { SignJWT } from "jose";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { ConfidentialClientApplication } from "@azure/msal-node";
import { config } from "../config";
import { ApiError } from "../errors";
import { confidentialClientApplication } from "./msal";
import { localWorkspaceTokenKey } from "./secrets";
import type { Principal } from "./principal";

export const LOCAL_TOKEN_ISSUER = "ml-studio-local";
export const LOCAL_TOKEN_AUDIENCE = "https://management.azure.com/";
export const LOCAL_TOKEN_TTL_SECONDS = 10 * 60;
/** A cached local token is reused until this long before it expires. */
const REUSE_MARGIN_MS = 60_000;
export const ARM_SCOPE = "https://management.azure.com/user_impersonation";

/** The bearer JWT the studio hands the local workspace service for a user (see docs/architecture.md, Identity). */
export async function mintLocalWorkspaceToken(
  principal: Pick<Principal, "id" | "name" | "username" | "role">,
  key: Uint8Array = localWorkspaceTokenKey(),
) {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const exp = nowSeconds + LOCAL_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({
    oid: principal.id,
    name: principal.name,
    preferred_username: principal.username,
    roles: [principal.role],
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(LOCAL_TOKEN_ISSUER)
    .setAudience(LOCAL_TOKEN_AUDIENCE)
    .setSubject(principal.id)
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds - 5)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresOnTimestamp: exp * 1000 } satisfies AccessToken;
}

const localCache = new Map<string, AccessToken>();

function localCredential(principal: Principal): TokenCredential {
  const cacheKey = JSON.stringify([principal.id, principal.role, principal.name, principal.username]);
  return {
    async getToken() {
      const cached = localCache.get(cacheKey);
      if (cached && cached.expiresOnTimestamp - REUSE_MARGIN_MS > Date.now()) return cached;
      const fresh = await mintLocalWorkspaceToken(principal);
      if (localCache.size > 1000) localCache.clear();
      localCache.set(cacheKey, fresh);
      return fresh;
    },
  };
}

let cca: Promise<ConfidentialClientApplication> | null = null;
async function confidentialClient(): Promise<ConfidentialClientApplication> {
  const oidc = config.oidc;
  if (!oidc || !oidc.clientId || !oidc.clientSecret) {
    throw new ApiError(
      500,
      "Misconfigured",
      "UPSTREAM=azure needs OIDC_AUTHORITY, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for the on-behalf-of flow to Azure Resource Manager.",
    );
  }
  if (!cca) {
    const host = new URL(oidc.authority).host;
    cca = confidentialClientApplication({
      auth: {
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        authority: oidc.authority,
        ...(isMicrosoftHost(host) ? {} : { knownAuthorities: [host] }),
      },
    });
  }
  return cca;
}

function isMicrosoftHost(host: string) {
  return /(^|\.)(login\.microsoftonline\.(com|us)|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|ciamlogin\.com|b2clogin\.com)$/i.test(
    host,
  );
}

function oboCredential(principal: Principal): TokenCredential {
  return {
    async getToken(scopes) {
      if (principal.via !== "bearer" || !principal.bearerToken) {
        throw ApiError.forbidden(
          "Azure workspaces need a Microsoft sign-in: local accounts cannot call Azure Resource Manager.",
        );
      }
      const requested = (Array.isArray(scopes) ? scopes : [scopes]).filter(Boolean);
      // ARM's SDK asks for https://management.azure.com/.default; delegated OBO wants user_impersonation.
      const oboScopes =
        requested.length && !requested.every((s) => s.startsWith("https://management.azure.com"))
          ? requested
          : [ARM_SCOPE];
      try {
        const client = await confidentialClient();
        const result = await client.acquireTokenOnBehalfOf({
          oboAssertion: principal.bearerToken,
          scopes: oboScopes,
        });
        if (!result?.accessToken) throw new Error("no access token in the on-behalf-of response");
        return {
          token: result.accessToken,
          expiresOnTimestamp: (result.expiresOn ?? new Date(Date.now() + 5 * 60_000)).getTime(),
        };
      } catch (err) {
        if (err instanceof ApiError) throw err;
        const e = err as { errorCode?: string; errorMessage?: string; message?: string };
        if (
          e.errorCode === "invalid_grant" ||
          e.errorCode === "interaction_required" ||
          e.errorCode === "consent_required"
        ) {
          throw ApiError.unauthorized(
            `Azure refused the on-behalf-of exchange (${e.errorCode}): ${e.errorMessage ?? e.message}. Sign in again or grant consent.`,
          );
        }
        throw new ApiError(
          502,
          "UpstreamAuthFailed",
          `Could not get an Azure Resource Manager token on your behalf: ${e.errorMessage ?? e.message}`,
        );
      }
    },
  };
}

/** How the studio authenticates to its upstream as this user: a minted local token, or an on-behalf-of ARM token. */
export function upstreamCredential(principal: Principal): TokenCredential {
  return config.upstream === "local" ? localCredential(principal) : oboCredential(principal);
}
