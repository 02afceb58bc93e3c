/**
 * Comparing jobs of any kind: each job's parameters as one flat key → text map (what it ran, with what, where),
 * laid side by side with the version comparison's row status ("same" / "changed") so the one "only differences"
 * filter (`visibleRows`) applies.
 */
import { visibleRows, type DiffStatus } from "@/lib/domain/version-compare";
import { durationMs, formatDuration, type JobSummary } from "./model";

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

export type ComparableJob = JobSummary & { properties: Record<string, any> };
export type JobCompareRow = { key: string; values: (string | undefined)[]; status: DiffStatus };

const text = (v: unknown): string =>
  v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);

/** A job's parameters: kind, status and timing, what it runs, its inputs, outputs, environment and settings. */
export function jobParameters(job: ComparableJob): Record<string, string> {
  const p = job.properties;
  const out: Record<string, string> = {
    type: job.jobType,
    status: job.status,
    experiment: job.experimentName ?? "",
    compute: job.computeName ?? "",
    duration: formatDuration(durationMs(job.startedAt, job.endedAt)),
  };
  if (p.command) out.command = String(p.command);
  if (p.environmentId)
    out.environment = String(p.environmentId).replace(/^.*\/environments\/([^/]+)\/versions\//, "$1:");
  if (p.codeId) out.code = String(p.codeId).replace(/^.*\/codes\/([^/]+)\/versions\//, "$1:");
  for (const [k, i] of Object.entries((p.inputs ?? {}) as Record<string, any>))
    if (i) out[`inputs.${k}`] = i.jobInputType === "literal" ? text(i.value) : text(i.uri);
  for (const [k, o] of Object.entries((p.outputs ?? {}) as Record<string, any>))
    if (o) out[`outputs.${k}`] = [o.jobOutputType, o.mode].filter(Boolean).join(" ");
  for (const [k, v] of Object.entries((p.environmentVariables ?? {}) as Record<string, unknown>))
    out[`environment_variables.${k}`] = text(v);
  if (p.distribution) out.distribution = text(p.distribution);
  if (p.resources) out.resources = text(p.resources);
  if (p.limits?.timeout) out.timeout = text(p.limits.timeout);
  for (const [k, step] of Object.entries((p.jobs ?? {}) as Record<string, any>)) {
    out[`steps.${k}`] = text(step?.componentId ?? step?.command ?? "").replace(
      /^.*\/components\/([^/]+)\/versions\//,
      "$1:",
    );
    for (const [ik, i] of Object.entries((step?.inputs ?? {}) as Record<string, any>))
      if (i) out[`steps.${k}.inputs.${ik}`] = i.job_input_type === "literal" ? text(i.value) : text(i.uri);
  }
  for (const [k, v] of Object.entries(job.tags)) out[`tags.${k}`] = v;
  return out;
}

/** Rows of every parameter any job has, one value per job; "changed" when the jobs do not all agree. */
export function compareJobParameters(params: Record<string, string>[]): JobCompareRow[] {
  const keys = [...new Set(params.flatMap((p) => Object.keys(p)))];
  const order = (k: string) =>
    ["type", "status", "experiment", "compute", "duration", "command", "environment", "code"].indexOf(k);
  keys.sort((a, b) => {
    const [oa, ob] = [order(a), order(b)];
    if (oa !== -1 || ob !== -1) return (oa === -1 ? 99 : oa) - (ob === -1 ? 99 : ob);
    return a.localeCompare(b);
  });
  return keys.map((key) => {
    const values = params.map((p) => p[key]);
    return { key, values, status: values.every((v) => v === values[0]) ? "same" : "changed" };
  });
}

export { visibleRows };

/** The jobs named in a comparison link (`?jobs=a,b`): distinct, in order, at most MAX_COMPARED. */
export function comparedJobNames(param: string | null): string[] {
  const names = (param ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return [...new Set(names)].slice(0, MAX_COMPARED);
}
