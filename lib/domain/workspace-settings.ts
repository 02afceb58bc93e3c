/**
 * The compute instance idle-shutdown default of a workspace. ARM's 2022-10-01 workspace schema has no property for
 * it, so it is kept as a workspace tag under this key (the local service checks its value on PUT and PATCH; the
 * studio shows it as a field of its own and leaves it out of the tags it lists).
 */
export const IDLE_SHUTDOWN_TAG = "mlstudio.computeInstanceIdleShutdownMinutes";
export const IDLE_SHUTDOWN_MIN_MINUTES = 15;
export const IDLE_SHUTDOWN_MAX_MINUTES = 4320;

/** Why a value cannot be the idle-shutdown default, or null when it can. */
export function idleShutdownDefaultProblem(value: unknown): string | null {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < IDLE_SHUTDOWN_MIN_MINUTES || n > IDLE_SHUTDOWN_MAX_MINUTES)
    return `must be a whole number of minutes from ${IDLE_SHUTDOWN_MIN_MINUTES} to ${IDLE_SHUTDOWN_MAX_MINUTES}`;
  return null;
}

/** The default read from a workspace's tags (null: none set, or a value that is not one). */
export function idleShutdownDefaultFromTags(tags: Record<string, string> | undefined | null): number | null {
  const raw = tags?.[IDLE_SHUTDOWN_TAG];
  return raw !== undefined && !idleShutdownDefaultProblem(raw) ? Number(raw) : null;
}
