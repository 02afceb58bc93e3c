/** The accounts feature's server surface: local accounts managed by an Admin. */
export {
  accountIdParams,
  createAccount,
  createAccountBody,
  deleteAccount,
  listAccounts,
  updateAccount,
  updateAccountBody,
} from "./accounts";
