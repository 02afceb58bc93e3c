/** What the studio shows of a job (list rows and the detail header); derived from the ARM JobBase body. */
import { isTerminal } from "@/lib/domain/jobs/plan";
import type { JobTimeline } from "@/lib/domain/jobs/timeline";
import type { JobDetail } from "./server/jobs";

/** A job as its route answers it: the job and, from the local service, its timeline (null in Azure mode). */
export type JobAnswerData = { job: JobDetail; timeline: JobTimeline | null };

export interface JobSummary {
  name: string;
  displayName: string | null;
  jobType: string;
  status: string;
  experimentName: string | null;
  computeName: string | null;
  createdAt: string | null;
  createdBy: string | null;
  startedAt: string | null;
  endedAt: string | null;
  description: string | null;
  tags: Record<string, string>;
  error: string | null;
}

type Body = {
  name?: string;
  properties: Record<string, any>;
  systemData?: { createdAt?: string | Date; createdBy?: string } | null;
};

export function jobSummary(j: Body): JobSummary {
  const p = j.properties;
  const pp = (p.properties ?? {}) as Record<string, string>;
  const compute = p.computeId ?? p.settings?.default_compute ?? null;
  return {
    name: j.name ?? "",
    displayName: p.displayName ?? null,
    jobType: p.jobType ?? "Unknown",
    status: p.status ?? "Unknown",
    experimentName: p.experimentName ?? null,
    computeName:
      typeof compute === "string"
        ? compute
            .replace(/^azureml:/, "")
            .split("/")
            .pop()!
        : null,
    createdAt: j.systemData?.createdAt ? new Date(j.systemData.createdAt).toISOString() : null,
    createdBy: j.systemData?.createdBy ?? null,
    startedAt: pp.StartTimeUtc ?? null,
    endedAt: pp.EndTimeUtc ?? null,
    description: p.description ?? null,
    tags: (p.tags ?? {}) as Record<string, string>,
    error: pp.Error ?? null,
  };
}

/** Milliseconds between start and end (or now, while running); null before it starts. */
export function durationMs(start: string | null, end: string | null, now = Date.now()): number | null {
  if (!start) return null;
  return Math.max(0, (end ? Date.parse(end) : now) - Date.parse(start));
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export const isActive = (status: string) => !isTerminal(status);

/**
 * The job kinds the studio writes (submit, rerun, edit and resubmit). Every other kind an Azure workspace holds
 * (AutoML, Spark, …) is listed and shown read-only: the studio cannot write its body back, and the local service
 * does not run it.
 */
export const STUDIO_JOB_TYPES = ["Pipeline", "Command", "Sweep"] as const;
export type StudioJobType = (typeof STUDIO_JOB_TYPES)[number];
export const isStudioJobType = (jobType: string): jobType is StudioJobType =>
  (STUDIO_JOB_TYPES as readonly string[]).includes(jobType);

/** The type filter's choices: the studio's own kinds, then any other kind the list holds. */
export const jobTypeChoices = (jobs: { jobType: string }[]): string[] => [
  ...STUDIO_JOB_TYPES,
  ...[...new Set(jobs.map((j) => j.jobType))].filter((t) => !isStudioJobType(t)).sort(),
];

/** `azureml://datastores/<ds>/paths/<p>` → the datastore browser's deep link parts. */
export function datastoreLink(uri: string): { datastore: string; path: string } | null {
  const m = /^azureml:\/\/datastores\/([^/]+)\/paths\/(.*?)\/?$/.exec(uri);
  return m ? { datastore: m[1], path: m[2] } : null;
}

/**
 * A pipeline's Graph tab as the page's HTML carries it: what the graph's first paint shows (each step's status, times,
 * error and outputs) without the step definitions (the graph has them) or each step's history, log path and
 * dependencies (the other tabs', which the browser reads right after). A 1,000-step job's page was 1.2 MB of HTML,
 * 295 KB of it definitions and 378 KB the timeline.
 */
export function graphTabSeed(answer: JobAnswerData): JobAnswerData {
  const properties = { ...answer.job.properties };
  delete properties.jobs;
  return {
    job: { ...answer.job, properties },
    timeline: answer.timeline && {
      ...answer.timeline,
      steps: answer.timeline.steps.map((st) => ({ ...st, history: [], logPath: null, dependsOn: [] })),
    },
  };
}
