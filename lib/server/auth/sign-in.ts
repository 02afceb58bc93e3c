import "server-only";
import type { Role } from "@/lib/domain/roles";
import { config } from "../config";
import { ApiError } from "../errors";
import { getDb } from "../db";
import { LOCAL_ACCOUNTS, findLocalAccount } from "./local-accounts";
import { clientAddress, secretRequirement, signInTokenMatches } from "./network";
import { verifyPassword } from "./passwords";
import { assertNotRateLimited, clearAccountFailures, failureKeys, recordFailure } from "./rate-limit";
import { createSessionToken } from "./session";
import { ensureBuiltinAccounts, principalOf } from "./users";

/** What POST /api/auth/session takes: a built-in account (plus the sign-in token when one is needed), or a password. */
export type SignInRequest = { account?: string; token?: string; username?: string; password?: string };

export type SignedIn = { cookie: string; user: { id: string; name: string; username: string; role: Role } };

/**
 * Signs a local account in. Built-in accounts need no password on loopback; they need the sign-in token when
 * the request is not from loopback, HOST is not loopback, or LOCAL_SIGN_IN_TOKEN_REQUIRED is on. Added accounts
 * always need their password. Failures are counted per account and per address (TooManyAttempts past the limit).
 * Passwords and tokens are never logged, stored or echoed.
 */
export async function signIn(req: Request, body: SignInRequest): Promise<SignedIn> {
  if (!config.localAccounts)
    throw ApiError.notFound(
      "Local accounts are turned off on this studio (LOCAL_ACCOUNTS=off); sign in with Microsoft.",
    );
  const address = clientAddress(req.headers);
  if (body.password !== undefined || body.username !== undefined) return passwordSignIn(body, address);
  return builtinSignIn(req, body, address);
}

async function builtinSignIn(req: Request, body: SignInRequest, address: string | undefined): Promise<SignedIn> {
  if (!body.account)
    throw ApiError.badRequest('Choose an account ("account"), or give a username and password.', "account");
  const account = findLocalAccount(body.account);
  if (!account) {
    throw ApiError.badRequest(
      `Unknown account "${body.account}"; choose one of ${LOCAL_ACCOUNTS.map((a) => a.account).join(", ")}, or sign in with a username and password.`,
      "account",
    );
  }
  const need = secretRequirement(req.headers);
  if (need.required) {
    const keys = failureKeys(account.account, address);
    await assertNotRateLimited(keys);
    if (!body.token) {
      throw ApiError.unauthorized(
        `The sign-in token is required because ${need.reason}. Open the sign-in URL printed in the terminal where the studio started (…/sign-in?token=…), or paste the token from ${config.dataDir}/secrets/sign-in.token.`,
      );
    }
    if (!signInTokenMatches(body.token)) {
      await recordFailure(keys);
      throw ApiError.unauthorized(
        "The sign-in token is wrong. Use the one printed in the terminal where the studio started (it is stored in $DATA_DIR/secrets/sign-in.token).",
      );
    }
  }
  await ensureBuiltinAccounts();
  const db = await getDb();
  const row = await db.localUser.findUnique({ where: { id: account.id } });
  if (row?.disabledAt)
    throw ApiError.forbidden(`The account "${account.account}" has been disabled by an administrator.`);
  const cookie = await createSessionToken(account);
  return { cookie, user: { id: account.id, name: account.name, username: account.username, role: account.role } };
}

async function passwordSignIn(body: SignInRequest, address: string | undefined): Promise<SignedIn> {
  const username = (body.username ?? body.account ?? "").trim().toLowerCase();
  if (!username) throw ApiError.badRequest("Enter your username.", "username");
  if (!body.password) throw ApiError.badRequest("Enter your password.", "password");
  const keys = failureKeys(username, address);
  await assertNotRateLimited(keys);
  const db = await getDb();
  const user = await db.localUser.findUnique({ where: { username } });
  // verifyPassword does the same work for an unknown user, so timing does not tell which usernames exist.
  const ok = await verifyPassword(body.password, user?.passwordHash);
  if (!ok || !user) {
    await recordFailure(keys);
    throw ApiError.unauthorized("Wrong username or password.");
  }
  if (user.disabledAt) throw ApiError.forbidden(`The account "${username}" has been disabled by an administrator.`);
  const principal = principalOf(user);
  if (!principal) throw ApiError.forbidden(`The account "${username}" has no valid role; ask an administrator.`);
  await clearAccountFailures(username);
  const cookie = await createSessionToken(user);
  return { cookie, user: principal };
}
