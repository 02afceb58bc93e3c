import "server-only";
import type { Role } from "@/lib/domain/roles";
import { config } from "../config";
import { LOCAL_ACCOUNTS } from "./local-accounts";
import { secretRequirement } from "./network";

/** GET /api/auth/config (the browser's copy of this type is AuthConfig in lib/client/auth/types.ts). */
export type SignInOptions = {
  localAccounts: { id: string; name: string; role: Role; description: string }[] | null;
  localSignIn: { tokenRequired: boolean; reason: string | null } | null;
  msal: { authority: string; clientId: string; apiScope: string } | null;
};

/** What the sign-in page offers, for the request's headers (GET /api/auth/config and the sign-in page itself). */
export function signInOptions(headers: Headers): SignInOptions {
  const need = secretRequirement(headers);
  return {
    localAccounts: config.localAccounts
      ? LOCAL_ACCOUNTS.map((a) => ({ id: a.account, name: a.name, role: a.role, description: a.description }))
      : null,
    localSignIn: config.localAccounts
      ? { tokenRequired: need.required, reason: need.required ? need.reason : null }
      : null,
    msal:
      config.oidc && config.oidc.clientId
        ? { authority: config.oidc.authority, clientId: config.oidc.clientId, apiScope: config.oidc.apiScope }
        : null,
  };
}
