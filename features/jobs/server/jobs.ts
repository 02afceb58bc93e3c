import "server-only";
import { randomBytes } from "node:crypto";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { armWorkspaceId, parseAssetVersionId } from "@/lib/domain/arm-names";
import { isStudioJobType, jobSummary, type JobSummary, type StudioJobType } from "../model";
import type { JobTimeline } from "@/lib/domain/jobs/timeline";
import { pipelineJobGraph } from "../job-graph";
import { packGraph, type ComponentSpec } from "@/lib/domain/pipeline";
import { config } from "@/lib/server/config";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import { getComponentVersion } from "@/features/components/server";

export type JobDetail = JobSummary & {
  id: string;
  /** The ARM job properties as the upstream returned them (inputs, outputs, jobs, settings, command …). */
  properties: Record<string, any>;
};

/** Every top-level job of the workspace, newest first (all pages of the upstream list). */
export function listJobs(ctx: WorkspaceContext) {
  return ctx.cached(
    "job",
    listKey("all"),
    async () => {
      const jobs = await collect(
        ctx.client.jobs.list(ctx.ref.resourceGroup, ctx.ref.workspace, { listViewType: "All" }),
      );
      return jobs.map((j) => jobSummary(plain(j) as never));
    },
    { freshMs: 1_500 },
  );
}

/** One job, read live (a job page follows it), with its step timeline when the upstream keeps one. */
export async function getJob(
  ctx: WorkspaceContext,
  name: string,
): Promise<{ job: JobDetail; timeline: JobTimeline | null }> {
  const [j, timeline] = await Promise.all([
    ctx.client.jobs.get(ctx.ref.resourceGroup, ctx.ref.workspace, name),
    getTimeline(ctx, name),
  ]);
  const body = plain(j) as {
    id?: string;
    name?: string;
    properties: Record<string, any>;
    systemData?: { createdAt?: string; createdBy?: string };
  };
  return { job: { ...jobSummary(body), id: body.id ?? "", properties: body.properties }, timeline };
}

/**
 * The local workspace service's timeline of a job (every state change with its time, per step). Azure ML's ARM
 * API has no such call (its run history lives behind other APIs), so in Azure mode there is none: null.
 */
async function getTimeline(ctx: WorkspaceContext, name: string): Promise<JobTimeline | null> {
  if (config.upstream !== "local") return null;
  const url = `${config.armEndpoint}${armWorkspaceId(ctx.ref)}/jobs/${encodeURIComponent(name)}/timeline?api-version=2022-10-01`;
  const res = await ctx.client.sendRequest(
    createPipelineRequest({ url, method: "GET", allowInsecureConnection: true }),
  );
  if (res.status === 404) throw ApiError.notFound(`Job ${name} does not exist in this workspace.`);
  if (res.status >= 400)
    throw new ApiError(502, "UpstreamError", `The job timeline could not be read (${res.status}).`);
  return JSON.parse(res.bodyAsText ?? "null") as JobTimeline;
}

/**
 * A pipeline job's graph in the designer's model (component specs resolved; cached: a job's definition never
 * changes). `readJob`: the job as the caller is already reading it (the job page reads it for its own view), so a
 * cold graph does not read a 1,000-step job a second time.
 */
export function getJobGraph(
  ctx: WorkspaceContext,
  name: string,
  readJob: () => Promise<Pick<JobDetail, "properties">> = async () =>
    plain(await ctx.client.jobs.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)) as Pick<JobDetail, "properties">,
) {
  return ctx.cached(
    "job",
    `graph:${name.toLowerCase()}`,
    async () => {
      const j = await readJob();
      if (j.properties.jobType !== "Pipeline")
        throw ApiError.badRequest(
          `Job ${name} is a ${j.properties.jobType} job; only pipeline jobs have a graph.`,
          "name",
        );
      const specs = new Map<string, ComponentSpec | null>();
      const ids = new Set(
        Object.values((j.properties.jobs ?? {}) as Record<string, { componentId?: string }>)
          .map((s) => s.componentId)
          .filter((x): x is string => !!x),
      );
      await Promise.all(
        [...ids].map(async (id) => {
          const m = parseAssetVersionId(id, ["components"]);
          specs.set(
            id,
            m
              ? await getComponentVersion(ctx, m.name, m.version)
                  .then((v) => v.spec)
                  .catch(() => null)
              : null,
          );
        }),
      );
      return packGraph(pipelineJobGraph(j.properties, (id) => specs.get(id) ?? null));
    },
    { freshMs: 10 * 60_000 },
  );
}

/** Begins the cancel LRO (the page follows the job's status) and drops cached lists. */
export async function cancelJob(ctx: WorkspaceContext, name: string) {
  const j = await ctx.client.jobs.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  if (["Completed", "Failed", "Canceled"].includes(j.properties.status ?? ""))
    throw ApiError.conflict(`Job ${name} has already ended (${j.properties.status}); there is nothing to cancel.`);
  await ctx.client.jobs.beginCancel(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  await invalidate(ctx.workspaceId, "job");
  return { name, status: "CancelRequested" };
}

/** The keys of every kind's ARM body that a copy takes (not its status, outputs' placed uris or service fields). */
const COMMON_KEYS = [
  "jobType",
  "displayName",
  "description",
  "tags",
  "experimentName",
  "computeId",
  "inputs",
  "outputs",
];
/** Each kind's keys besides. */
const SUBMITTABLE: Record<StudioJobType, string[]> = {
  Pipeline: [...COMMON_KEYS, "jobs", "settings"],
  Command: [
    ...COMMON_KEYS,
    "command",
    "codeId",
    "environmentId",
    "environmentVariables",
    "distribution",
    "limits",
    "resources",
    "identity",
  ],
  Sweep: [
    ...COMMON_KEYS,
    "identity",
    "trial",
    "searchSpace",
    "samplingAlgorithm",
    "objective",
    "limits",
    "earlyTermination",
  ],
};

/** Submits a copy of a job under a new name (outputs the runner placed are not copied: the copy writes its own). */
export async function rerunJob(ctx: WorkspaceContext, name: string) {
  const j = plain(await ctx.client.jobs.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)) as {
    id: string;
    properties: Record<string, any>;
  };
  const type = String(j.properties.jobType);
  if (!isStudioJobType(type))
    throw ApiError.badRequest(
      `Job ${name} is a job of type ${type}, which the studio shows read-only: rerun it with az ml job create.`,
      "name",
    );
  const keys = SUBMITTABLE[type];
  const properties: Record<string, unknown> = {};
  for (const k of keys)
    if (j.properties[k] !== undefined && j.properties[k] !== null) properties[k] = structuredClone(j.properties[k]);
  const ownOutput = (uri: unknown) => typeof uri === "string" && uri.includes(`/paths/azureml/${name}`);
  properties.outputs = Object.fromEntries(
    Object.entries((j.properties.outputs ?? {}) as Record<string, any>).map(([k, o]) => [
      k,
      o && ownOutput(o.uri) ? { ...o, uri: undefined } : o,
    ]),
  );
  if (j.properties.jobType === "Pipeline") properties.sourceJobId = j.id;
  const base = name.replace(/_rerun_[0-9a-f]{6}$/, "").slice(0, 200);
  const newName = `${base}_rerun_${randomBytes(3).toString("hex")}`;
  await ctx.client.jobs.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, newName, {
    properties: properties as never,
  });
  await invalidate(ctx.workspaceId, "job");
  return { name: newName };
}

export type MetricSeries = { key: string; points: { step: number; value: number; timestamp: number }[] };
