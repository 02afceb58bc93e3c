import { route } from "@/lib/server/route";
import { accountIdParams, deleteAccount, updateAccount, updateAccountBody } from "@/features/accounts/server";

export const dynamic = "force-dynamic";

/** Changes a local account's display name, role, password or disabled state (Admin). */
export const PATCH = route({
  action: "accounts.manage",
  params: accountIdParams,
  body: updateAccountBody,
  handler: async ({ params, body, principal }) => ({ data: await updateAccount(principal, params.id, body) }),
});

/** Deletes a local account; its sessions end at once (Admin). */
export const DELETE = route({
  action: "accounts.manage",
  params: accountIdParams,
  handler: async ({ params, principal }) => ({ data: await deleteAccount(principal, params.id) }),
});
