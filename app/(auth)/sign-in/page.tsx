import type { Metadata } from "next";
import { headers } from "next/headers";
import { signInOptions } from "@/lib/server/auth/sign-in-options";
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
  const options = signInOptions(await headers());
  return (
    <SignInPanel
      localAccounts={options.localAccounts}
      localSignIn={options.localSignIn}
      msal={options.msal}
      next={next}
    />
  );
}
