import { route } from "@/lib/server/route";
import { config } from "@/lib/server/config";
import { LOCAL_ACCOUNTS } from "@/lib/server/auth/local-accounts";
import type { AuthConfig } from "@/lib/client/auth/types";

export const dynamic = "force-dynamic";

/** What the sign-in page needs; public. `id` of a local account is what POST /api/auth/session takes. */
export const GET = route({
  action: "public",
  handler: async (): Promise<AuthConfig> => ({
    localAccounts: config.localAccounts
      ? LOCAL_ACCOUNTS.map((a) => ({ id: a.account, name: a.name, role: a.role, description: a.description }))
      : null,
    msal:
      config.oidc && config.oidc.clientId
        ? { authority: config.oidc.authority, clientId: config.oidc.clientId, apiScope: config.oidc.apiScope }
        : null,
  }),
});
