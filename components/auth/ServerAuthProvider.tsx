import "server-only";
import type { ReactNode } from "react";
import { config } from "@/lib/server/config";
import { AuthProvider } from "./AuthProvider";

/** AuthProvider with the MSAL settings read on the server, for a layout (a server component). */
export function ServerAuthProvider({ children }: { children: ReactNode }) {
  const msal =
    config.oidc && config.oidc.clientId
      ? { authority: config.oidc.authority, clientId: config.oidc.clientId, apiScope: config.oidc.apiScope }
      : null;
  return <AuthProvider msal={msal}>{children}</AuthProvider>;
}
