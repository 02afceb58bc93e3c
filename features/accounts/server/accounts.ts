import "server-only";
import { z } from "@/lib/domain/zod";
import { ROLES, type Role } from "@/lib/domain/roles";
import { getDb } from "@/lib/server/db";
import { ApiError } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/auth";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/server/auth/passwords";
import { revokeSessionsOf } from "@/lib/server/auth/session";
import { ensureBuiltinAccounts } from "@/lib/server/auth/users";
import type { AccountView } from "../types";

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `The password may have at most ${MAX_PASSWORD_LENGTH} characters`);
const displayName = z.string().trim().min(1, "Enter a display name").max(100, "At most 100 characters");
const role = z.enum(ROLES, { message: `The role must be one of ${ROLES.join(", ")}` });

export const accountIdParams = z.object({ id: z.string().min(1).max(100) }).strict();

export const createAccountBody = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z0-9][a-z0-9._-]{1,63}$/,
        "A username is 2 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit",
      ),
    displayName,
    role,
    password,
  })
  .strict();
export type CreateAccount = z.infer<typeof createAccountBody>;

export const updateAccountBody = z
  .object({ displayName, role, password, disabled: z.boolean() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, "Say what to change: displayName, role, password or disabled");
export type UpdateAccount = z.infer<typeof updateAccountBody>;

/** Every local account (built-in first) with how many sessions it has open; never a password or its hash. */
export async function listAccounts(): Promise<AccountView[]> {
  await ensureBuiltinAccounts();
  const db = await getDb();
  const [users, open] = await Promise.all([
    db.localUser.findMany({ orderBy: [{ builtin: "desc" }, { username: "asc" }] }),
    db.session.groupBy({
      by: ["userId"],
      where: { revokedAt: null, expiresAt: { gt: new Date() } },
      _count: { _all: true },
    }),
  ]);
  const sessions = new Map(open.map((g) => [g.userId, g._count._all]));
  return users.map((u) => view(u, sessions.get(u.id) ?? 0));
}

function view(
  u: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    builtin: boolean;
    passwordHash: string | null;
    disabledAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
  },
  openSessions: number,
): AccountView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    builtin: u.builtin,
    hasPassword: u.passwordHash !== null,
    disabled: u.disabledAt !== null,
    openSessions,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export async function createAccount(input: CreateAccount): Promise<AccountView> {
  await ensureBuiltinAccounts();
  const db = await getDb();
  const passwordHash = await hashPassword(input.password);
  try {
    const u = await db.localUser.create({
      data: {
        id: crypto.randomUUID(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
      },
    });
    return view(u, 0);
  } catch (err) {
    if ((err as { code?: string }).code === "P2002")
      throw ApiError.conflict(`An account named "${input.username}" already exists; choose another username.`);
    throw withoutArguments(err);
  }
}

/**
 * Prisma's error messages can quote the query's arguments, the password hash among them; route.ts logs 5xx errors,
 * so a failed write that carried a hash is reported by its code only.
 */
function withoutArguments(err: unknown): Error {
  const code = (err as { code?: string }).code;
  return new ApiError(
    500,
    "AccountWriteFailed",
    `Could not write the account${code ? ` (database error ${code})` : ""}.`,
  );
}

async function existing(id: string) {
  const db = await getDb();
  const u = await db.localUser.findUnique({ where: { id } });
  if (!u) throw ApiError.notFound(`No local account with id "${id}" (it may have been deleted).`);
  return u;
}

/**
 * Changes an account. A role change counts from the user's next request (roles are read per request); a new
 * password or disabling ends the account's sessions at once. Built-in accounts can only be disabled or enabled,
 * and an admin cannot disable, demote or delete the account they are signed in with (no locking oneself out).
 */
export async function updateAccount(caller: Principal, id: string, input: UpdateAccount): Promise<AccountView> {
  const u = await existing(id);
  if (u.builtin) {
    const other = Object.keys(input).filter((k) => k !== "disabled");
    if (other.length)
      throw ApiError.badRequest(
        `"${u.username}" is a built-in account: only "disabled" can change (not ${other.map((k) => `"${k}"`).join(", ")}).`,
        other[0],
      );
  }
  if (caller.id === id && (input.disabled === true || (input.role && input.role !== u.role)))
    throw ApiError.conflict(
      "You cannot disable or change the role of the account you are signed in with; ask another Admin.",
    );
  const db = await getDb();
  const data = {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
    ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (u.disabledAt ?? new Date()) : null } : {}),
  };
  const updated = await db.localUser.update({ where: { id }, data }).catch((err) => {
    if ((err as { code?: string }).code === "P2025")
      throw ApiError.notFound(`No local account with id "${id}" (it was deleted meanwhile).`);
    throw withoutArguments(err);
  });
  // A new password or a disabled account: every open session ends now (the caller keeps theirs).
  if (input.password !== undefined || input.disabled === true)
    await revokeSessionsOf(id, caller.id === id ? caller.sessionId : undefined);
  const open = await db.session.count({ where: { userId: id, revokedAt: null, expiresAt: { gt: new Date() } } });
  return view(updated, open);
}

/** Deletes an account and, with it, its sessions (which stop working at once). */
export async function deleteAccount(caller: Principal, id: string): Promise<{ deleted: string }> {
  const u = await existing(id);
  if (u.builtin)
    throw ApiError.badRequest(`"${u.username}" is a built-in account; it cannot be deleted, but it can be disabled.`);
  if (caller.id === id) throw ApiError.conflict("You cannot delete the account you are signed in with.");
  const db = await getDb();
  await db.localUser.deleteMany({ where: { id } });
  return { deleted: u.username };
}
