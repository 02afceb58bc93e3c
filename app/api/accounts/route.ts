import { route } from "@/lib/server/route";
import { createAccount, createAccountBody, listAccounts } from "@/features/accounts/server";

export const dynamic = "force-dynamic";

/** Every local account (Admin). */
export const GET = route({
  action: "accounts.manage",
  handler: async () => ({ data: await listAccounts() }),
});

/** Adds a local account with a password and a role (Admin). */
export const POST = route({
  action: "accounts.manage",
  body: createAccountBody,
  status: 201,
  handler: async ({ body }) => ({ data: await createAccount(body) }),
});
