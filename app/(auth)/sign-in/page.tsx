import type { Metadata } from "next";
import { config } from "@/lib/server/config";
import { LOCAL_ACCOUNTS } from "@/lib/server/auth/local-accounts";
import { SignInPanel } from "@/components/auth/SignInPanel";
import { safeNext } from "@/lib/client/auth/safe-next";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  const localAccounts = config.localAccounts
    ? LOCAL_ACCOUNTS.map((a) => ({ id: a.account, name: a.name, role: a.role, description: a.description }))
    : null;
  const msal =
    config.oidc && config.oidc.clientId
      ? { authority: config.oidc.authority, clientId: config.oidc.clientId, apiScope: config.oidc.apiScope }
      : null;
  return <SignInPanel localAccounts={localAccounts} msal={msal} next={next} />;
}
