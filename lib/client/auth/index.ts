export { getAuthHeaders, getMsal, msalFor, msalConfiguration, isMicrosoftAuthority, fetchAuthConfig, hasMsalAccount, signInWithMicrosoft, signOut, SIGN_IN_PATH } from "./msal";
export type { AuthConfig, CurrentUser } from "./types";
export { ROLE_LABEL } from "./types";

export { safeNext } from "./safe-next";
