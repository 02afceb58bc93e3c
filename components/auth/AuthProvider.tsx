"use client";
import { useEffect, useState, type ComponentType, type ReactNode } from "react";
import type { IPublicClientApplication } from "@azure/msal-browser";
import { fetchAuthConfig, type AuthConfig } from "@/lib/client/auth";

type Loaded = {
  Provider: ComponentType<{ instance: IPublicClientApplication; children?: ReactNode }>;
  instance: IPublicClientApplication;
};

/**
 * Wraps the app in MsalProvider when the studio has MSAL configured, and renders children as they are otherwise.
 * msal-react and msal-browser load on demand, so pages signed in with a local account never download them.
 * Pass `msal` from the server (app/layout.tsx reads it from the config); without it the provider asks GET /api/auth/config.
 * API calls do not depend on it: getAuthHeaders() uses the same MSAL instance.
 */
export function AuthProvider({ children, msal }: { children: ReactNode; msal?: AuthConfig["msal"] }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (msal === null) return;
    let live = true;
    (async () => {
      const settings = msal ?? (await fetchAuthConfig()).msal;
      if (!settings) return;
      const [{ MsalProvider }, { msalFor }] = await Promise.all([
        import("@azure/msal-react"),
        import("@/lib/client/auth/msal"),
      ]);
      if (live) setLoaded({ Provider: MsalProvider as Loaded["Provider"], instance: msalFor(settings).instance });
    })().catch((err) => console.warn("[auth] could not load MSAL:", err));
    return () => {
      live = false;
    };
  }, [msal]);
  // Local accounts only: children render at once and forever. With MSAL, they render once msal-react is here, so
  // they mount a single time inside MsalProvider (switching wrappers later would remount the page and lose its state).
  if (msal === null) return <>{children}</>;
  return loaded ? <loaded.Provider instance={loaded.instance}>{children}</loaded.Provider> : null;
}
