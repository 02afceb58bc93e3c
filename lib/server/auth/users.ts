import "server-only";
import { getDb, type Db } from "../db";
import { LOCAL_ACCOUNTS, findLocalAccountById } from "./local-accounts";
import { highestRole, type Role } from "@/lib/domain/roles";

/** A LocalUser row as the rest of the server sees it. */
export type LocalUserRow = Awaited<ReturnType<Db["localUser"]["findUniqueOrThrow"]>>;

/** Per database client, so a process that reopens its database (tests) writes the rows into the new one too. */
const ensured = new WeakMap<Db, Promise<void>>();

/**
 * Writes the rows of the built-in demo accounts once per database client (they sign in with one click from
 * loopback, so they need no password; an Admin can disable them). Concurrent replicas may race: a duplicate is fine.
 */
export async function ensureBuiltinAccounts(): Promise<void> {
  const db = await getDb();
  let done = ensured.get(db);
  if (!done) {
    done = (async () => {
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
    })();
    ensured.set(db, done);
    done.catch(() => ensured.delete(db));
  }
  return done;
}

/** The principal fields of a user row: built-in accounts keep their well-known usernames (reader@ml-studio.local). */
export function principalOf(user: LocalUserRow): { id: string; name: string; username: string; role: Role } | null {
  const role = highestRole([user.role]);
  if (!role) return null;
  const builtin = user.builtin ? findLocalAccountById(user.id) : undefined;
  return { id: user.id, name: user.displayName, username: builtin?.username ?? user.username, role };
}
