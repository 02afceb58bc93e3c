/**
 * Jobs in the ARM JobBase shape: create (PUT) of Command and Pipeline jobs, get, list, cancel (LRO).
 * A created job is stored NotStarted and handed to the job runner (runner/job-runner.ts), which runs it on
 * this machine and records every state change.
 *
 * A pipeline's steps are jobs too (CommandJob bodies named `<pipeline>-<step>`), stored as children of the
 * pipeline: `properties.properties["azureml.parentJobName"]` names the parent (ARM 2022-10-01 has no parent
 * field; Azure ML keeps the same link in run properties). The workspace list shows top-level jobs; the
 * extension `?parentJobName=<name>` lists a pipeline's steps. `GET …/jobs/{name}/timeline` (service-private)
 * returns every state change with its time, per step.
 *
 * Checks on create: every problem is reported in one 400 (message lists them all, `error.details` has one
 * entry each with its target): unregistered components, unknown computes, required inputs left unbound,
 * references to unknown steps, outputs or pipeline inputs, cycles, and local paths the workspace cannot read.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { componentFromSpec } from "../../lib/domain/pipeline";
import { isLocalPath, isTerminal, planPipeline } from "../../lib/domain/jobs/plan";
import {
  ArmError,
  PROVIDER,
  badRequest,
  childId,
  conflict,
  notFound,
  page,
  parseListViewType,
  parseSkip,
} from "../arm";
import { apiVersion, caller, requireRole, systemData, type Ctx } from "../context";
import { completedOperation, createOperation, setLroHeaders } from "../operations";
import { stepJobsInOrder, type JobRunner, type JobSim } from "../runner/job-runner";
import { parseBody, ro } from "../validation";
import { loadWorkspace, sendResource, type WsParams } from "./workspaces";
import { resolveVersionRef } from "./assets";
import { checkServerlessJobQuota } from "./quotas";
import { checkJobInstanceType } from "./computes";
import { readSearchSpace, searchSpaceRefs } from "../../lib/domain/jobs/sweep-run";

const PAGE_SIZE = 100;
const JOB_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/;

const jobInput = z
  .object({
    jobInputType: z.enum([
      "literal",
      "uri_file",
      "uri_folder",
      "mltable",
      "mlflow_model",
      "custom_model",
      "triton_model",
    ]),
    description: z.string().nullable().optional(),
  })
  .passthrough();
const jobOutput = z
  .object({
    jobOutputType: z.enum(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model", "triton_model"]),
    description: z.string().nullable().optional(),
  })
  .passthrough();

const jobPut = z.strictObject({
  properties: z.strictObject({
    jobType: z.string(),
    description: z.string().max(5000).nullable().optional(),
    tags: z.record(z.string(), z.string().nullable()).nullable().optional(),
    properties: z.record(z.string(), z.string().nullable()).nullable().optional(),
    displayName: z.string().max(256).nullable().optional(),
    experimentName: z.string().max(256).optional(),
    computeId: z.string().nullable().optional(),
    componentId: z.string().nullable().optional(),
    isArchived: z.boolean().optional(),
    identity: z.unknown().optional(),
    services: z.record(z.string(), z.unknown()).nullable().optional(),
    inputs: z.record(z.string(), jobInput.nullable()).nullable().optional(),
    outputs: z.record(z.string(), jobOutput.nullable()).nullable().optional(),
    jobs: z.record(z.string(), z.record(z.string(), z.unknown())).nullable().optional(),
    settings: z.record(z.string(), z.unknown()).nullable().optional(),
    sourceJobId: z.string().nullable().optional(),
    // CommandJob
    command: z.string().max(50_000).optional(),
    codeId: z.string().nullable().optional(),
    environmentId: z.string().optional(),
    environmentVariables: z.record(z.string(), z.string().nullable()).nullable().optional(),
    distribution: z.unknown().optional(),
    limits: z.unknown().optional(),
    resources: z.unknown().optional(),
    parameters: ro,
    status: ro,
    // SweepJob
    trial: z.record(z.string(), z.unknown()).optional(),
    searchSpace: z.record(z.string(), z.unknown()).optional(),
    samplingAlgorithm: z.record(z.string(), z.unknown()).optional(),
    objective: z.record(z.string(), z.unknown()).optional(),
    earlyTermination: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
});

export const jobIdOf = (wsId: string, name: string) => childId(wsId, "jobs", name);

type Problem = { message: string; target: string };

function computeProblem(ctx: Ctx, wsId: string, ref: unknown, where: string): Problem | null {
  if (ref === undefined || ref === null) return null;
  if (typeof ref !== "string") return { message: `${where} must be a compute id.`, target: where };
  const name = ref
    .replace(/^azureml:/, "")
    .split("/")
    .pop()!;
  if (name.toLowerCase() === "serverless") return null;
  if (ref.startsWith("/") && !ref.toLowerCase().startsWith(`${wsId.toLowerCase()}/computes/`))
    return { message: `${where} '${ref}' is not a compute of this workspace.`, target: where };
  if (!ctx.store.get(childId(wsId, "computes", name)))
    return { message: `${where}: compute '${name}' does not exist in this workspace.`, target: where };
  return null;
}

function localInputProblem(uri: unknown, where: string, what: string): Problem | null {
  if (typeof uri !== "string" || !isLocalPath(uri)) return null;
  return {
    message: `${what} is the local path '${uri}', which the workspace cannot read: upload it to a datastore (e.g. workspaceblobstore) and use azureml://datastores/<datastore>/paths/<path> or a data asset.`,
    target: where,
  };
}

/** Every problem of a PipelineJob, not just the first: the submitter fixes them all in one go. */
function pipelineProblems(ctx: Ctx, wsId: string, props: z.infer<typeof jobPut>["properties"]): Problem[] {
  const problems: Problem[] = [];
  const add = (p: Problem | null) => p && problems.push(p);
  const jobs = props.jobs ?? {};
  if (Object.keys(jobs).length === 0)
    problems.push({ message: "A pipeline job needs at least one step in properties.jobs.", target: "properties.jobs" });
  const settings = props.settings ?? {};
  add(computeProblem(ctx, wsId, props.computeId, "properties.computeId"));
  add(computeProblem(ctx, wsId, settings.default_compute, "properties.settings.default_compute"));
  for (const [name, input] of Object.entries(props.inputs ?? {}))
    add(localInputProblem((input as any)?.uri, `properties.inputs.${name}`, `Pipeline input '${name}'`));
  const { steps, problems: planProblems } = planPipeline(props);
  problems.push(...planProblems);
  const specs = new Map<string, ReturnType<typeof componentFromSpec>>();
  for (const [name, step] of Object.entries(jobs)) {
    const at = `properties.jobs.${name}`;
    if (typeof step.componentId !== "string") {
      problems.push({ message: `Step '${name}' has no componentId.`, target: `${at}.componentId` });
      continue;
    }
    const version = resolveVersionRef(ctx, wsId, "components", step.componentId);
    if (!version) {
      problems.push({
        message: `Step '${name}' uses component '${step.componentId}', which is not registered in this workspace.`,
        target: `${at}.componentId`,
      });
      continue;
    }
    const spec = componentFromSpec(version.body.properties.componentSpec);
    specs.set(name, spec);
    add(computeProblem(ctx, wsId, step.computeId, `${at}.computeId`));
    if (!step.computeId && !settings.default_compute && !props.computeId)
      problems.push({
        message: `Step '${name}' has no compute and the pipeline sets no default_compute.`,
        target: `${at}.computeId`,
      });
    const given = (step.inputs as Record<string, any>) ?? {};
    for (const [port, input] of Object.entries(given)) {
      if (!(port in spec.inputs))
        problems.push({
          message: `Step '${name}' sets input '${port}', which component ${spec.name} does not declare.`,
          target: `${at}.inputs.${port}`,
        });
      add(localInputProblem(input?.uri, `${at}.inputs.${port}`, `Step '${name}' input '${port}'`));
    }
    for (const [port, decl] of Object.entries(spec.inputs))
      if (!decl.optional && decl.default === undefined && !given[port])
        problems.push({
          message: `Step '${name}' does not bind required input '${port}' of component ${spec.name}.`,
          target: `${at}.inputs.${port}`,
        });
    for (const port of Object.keys((step.outputs as Record<string, unknown>) ?? {}))
      if (!(port in spec.outputs))
        problems.push({
          message: `Step '${name}' sets output '${port}', which component ${spec.name} does not declare.`,
          target: `${at}.outputs.${port}`,
        });
  }
  for (const s of steps)
    for (const [port, src] of Object.entries(s.inputs))
      if (src.kind === "step" && specs.has(src.step) && !(src.output in specs.get(src.step)!.outputs))
        problems.push({
          message: `Step '${s.name}' input '${port}' reads output '${src.output}' of step '${src.step}', whose component does not declare it.`,
          target: `properties.jobs.${s.name}.inputs.${port}`,
        });
  return problems;
}

