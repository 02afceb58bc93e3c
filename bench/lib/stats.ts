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

export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}
