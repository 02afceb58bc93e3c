/**
 * Running a sweep (shared by the local workspace service's runner and its tests): which parameter sets to try
 * (grid, random, and Bayesian sampled at random — the local service has no Bayesian optimiser and says so in the
 * sweep's log), how a trial's command gets its `${{search_space.x}}` values, and Azure ML's early-termination
 * policies (Bandit, median stopping, truncation selection) evaluated over the primary metric as trials report it.
 */
import { distributionFromExpression, type EarlyTermination, type SearchDistribution } from "./sweep-job";

export type ParameterValue = string | number | boolean;
export type ParameterSet = Record<string, ParameterValue>;

/** A seeded pseudo-random source (mulberry32): the same seed gives the same trials. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The search space of an ARM SweepJob (Hyperdrive expressions), with every expression it cannot read named. */
export function readSearchSpace(raw: Record<string, unknown>): {
  space: Record<string, SearchDistribution>;
  problems: string[];
} {
  const space: Record<string, SearchDistribution> = {};
  const problems: string[] = [];
  for (const [name, expression] of Object.entries(raw)) {
    const d = distributionFromExpression(expression);
    if (!d) problems.push(`searchSpace.${name} is not a distribution (${JSON.stringify(expression)}).`);
    else if (d.type === "choice" && d.values.length === 0) problems.push(`searchSpace.${name}: choice has no values.`);
    else if ("min" in d && !(d.min < d.max)) problems.push(`searchSpace.${name}: min must be below max.`);
    else if ("sigma" in d && !(d.sigma > 0)) problems.push(`searchSpace.${name}: sigma must be positive.`);
    else if ("q" in d && !(d.q > 0)) problems.push(`searchSpace.${name}: q must be positive.`);
    else if (d.type === "randint" && !(Number.isInteger(d.upper) && d.upper > 0))
      problems.push(`searchSpace.${name}: randint's upper must be a positive integer.`);
    else space[name] = d;
  }
  if (Object.keys(raw).length === 0) problems.push("searchSpace is empty: a sweep needs at least one parameter.");
  return { space, problems };
}

/** Grid sampling: every combination of the choices, in order (Azure ML's grid takes choice only). */
export function gridPoints(space: Record<string, SearchDistribution>): ParameterSet[] {
  let points: ParameterSet[] = [{}];
  for (const [name, d] of Object.entries(space)) {
    if (d.type !== "choice") throw new Error(`Grid sampling takes choice only; '${name}' is ${d.type}.`);
    points = points.flatMap((p) => d.values.map((v) => ({ ...p, [name]: v as ParameterValue })));
  }
  return points;
}