function commandProblems(ctx: Ctx, wsId: string, props: z.infer<typeof jobPut>["properties"]): Problem[] {
  const problems: Problem[] = [];
  const add = (p: Problem | null) => p && problems.push(p);
  if (!props.command?.trim())
    problems.push({ message: "A command job needs properties.command.", target: "properties.command" });
  if (!props.environmentId)
    problems.push({
      message: "A command job needs properties.environmentId (an environment version).",
      target: "properties.environmentId",
    });
  if (props.codeId && !resolveVersionRef(ctx, wsId, "codes", props.codeId))
    problems.push({
      message: `properties.codeId '${props.codeId}' is not a code version of this workspace.`,
      target: "properties.codeId",
    });
  add(computeProblem(ctx, wsId, props.computeId, "properties.computeId"));
  for (const [name, input] of Object.entries(props.inputs ?? {}))
    add(localInputProblem((input as any)?.uri, `properties.inputs.${name}`, `Input '${name}'`));
  if (props.command) {
    for (const m of props.command.matchAll(/\$\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
      const group = m[1] === "inputs" ? props.inputs : props.outputs;
      if (!group || !(m[2] in group))
        problems.push({
          message: `The command uses \${{${m[1]}.${m[2]}}}, which properties.${m[1]} does not declare.`,
          target: `properties.${m[1]}`,
        });
    }
  }
  return problems;
}

/** The local service runs Command, Pipeline and Sweep jobs; every other kind is refused saying where it runs. */
function refuseUnrunJobType(jobType: unknown) {
  if (jobType === "Pipeline" || jobType === "Command" || jobType === "Sweep" || typeof jobType !== "string") return;
  throw badRequest(
    "UserError",
    `jobType '${jobType}': ${jobType} jobs run on Azure ML only; submit it to an Azure ML workspace (UPSTREAM=azure). Command, Pipeline and Sweep jobs run here.`,
    "properties.jobType",
  );
}

const SAMPLING = ["Grid", "Random", "Bayesian"];
const POLICIES = ["Bandit", "MedianStopping", "TruncationSelection"];

/** Every problem of a SweepJob: its trial (as a command job), search space, sampling, objective, limits, policy. */
function sweepProblems(ctx: Ctx, wsId: string, props: z.infer<typeof jobPut>["properties"]): Problem[] {
  const trial = (props.trial ?? {}) as Record<string, any>;
  const problems = commandProblems(ctx, wsId, {
    ...props,
    command: trial.command,
    codeId: trial.codeId,
    environmentId: trial.environmentId,
  }).map((p) => ({
    ...p,
    target: p.target.replace(/^properties\.(command|codeId|environmentId)$/, "properties.trial.$1"),
  }));
  const { space, problems: spaceProblems } = readSearchSpace((props.searchSpace ?? {}) as Record<string, unknown>);
  problems.push(...spaceProblems.map((message) => ({ message, target: "properties.searchSpace" })));
  const sampling = props.samplingAlgorithm?.samplingAlgorithmType;
  if (!SAMPLING.includes(String(sampling)))
    problems.push({
      message: `samplingAlgorithm.samplingAlgorithmType must be one of ${SAMPLING.join(", ")} (got ${JSON.stringify(sampling)}).`,
      target: "properties.samplingAlgorithm",
    });
  else if (sampling === "Grid")
    for (const [name, d] of Object.entries(space))
      if (d.type !== "choice")
        problems.push({
          message: `Grid sampling takes choice only; searchSpace.${name} is ${d.type}.`,
          target: `properties.searchSpace.${name}`,
        });
  const objective = props.objective ?? {};
  if (objective.goal !== "Maximize" && objective.goal !== "Minimize")
    problems.push({ message: "objective.goal must be Maximize or Minimize.", target: "properties.objective.goal" });
  if (typeof objective.primaryMetric !== "string" || !objective.primaryMetric.trim())
    problems.push({
      message: "objective.primaryMetric names the metric to optimise.",
      target: "properties.objective.primaryMetric",
    });
  const limits = (props.limits ?? {}) as Record<string, unknown>;
  for (const k of ["maxTotalTrials", "maxConcurrentTrials"])
    if (limits[k] !== undefined && limits[k] !== null && !(Number.isInteger(limits[k]) && (limits[k] as number) > 0))
      problems.push({ message: `limits.${k} must be a positive whole number.`, target: `properties.limits.${k}` });
  for (const k of ["timeout", "trialTimeout"])
    if (
      limits[k] !== undefined &&
      limits[k] !== null &&
      !/^P(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?|\d+D)$/.test(String(limits[k]))
    )
      problems.push({
        message: `limits.${k} must be an ISO 8601 duration such as PT2H (got ${JSON.stringify(limits[k])}).`,
        target: `properties.limits.${k}`,
      });
  const policy = props.earlyTermination?.policyType;
  if (props.earlyTermination && !POLICIES.includes(String(policy)))
    problems.push({
      message: `earlyTermination.policyType must be one of ${POLICIES.join(", ")} (got ${JSON.stringify(policy)}).`,
      target: "properties.earlyTermination",
    });
  const used = new Set(searchSpaceRefs(String(trial.command ?? "")));
  for (const name of used)
    if (!(name in ((props.searchSpace ?? {}) as object)))
      problems.push({
        message: `The trial's command uses \${{search_space.${name}}}, which searchSpace does not declare.`,
        target: "properties.trial.command",
      });
  return problems;
}

function refuse(problems: Problem[]): never {
  const message =
    problems.length === 1
      ? problems[0].message
      : `The job has ${problems.length} problems: ${problems.map((p, i) => `(${i + 1}) ${p.message}`).join(" ")}`;
  const err = new ArmError(400, "UserError", message, problems[0].target);
  (err as ArmError & { details?: unknown }).details = problems.map((p) => ({
    code: "UserError",
    message: p.message,
    target: p.target,
  }));
  throw err;
}

export function registerJobRoutes(app: FastifyInstance, ctx: Ctx, runner: JobRunner) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/jobs`;
  const one = `${base}/:id`;
  const load = (req: FastifyRequest) => {
    const p = req.params as WsParams & { id: string };
    const ws = loadWorkspace(ctx, p);
    if (!JOB_NAME_RE.test(p.id))
      throw badRequest(
        "InvalidResourceName",
        `The job name '${p.id}' is invalid: letters, digits, '_' and '-', starting with a letter or digit.`,
        "id",
      );
    return { ws, p, id: jobIdOf(ws.id, p.id) };
  };

  app.get(base, async (req) => {
    const ws = loadWorkspace(ctx, req.params as WsParams);
    const q = req.query as Record<string, unknown>;
    const skip = parseSkip(q);
    const view = parseListViewType(q);
    const jobType = q.jobType === undefined ? null : String(q.jobType);
    // Extension (not in ARM 2022-10-01): `parentJobName` lists a pipeline's step jobs instead of the top-level jobs.
    const parentJob = q.parentJobName === undefined ? null : ctx.store.get(jobIdOf(ws.id, String(q.parentJobName)));
    if (q.parentJobName !== undefined && !parentJob) throw notFound("job", String(q.parentJobName));
    const keep = (b: any) =>
      (view === "All" ? true : view === "ArchivedOnly" ? b.properties.isArchived : !b.properties.isArchived) &&
      (!jobType || b.properties.jobType === jobType);
    if (parentJob) {
      const steps = stepJobsInOrder(ctx, parentJob)
        .map((r) => r.body)
        .filter(keep); // in pipeline order
      return page(
        steps.slice(skip, skip + PAGE_SIZE),
        steps.length,
        skip,
        ctx.baseUrl(req),
        req.url.split("?")[0],
        apiVersion(req),
      );
    }
    // Top-level jobs, newest first as Azure ML lists them.
    const { items, total } = ctx.store.listPage("jobs", ws.id, {
      skip,
      top: PAGE_SIZE,
      view,
      jobType,
      newestFirst: true,
    });
    return page(
      items.map((r) => r.body),
      total,
      skip,
      ctx.baseUrl(req),
      req.url.split("?")[0],
      apiVersion(req),
    );
  });

  app.get(one, async (req, reply) => {
    const { id, p } = load(req);
    const res = ctx.store.get(id);
    if (!res) throw notFound("job", p.id);
    return sendResource(reply, res);
  });

  // Service-private (not ARM): every state change with its time, per step, with log and output locations.
  app.get(`${one}/timeline`, async (req) => {
    const { id, p } = load(req);
    const t = runner.timeline(id);
    if (!t) throw notFound("job", p.id);
    return t;
  });

  // Jobs_Cancel: 202 with a Location to poll (the SDK's beginCancel follows it), done once the job has ended.
  app.post(`${one}/cancel`, async (req, reply) => {
    requireRole(req, "DataScientist", `${PROVIDER}/workspaces/jobs/cancel/action`);
    const { id, p } = load(req);
    const res = ctx.store.get(id);
    if (!res) throw notFound("job", p.id);
    const now = ctx.now();
    const init = {
      resourceId: id,
      action: "Cancel",
      location: String(loadWorkspace(ctx, p).body.location ?? "local"),
      sub: p.sub,
      startedAt: now,
    };
    if (!runner.isRunning(id)) {
      // Not running in this process: a terminal job stays as it is; a stale active one ends as Canceled.
      if (!isTerminal(res.body.properties.status))
        runner.setStatus(id, "Canceled", { error: "Canceled before it ran." });
      setLroHeaders(ctx, reply, ctx.baseUrl(req), apiVersion(req), completedOperation(ctx, init), true);
      return reply.code(202).send();
    }
    const op = createOperation(ctx, { ...init, dueAt: now + 60_000 });
    void runner.cancel(id).then(() => ctx.store.finishOperations(id, "Succeeded"));
    setLroHeaders(ctx, reply, ctx.baseUrl(req), apiVersion(req), op, true);
    return reply.code(202).send();
  });

  app.put(one, async (req, reply) => {
    requireRole(req, "DataScientist", `${PROVIDER}/workspaces/jobs/write`);
    const { ws, p, id } = load(req);
    // Said before the body's shape is checked: a sweep's or Spark job's own keys would otherwise read as unknown.
    refuseUnrunJobType((req.body as { properties?: { jobType?: unknown } } | null)?.properties?.jobType);
    const input = parseBody(jobPut, req.body);
    const props = input.properties;
    const existing = ctx.store.get(id);
    const now = ctx.now();
    if (existing) {
      // A job, once submitted, keeps its definition; only its descriptive fields change.
      const cur = existing.body.properties;
      if (
        props.jobType !== cur.jobType ||
        (props.jobs && JSON.stringify(props.jobs) !== JSON.stringify(cur.jobs)) ||
        (props.command && props.command !== cur.command)
      )
        throw conflict(
          "Conflict",
          `Job '${p.id}' already exists; only description, tags, displayName and isArchived can change. Submit under a new name.`,
        );
      const body = structuredClone(existing.body);
      for (const k of ["description", "tags", "displayName", "isArchived"] as const)
        if (props[k] !== undefined) body.properties[k] = props[k];
      body.systemData = systemData(req, now, existing.body.systemData);
      return sendResource(reply, ctx.store.put({ ...existing, body }, now), 200);
    }
    const problems =
      props.jobType === "Pipeline"
        ? pipelineProblems(ctx, ws.id, props)
        : props.jobType === "Sweep"
          ? sweepProblems(ctx, ws.id, props)
          : commandProblems(ctx, ws.id, props);
    if (problems.length) refuse(problems);
    checkJobInstanceType(ctx, ws.id, props);
    checkServerlessJobQuota(ctx, ws, props);
    const common = {
      description: props.description ?? null,
      tags: props.tags ?? {},
      properties: props.properties ?? {},
      displayName: props.displayName ?? p.id,
      status: "NotStarted",
      experimentName: props.experimentName ?? "Default",
      services: props.services ?? null,
      computeId: props.computeId ?? null,
      componentId: props.componentId ?? null,
      isArchived: props.isArchived ?? false,
      identity: props.identity ?? null,
      inputs: props.inputs ?? {},
      outputs: props.outputs ?? {},
    };
    const specific =
      props.jobType === "Pipeline"
        ? {
            jobType: "Pipeline",
            settings: props.settings ?? {},
            jobs: props.jobs ?? {},
            sourceJobId: props.sourceJobId ?? null,
          }
        : props.jobType === "Sweep"
          ? {
              jobType: "Sweep",
              trial: props.trial,
              searchSpace: props.searchSpace,
              samplingAlgorithm: props.samplingAlgorithm,
              objective: props.objective,
              limits: { jobLimitsType: "Sweep", ...((props.limits as object) ?? {}) },
              earlyTermination: props.earlyTermination ?? null,
            }
          : {
              jobType: "Command",
              command: props.command,
              codeId: props.codeId ?? null,
              environmentId: props.environmentId,
              environmentVariables: props.environmentVariables ?? {},
              distribution: props.distribution ?? null,
              limits: props.limits ?? null,
              resources: props.resources ?? null,
              parameters: {},
            };
    const body = {
      id,
      name: p.id,
      type: `${PROVIDER}/workspaces/jobs`,
      properties: { ...common, ...specific },
      systemData: systemData(req, now),
    };
    const sim: JobSim = { history: [{ status: "NotStarted", at: now }] };
    const res = ctx.store.put({ id, kind: "jobs", parent: ws.id, name: p.id, body, sim, dueAt: null }, now);
    await runner.submit(id, caller(req));
    return sendResource(reply, res, 201);
  });
}
