import {
  PublicClientApplication,
  InteractionRequiredAuthError,
  BrowserCacheLocation,
  type AuthenticationResult,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { AuthConfig } from "./types";
import { fetchAuthConfig, SIGN_IN_PATH } from "./config";

export type MsalSettings = NonNullable<AuthConfig["msal"]>;

/** Entra ID (and its sovereign clouds, CIAM, B2C) authorities; anything else is a generic OpenID Connect authority. */
export function isMicrosoftAuthority(authority: string): boolean {
  const host = new URL(authority).hostname;
  return /(^|\.)(login\.microsoftonline\.(com|us)|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|ciamlogin\.com|b2clogin\.com)$/i.test(
    host,
  );
}

/**
 * MSAL configuration for the studio. A non-Microsoft authority needs protocolMode "OIDC" (plain auth code + PKCE,
 * metadata from its /.well-known/openid-configuration) and to be listed in knownAuthorities (no Entra instance discovery).
 */
export function msalConfiguration(settings: MsalSettings, origin: string): Configuration {
  const microsoft = isMicrosoftAuthority(settings.authority);
  return {
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      redirectUri: `${origin}${SIGN_IN_PATH}`,
      postLogoutRedirectUri: `${origin}${SIGN_IN_PATH}`,
      ...(microsoft ? {} : { knownAuthorities: [new URL(settings.authority).host] }),
    },
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
    system: microsoft ? {} : { protocolMode: "OIDC" },
  };
}

type MsalState = {
  instance: IPublicClientApplication;
  settings: MsalSettings;
  ready: Promise<AuthenticationResult | null>;
};
let state: MsalState | null = null;

/**
 * The page's one MSAL instance for these settings (created on first use). `ready` resolves after initialize()
 * and handleRedirectPromise(), with the redirect's result when the page is the end of a sign-in.
 */
export function msalFor(settings: MsalSettings): MsalState {
  if (state && state.settings.authority === settings.authority && state.settings.clientId === settings.clientId)
    return state;
  const instance = new PublicClientApplication(msalConfiguration(settings, window.location.origin));
  const ready = instance
    .initialize()
    .then(() => instance.handleRedirectPromise())
    .then((result) => {
      if (result?.account) instance.setActiveAccount(result.account);
      else if (!instance.getActiveAccount() && instance.getAllAccounts().length)
        instance.setActiveAccount(instance.getAllAccounts()[0]);
      return result;
    });
  ready.catch(() => undefined); // callers await it and report the failure; never an unhandled rejection
  state = { instance, settings, ready };
  return state;
}

/** The MSAL instance when the studio has MSAL configured (null otherwise, and on the server). */
export async function getMsal(): Promise<MsalState | null> {
  if (typeof window === "undefined") return null;
  const cfg = await fetchAuthConfig();
  return cfg.msal ? msalFor(cfg.msal) : null;
}

/**
 * Headers that carry the caller's identity to the studio's API: `Authorization: Bearer <access token for the
 * studio API>` when an MSAL account exists (acquireTokenSilent, cached and refreshed by MSAL); `{}` for cookie
 * sessions (the httpOnly cookie goes along by itself).
 */
export async function getAuthHeaders(): Promise<Record<string, string>> {
  let msal: MsalState | null;
  try {
    msal = await getMsal();
  } catch {
    return {};
  }
  if (!msal) return {};
  await msal.ready.catch(() => null);
  const account = msal.instance.getActiveAccount() ?? msal.instance.getAllAccounts()[0];
  if (!account) return {};
  try {
    const result = await msal.instance.acquireTokenSilent({ scopes: [msal.settings.apiScope], account });
    return { Authorization: `Bearer ${result.accessToken}` };
  } catch (err) {
    // The token cannot be renewed silently: go without it; the API answers 401 and the page sends the user to sign in.
    if (err instanceof InteractionRequiredAuthError) return {};
    console.warn("[auth] acquireTokenSilent failed:", err);
    return {};
  }
}

/** Starts "Sign in with Microsoft" (a full-page redirect to the authority); `next` comes back in the state. */
export async function signInWithMicrosoft(next: string): Promise<void> {
  const msal = await getMsal();
  if (!msal) throw new Error("Microsoft sign-in is not configured on this studio.");
  await msal.ready;
  // select_account is an Entra ID prompt; a generic OpenID Connect authority may refuse values it does not know.
  const prompt = isMicrosoftAuthority(msal.settings.authority) ? { prompt: "select_account" } : {};
  await msal.instance.loginRedirect({ scopes: [msal.settings.apiScope], state: next, ...prompt });
}

/** Clears MSAL's cached tokens for this browser tab. */
export async function clearMsal(): Promise<void> {
  const msal = await getMsal().catch(() => null);
  if (msal) {
    await msal.ready.catch(() => null);
    msal.instance.setActiveAccount(null);
    await msal.instance.clearCache();
  }
}
