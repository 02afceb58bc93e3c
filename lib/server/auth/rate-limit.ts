import "server-only";
import { getDb } from "../db";
import { config } from "../config";
import { ApiError } from "../errors";

/** Sign-in refused because of too many recent failures; the route answers 429 with Retry-After. */
export class TooManyAttempts extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, "TooManyAttempts", message);
  }
}

/** Rate-limit keys of a sign-in attempt: per account name and per client address. */
export function failureKeys(account: string | undefined, address: string | undefined): string[] {
  const keys: string[] = [];
  if (account) keys.push(`account:${account.trim().toLowerCase()}`);
  keys.push(`address:${address ?? "unknown"}`);
  return keys;
}

/**
 * Throws TooManyAttempts when any key had SIGN_IN_MAX_FAILURES (5) failures within SIGN_IN_WINDOW_MINUTES (15).
 * The rows live in the database, so every replica counts the same failures.
 */
export async function assertNotRateLimited(keys: string[], now = new Date()): Promise<void> {
  const { maxFailures, failureWindowMinutes } = config.signIn;
  const windowMs = failureWindowMinutes * 60_000;
  const db = await getDb();
  const rows = await db.signInFailure.findMany({
    where: { key: { in: keys }, at: { gt: new Date(now.getTime() - windowMs) } },
    orderBy: { at: "asc" },
    select: { key: true, at: true },
  });
  let retryAfterMs = 0;
  for (const key of keys) {
    const times = rows.filter((r) => r.key === key).map((r) => r.at.getTime());
    if (times.length < maxFailures) continue;
    // The limit lifts when enough failures have aged out of the window to leave fewer than maxFailures.
    const freeAt = times[times.length - maxFailures] + windowMs;
    retryAfterMs = Math.max(retryAfterMs, freeAt - now.getTime());
  }
  if (retryAfterMs > 0) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new TooManyAttempts(
      `Too many failed sign-ins (${maxFailures} within ${failureWindowMinutes} minutes) for this account or from this address; try again in ${seconds} seconds.`,
      seconds,
    );
  }
}

export async function recordFailure(keys: string[], now = new Date()): Promise<void> {
  const db = await getDb();
  await db.signInFailure.createMany({ data: keys.map((key) => ({ key, at: now })) });
  // Keep the table small: rows older than the window count for nothing.
  await db.signInFailure.deleteMany({
    where: { at: { lt: new Date(now.getTime() - config.signIn.failureWindowMinutes * 60_000) } },
  });
}

/** A successful sign-in clears its account's failures (not its address's). */
export async function clearAccountFailures(account: string): Promise<void> {
  const db = await getDb();
  await db.signInFailure.deleteMany({ where: { key: `account:${account.trim().toLowerCase()}` } });
}
