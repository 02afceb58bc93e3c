/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as compute instance schedules take
 * them: checked the same way by the studio (before anything reaches the upstream) and the local workspace service.
 */
/** What is wrong with a five-field cron expression (minute hour day-of-month month day-of-week), or null. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `'${expression}' is not a cron expression: it needs 5 fields (minute hour day-of-month month day-of-week).`;
  const names = [
    ["minute", 0, 59],
    ["hour", 0, 23],
    ["day-of-month", 1, 31],
    ["month", 1, 12],
    ["day-of-week", 0, 7],
  ] as const;
  const alias: Record<string, number> = Object.fromEntries([
    ..."JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(" ").map((m, i) => [m, i + 1]),
    ..."SUN MON TUE WED THU FRI SAT".split(" ").map((d, i) => [d, i]),
  ]);
  for (let i = 0; i < 5; i++) {
    const [name, min, max] = names[i];
    for (const part of fields[i].split(",")) {
      const m = /^(\*|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/(\d+))?$/.exec(part);
      const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : (alias[v.toUpperCase()] ?? NaN));
      const bad = `'${expression}': the ${name} field '${fields[i]}' is invalid (${min}-${max}, *, ranges a-b, steps /n, lists a,b).`;
      if (!m) return bad;
      for (const v of [m[2], m[3]].filter((x): x is string => x !== undefined))
        if (!(num(v) >= min && num(v) <= max)) return bad;
      if (m[3] !== undefined && num(m[2]) > num(m[3])) return bad;
      if (m[4] !== undefined && Number(m[4]) < 1) return bad;
    }
  }
  return null;
}