function normal(random: () => number, mu: number, sigma: number) {
  // Box–Muller.
  const u = Math.max(random(), Number.EPSILON);
  return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const quantize = (x: number, q: number) => Math.round(x / q) * q;

/** One value drawn from a distribution, as Hyperdrive defines each. */
export function drawValue(d: SearchDistribution, random: () => number): ParameterValue {
  switch (d.type) {
    case "choice":
      return d.values[Math.floor(random() * d.values.length)] as ParameterValue;
    case "uniform":
      return d.min + random() * (d.max - d.min);
    case "loguniform":
      return Math.exp(d.min + random() * (d.max - d.min));
    case "quniform":
      return quantize(d.min + random() * (d.max - d.min), d.q);
    case "qloguniform":
      return quantize(Math.exp(d.min + random() * (d.max - d.min)), d.q);
    case "normal":
      return normal(random, d.mu, d.sigma);
    case "lognormal":
      return Math.exp(normal(random, d.mu, d.sigma));
    case "qnormal":
      return quantize(normal(random, d.mu, d.sigma), d.q);
    case "qlognormal":
      return quantize(Math.exp(normal(random, d.mu, d.sigma)), d.q);
    case "randint":
      return Math.floor(random() * d.upper);
  }
}

/**
 * The parameter sets a sweep tries, in order, at most `maxTrials`. Random (and Bayesian, sampled at random here)
 * skips a set it already drew, giving up after many repeats (a small discrete space runs out).
 */
export function sampleTrials(
  space: Record<string, SearchDistribution>,
  algorithm: "Grid" | "Random" | "Bayesian",
  maxTrials: number,
  seed: number,
): ParameterSet[] {
  if (algorithm === "Grid") return gridPoints(space).slice(0, maxTrials);
  const random = seededRandom(seed);
  const out: ParameterSet[] = [];
  const seen = new Set<string>();
  let repeats = 0;
  while (out.length < maxTrials && repeats < 1000) {
    const set = Object.fromEntries(Object.entries(space).map(([k, d]) => [k, tidy(drawValue(d, random))]));
    const key = JSON.stringify(set);
    if (seen.has(key)) {
      repeats++;
      continue;
    }
    seen.add(key);
    out.push(set);
  }
  return out;
}

/** Floats to 12 significant digits: what a person reads in the trials table and what the command gets. */
function tidy(v: ParameterValue): ParameterValue {
  return typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v;
}

/** `${{search_space.x}}` in a trial's command, replaced by this trial's value (quoted for the shell when needed). */
export function bindSearchSpace(command: string, values: ParameterSet): string {
  return command.replace(/\$\{\{\s*search_space\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    const text = String(values[name]);
    return /^[A-Za-z0-9_.+\-/:=,]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
  });
}

/** Names a command uses as `${{search_space.x}}`. */
export function searchSpaceRefs(command: string): string[] {
  return [...command.matchAll(/\$\{\{\s*search_space\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]);
}

const better = (goal: "Maximize" | "Minimize", a: number, b: number) => (goal === "Maximize" ? a > b : a < b);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Whether an early-termination policy stops a trial now. `reports` are the trial's primary-metric values in the
 * order reported; `others` the other trials' reports. A policy is applied when the trial has made its k-th report
 * where k > delayEvaluation and (k - delayEvaluation) is a multiple of evaluationInterval (at least 1), comparing
 * against the other trials' k-th reports (their first k for running averages). Returns why, or null.
 */
export function earlyTerminationReason(
  policy: EarlyTermination,
  goal: "Maximize" | "Minimize",
  reports: number[],
  others: number[][],
): string | null {
  const k = reports.length;
  const delay = policy.delayEvaluation ?? 0;
  const interval = Math.max(1, policy.evaluationInterval ?? 1);
  if (k <= delay || (k - delay) % interval !== 0) return null;
  const mine = reports[k - 1];
  const peers = others.filter((r) => r.length >= k);
  if (!peers.length) return null;
  if (policy.type === "bandit") {
    const atK = peers.map((r) => r[k - 1]);
    const best = atK.reduce((a, b) => (better(goal, b, a) ? b : a), atK[0]);
    if (!better(goal, best, mine)) return null;
    let bound: number;
    if (policy.slackFactor !== undefined && policy.slackFactor > 0)
      bound = goal === "Maximize" ? best / (1 + policy.slackFactor) : best * (1 + policy.slackFactor);
    else if (policy.slackAmount !== undefined && policy.slackAmount > 0)
      bound = goal === "Maximize" ? best - policy.slackAmount : best + policy.slackAmount;
    else bound = best;
    return better(goal, bound, mine)
      ? `Bandit policy at report ${k}: ${mine} is outside the slack of the best trial's ${best}.`
      : null;
  }
  if (policy.type === "median_stopping") {
    const bestSoFar = reports.reduce((a, b) => (better(goal, b, a) ? b : a), reports[0]);
    const averages = peers.map((r) => r.slice(0, k).reduce((a, b) => a + b, 0) / k);
    const m = median(averages);
    return better(goal, m, bestSoFar)
      ? `Median stopping at report ${k}: the trial's best ${bestSoFar} is worse than the median of running averages ${m}.`
      : null;
  }
  const all = [...peers.map((r) => r[k - 1]), mine];
  const cut = Math.floor((all.length * policy.truncationPercentage) / 100);
  if (cut === 0) return null;
  const worstFirst = [...all].sort((a, b) => (goal === "Maximize" ? a - b : b - a));
  const threshold = worstFirst[cut - 1];
  const isIn = goal === "Maximize" ? mine <= threshold : mine >= threshold;
  return isIn
    ? `Truncation selection at report ${k}: the trial is in the lowest ${policy.truncationPercentage}% (${mine}).`
    : null;
}

/** The best trial by its last reported primary metric. */
export function bestTrialOf<T extends { name: string; metric: number | null }>(
  trials: T[],
  goal: "Maximize" | "Minimize",
): T | undefined {
  return trials
    .filter((t) => typeof t.metric === "number")
    .reduce<T | undefined>((best, t) => (!best || better(goal, t.metric!, best.metric!) ? t : best), undefined);
}
