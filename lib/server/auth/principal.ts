import type { Role } from "@/lib/domain/roles";

/** The signed-in caller, as authenticate() returns it. */
export type Principal = {
  id: string;
  name: string;
  username: string;
  role: Role;
  via: "session" | "bearer";
  /** The caller's access token (bearer principals only), for the on-behalf-of flow. */
  bearerToken?: string;
  /** The server-side session (session principals only), for sign-out. */
  sessionId?: string;
};
