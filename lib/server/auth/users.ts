import "server-only";
import { getDb, type Db } from "../db";
import { LOCAL_ACCOUNTS, findLocalAccountById } from "./local-accounts";
import { highestRole, type Role } from "@/lib/domain/roles";

/** A LocalUser row as the rest of the server sees it. */
export type LocalUserRow = Awaited<ReturnType<Db["localUser"]["findUniqueOrThrow"]>>;

let ensured: Promise<void> | null = null;

/**
 * Writes the rows of the built-in demo accounts once per process (they sign in with one click from loopback, so
 * they need no password; an Admin can disable them). Concurrent replicas may race: a duplicate is fine.
 */
export function ensureBuiltinAccounts(): Promise<void> {
  ensured ??= (async () => {
    const db = await getDb();
    for (const a of LOCAL_ACCOUNTS) {
      try {
        await db.localUser.upsert({
          where: { id: a.id },
          create: { id: a.id, username: a.account, displayName: a.name, role: a.role, builtin: true },
          update: {},
        });
      } catch (err) {
        if ((err as { code?: string }).code !== "P2002") throw err;
      }
    }
  })().catch((err) => {
    ensured = null;
    throw err;
  });
  return ensured;
}

/** The principal fields of a user row: built-in accounts keep their well-known usernames (reader@ml-studio.local). */
export function principalOf(user: LocalUserRow): { id: string; name: string; username: string; role: Role } | null {
  const role = highestRole([user.role]);
  if (!role) return null;
  const builtin = user.builtin ? findLocalAccountById(user.id) : undefined;
  return { id: user.id, name: user.displayName, username: builtin?.username ?? user.username, role };
}
