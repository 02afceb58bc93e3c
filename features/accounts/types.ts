import type { Role } from "@/lib/domain/roles";

/** A local account as the admin page sees it: never a password or its hash. */
export type AccountView = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** One of the three demo accounts: no password, one-click sign-in from loopback; can only be disabled. */
  builtin: boolean;
  hasPassword: boolean;
  disabled: boolean;
  /** Sessions signed in and not yet ended. */
  openSessions: number;
  createdAt: string;
  updatedAt: string;
};
