/**
 * Sample statistics for the benchmarks. Percentiles use linear interpolation between closest ranks
 * (the "R-7" / NumPy default definition), so p50 of [1, 2, 3, 4] is 2.5.
 */

export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The q-th quantile (0 ≤ q ≤ 1) of already sorted samples. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[sorted.length - 1];
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function percentile(samples: readonly number[], p: number): number {
  return quantileSorted(
    [...samples].sort((a, b) => a - b),
    p / 100,
  );
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    min: n ? sorted[0] : NaN,
    mean: n ? sorted.reduce((s, x) => s + x, 0) / n : NaN,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: n ? sorted[n - 1] : NaN,
  };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface SampleOptions {
  /** Untimed iterations first (JIT, connection pools, caches of the code under test). */
  warmup: number;
  samples: number;
  /** Stop early (with fewer samples) once this much wall time has gone into the timed loop. */
  budgetMs: number;
  /** Absolute `nowMs()` after which no figure takes more than `MIN_SAMPLES` samples (keeps the whole run bounded). */
  deadline?: number;
}

/** Taken even past the deadline, so that a late figure still says something. */
export const MIN_SAMPLES = 5;

export interface Sampled {
  summary: Summary;
  /** Samples wanted but not taken because the budget ran out. */
  truncated: number;
  /** Samples thrown away because `check` said they did not measure the intended path. */
  rejected: number;
}

/**
 * Runs `before` (untimed), then times `run`, then asks `check` (untimed) whether the sample measured what
 * was intended (e.g. the response really came from the cache). Rejected samples are retried, at most
 * `samples` extra times in all.
 */
export async function sample<R>(
  opts: SampleOptions,
  run: () => Promise<R>,
  hooks: { before?: () => Promise<void> | void; check?: (r: R) => boolean | string } = {},
): Promise<Sampled> {
  for (let i = 0; i < opts.warmup; i++) {
    await hooks.before?.();
    hooks.check?.(await run());
  }
  const times: number[] = [];
  let rejected = 0;
  let lastReason = "";
  const stopAt = Math.min(nowMs() + opts.budgetMs, opts.deadline ?? Infinity);
  while (times.length < opts.samples && rejected <= opts.samples) {
    if (nowMs() > stopAt && times.length >= Math.min(MIN_SAMPLES, opts.samples)) break;
    await hooks.before?.();
    const t0 = nowMs();
    const r = await run();
    const dt = nowMs() - t0;
    const ok = hooks.check?.(r) ?? true;
    if (ok === true) times.push(dt);
    else {
      rejected++;
      if (typeof ok === "string") lastReason = ok;
    }
  }
  if (!times.length)
    throw new Error(`no accepted samples (${rejected} rejected${lastReason ? `; last: ${lastReason}` : ""})`);
  return { summary: summarize(times), truncated: opts.samples - times.length, rejected };
}

/** One of the two figures `sampleAlternating` takes. */
export interface AlternatingRun<R> {
  run: () => Promise<R>;
  check?: (r: R) => boolean | string;
}

/**
 * Two figures sampled in turn (a, b, then b, a, …), so that both see the same moments of the machine. For a ratio of
 * the two (the studio's route over the SDK call it makes), one figure taken in a slow minute of a shared machine and
 * the other in a quick one would measure the machine, not the studio. `budgetMs` is the pair's.
 */
export async function sampleAlternating<A, B>(
  opts: SampleOptions,
  a: AlternatingRun<A>,
  b: AlternatingRun<B>,
): Promise<[Sampled, Sampled]> {
  const sides = [a, b] as AlternatingRun<unknown>[];
  for (let i = 0; i < opts.warmup; i++) for (const side of sides) side.check?.(await side.run());
  const times: number[][] = [[], []];
  const rejected = [0, 0];
  const reasons = ["", ""];
  const stopAt = Math.min(nowMs() + opts.budgetMs, opts.deadline ?? Infinity);
  for (let round = 0; Math.min(times[0].length, times[1].length) < opts.samples; round++) {
    if (rejected[0] > opts.samples || rejected[1] > opts.samples) break;
    if (nowMs() > stopAt && Math.min(times[0].length, times[1].length) >= Math.min(MIN_SAMPLES, opts.samples)) break;
    for (const k of round % 2 ? [1, 0] : [0, 1]) {
      const t0 = nowMs();
      const r = await sides[k].run();
      const dt = nowMs() - t0;
      const ok = sides[k].check?.(r) ?? true;
      if (ok === true) times[k].push(dt);
      else {
        rejected[k]++;
        if (typeof ok === "string") reasons[k] = ok;
      }
    }
  }
  return [0, 1].map((k) => {
    if (!times[k].length)
      throw new Error(`no accepted samples (${rejected[k]} rejected${reasons[k] ? `; last: ${reasons[k]}` : ""})`);
    return { summary: summarize(times[k]), truncated: opts.samples - times[k].length, rejected: rejected[k] };
  }) as [Sampled, Sampled];
}

export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}
