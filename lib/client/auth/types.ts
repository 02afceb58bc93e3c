import type { Role } from "@/lib/domain/roles";

/** GET /api/auth/config. `localAccounts[].id` is what POST /api/auth/session takes as `account`. */
export type AuthConfig = {
  localAccounts: { id: string; name: string; role: Role; description: string }[] | null;
  /** Local accounts on: whether a built-in account needs the sign-in token for this caller, and why. */
  localSignIn: { tokenRequired: boolean; reason: string | null } | null;
  msal: { authority: string; clientId: string; apiScope: string } | null;
};

/** GET /api/auth/session. */
export type CurrentUser = { id: string; name: string; username: string; role: Role; via: "session" | "bearer" };

/** Plain-words description of each role, for the sign-in page and the top bar. */
export const ROLE_LABEL: Record<Role, string> = { Reader: "Reader", DataScientist: "Data scientist", Admin: "Admin" };
