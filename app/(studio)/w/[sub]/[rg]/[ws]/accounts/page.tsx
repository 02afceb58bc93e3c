import { AccountsAdmin } from "@/features/accounts";

export const metadata = { title: "Accounts" };

/** Studio-wide (not per workspace); it sits in the workspace shell so the Admin nav reaches it like Quotas. */
export default function AccountsPage() {
  return <AccountsAdmin />;
}
