/**
 * The browser's auth entry points. MSAL (~80 KB gzipped) is loaded only when the studio has MSAL configured:
 * with local accounts nothing here imports it.
 */
import { fetchAuthConfig } from "./config";
import type { AuthConfig } from "./types";

const loadMsal = () => import("./msal");
const msalSettings = async (): Promise<AuthConfig["msal"]> =>
  typeof window === "undefined" ? null : ((await fetchAuthConfig().catch(() => null))?.msal ?? null);

/** `Authorization: Bearer …` for MSAL sessions; `{}` for cookie sessions (the httpOnly cookie goes along by itself). */
export async function getAuthHeaders(): Promise<Record<string, string>> {
  return (await msalSettings()) ? (await loadMsal()).getAuthHeaders() : {};
}

/** The page's MSAL instance, or null when MSAL is not configured. */
export async function getMsal() {
  return (await msalSettings()) ? (await loadMsal()).getMsal() : null;
}

export async function signInWithMicrosoft(next: string): Promise<void> {
  return (await loadMsal()).signInWithMicrosoft(next);
}

/** Signs out of the studio: clears the session cookie and, with MSAL, its cached tokens for this tab. */
export async function signOut(): Promise<void> {
  await fetch("/api/auth/session", { method: "DELETE", credentials: "same-origin" }).catch(() => undefined);
  if (await msalSettings()) await (await loadMsal()).clearMsal();
}

export { fetchAuthConfig, SIGN_IN_PATH } from "./config";
export type { AuthConfig, CurrentUser } from "./types";
export { ROLE_LABEL } from "./types";
export { safeNext } from "./safe-next";
