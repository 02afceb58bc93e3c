import type { AuthConfig } from "./types";

/** Page MSAL redirects back to after the authority; the sign-in page finishes the sign-in there. */
export const SIGN_IN_PATH = "/sign-in";

let configPromise: Promise<AuthConfig> | null = null;
/** GET /api/auth/config, once per page load (retried after a failure). */
export function fetchAuthConfig(): Promise<AuthConfig> {
  configPromise ??= fetch("/api/auth/config", { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(async (res) => {
      if (!res.ok) throw new Error(`GET /api/auth/config answered ${res.status}`);
      return (await res.json()) as AuthConfig;
    })
    .catch((err) => {
      configPromise = null;
      throw err;
    });
  return configPromise;
}
