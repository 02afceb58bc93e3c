/** Local accounts (embedded default): the Admin page and its hooks. Server surface: ./server/index.ts. */
export { AccountsAdmin } from "./components/AccountsAdmin";
export { useAccounts, useCreateAccount, useUpdateAccount, useDeleteAccount } from "./hooks";
export type { AccountView } from "./types";
