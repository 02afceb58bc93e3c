"use client";
import { useEffect, useState, type ReactNode } from "react";
import { MsalProvider } from "@azure/msal-react";
import type { IPublicClientApplication } from "@azure/msal-browser";
import { getMsal, msalFor, type AuthConfig } from "@/lib/client/auth";

/**
 * Wraps the app in MsalProvider when the studio has MSAL configured, and renders children as they are otherwise.
 * Pass `msal` from the server (see ServerAuthProvider) to decide on the first render; without it the provider
 * asks GET /api/auth/config after mounting. API calls do not depend on it: getAuthHeaders() uses the same instance.
 */
export function AuthProvider({ children, msal }: { children: ReactNode; msal?: AuthConfig["msal"] }) {
  const [instance, setInstance] = useState<IPublicClientApplication | null>(() =>
    msal && typeof window !== "undefined" ? msalFor(msal).instance : null,
  );
  useEffect(() => {
    if (instance || msal === null) return;
    let live = true;
    (msal ? Promise.resolve(msalFor(msal)) : getMsal())
      .then((m) => live && m && setInstance(m.instance))
      .catch((err) => console.warn("[auth] could not read the auth configuration:", err));
    return () => {
      live = false;
    };
  }, [instance, msal]);
  return instance ? <MsalProvider instance={instance}>{children}</MsalProvider> : <>{children}</>;
}
