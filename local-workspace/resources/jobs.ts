/**
 * Jobs: create (PUT), get and list, in the ARM JobBase shape. Only PipelineJob is accepted for now.
 * A submitted job is stored with status NotStarted and stays there: running jobs is the job runner's
 * work (a later change), and nothing here pretends to progress.
 *
 * Checks on create, each a 400 naming the step: every step's componentId is a registered component
 * version of the workspace; compute ids (job, settings.default_compute, steps) are computes of the
 * workspace (or serverless); `${{parent.jobs.<job>.outputs.<port>}}` names a step of the pipeline and
 * an output its component declares; `${{parent.inputs.<x>}}` names a pipeline input; a step has a compute.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { componentFromSpec } from "../../lib/domain/pipeline";
import { PROVIDER, badRequest, childId, conflict, notFound, page, parseSkip } from "../arm";
import { apiVersion, requireRole, systemData, type Ctx } from "../context";
import { parseBody, ro } from "../validation";
import { loadWorkspace, sendResource, type WsParams } from "./workspaces";
import { resolveVersionRef } from "./versioned-assets";

const PAGE_SIZE = 100;
const JOB_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/;
const JOB_REF_RE = /\$\{\{\s*parent\.jobs\.([a-zA-Z_][a-zA-Z0-9_]*)\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/;
const PARENT_IN_RE = /\$\{\{\s*parent\.inputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/;

const jobInput = z.object({ jobInputType: z.enum(["literal", "uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model", "triton_model"]), description: z.string().nullable().optional() }).passthrough();
const jobOutput = z.object({ jobOutputType: z.enum(["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model", "triton_model"]), description: z.string().nullable().optional() }).passthrough();

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
    status: ro,
  }),
  id: ro, name: ro, type: ro, systemData: ro,
});

export const jobIdOf = (wsId: string, name: string) => childId(wsId, "jobs", name);

function checkCompute(ctx: Ctx, wsId: string, ref: unknown, where: string) {
  if (ref === undefined || ref === null) return;
  if (typeof ref !== "string") throw badRequest("UserError", `${where} must be a compute id.`, where);
  const name = ref.replace(/^azureml:/, "").split("/").pop()!;
  if (name.toLowerCase() === "serverless") return;
  if (ref.startsWith("/") && !ref.toLowerCase().startsWith(`${wsId.toLowerCase()}/computes/`)) throw badRequest("UserError", `${where} '${ref}' is not a compute of this workspace.`, where);
  if (!ctx.store.get(childId(wsId, "computes", name))) throw badRequest("UserError", `${where}: compute '${name}' does not exist in this workspace.`, where);
}

function checkPipeline(ctx: Ctx, wsId: string, props: z.infer<typeof jobPut>["properties"]) {
  const jobs = props.jobs ?? {};
  if (Object.keys(jobs).length === 0) throw badRequest("UserError", "A pipeline job needs at least one step in properties.jobs.", "properties.jobs");
  const settings = props.settings ?? {};
  checkCompute(ctx, wsId, props.computeId, "properties.computeId");
  checkCompute(ctx, wsId, settings.default_compute, "properties.settings.default_compute");
  const outputsOf = new Map<string, Set<string>>();
  for (const [name, step] of Object.entries(jobs)) {
    const at = `properties.jobs.${name}`;
    if (typeof step.componentId !== "string") throw badRequest("UserError", `Step '${name}' has no componentId.`, `${at}.componentId`);
    const version = resolveVersionRef(ctx, wsId, "components", step.componentId);
    if (!version) throw badRequest("UserError", `Step '${name}' uses component '${step.componentId}', which is not registered in this workspace.`, `${at}.componentId`);
    const spec = componentFromSpec(version.body.properties.componentSpec);
    outputsOf.set(name, new Set(Object.keys(spec.outputs)));
    checkCompute(ctx, wsId, step.computeId, `${at}.computeId`);
    if (!step.computeId && !settings.default_compute && !props.computeId)
      throw badRequest("UserError", `Step '${name}' has no compute and the pipeline sets no default_compute.`, `${at}.computeId`);
    for (const [port] of Object.entries((step.inputs as Record<string, unknown>) ?? {}))
      if (!(port in spec.inputs)) throw badRequest("UserError", `Step '${name}' sets input '${port}', which component ${spec.name} does not declare.`, `${at}.inputs.${port}`);
  }
  for (const [name, step] of Object.entries(jobs)) {
    for (const [port, input] of Object.entries((step.inputs as Record<string, any>) ?? {})) {
      const value = typeof input?.value === "string" ? input.value : "";
      const ref = JOB_REF_RE.exec(value);
      if (ref && !outputsOf.get(ref[1])?.has(ref[2]))
        throw badRequest("UserError", `Step '${name}' input '${port}' uses ${ref[0]}, but the pipeline has no step '${ref[1]}' with output '${ref[2]}'.`, `properties.jobs.${name}.inputs.${port}`);
      const parent = PARENT_IN_RE.exec(value);
      if (parent && !(parent[1] in (props.inputs ?? {})))
        throw badRequest("UserError", `Step '${name}' input '${port}' uses pipeline input '${parent[1]}', which properties.inputs does not declare.`, `properties.jobs.${name}.inputs.${port}`);
    }
  }
}

export function registerJobRoutes(app: FastifyInstance, ctx: Ctx) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/jobs`;
  const one = `${base}/:id`;
  const load = (req: FastifyRequest) => {
    const p = req.params as WsParams & { id: string };
    const ws = loadWorkspace(ctx, p);
    if (!JOB_NAME_RE.test(p.id)) throw badRequest("InvalidResourceName", `The job name '${p.id}' is invalid: letters, digits, '_' and '-', starting with a letter or digit.`, "id");
    return { ws, p, id: jobIdOf(ws.id, p.id) };
  };

  app.get(base, async (req) => {
    const ws = loadWorkspace(ctx, req.params as WsParams);
    const q = req.query as Record<string, unknown>;
    const skip = parseSkip(q);
    const view = String(q.listViewType ?? "ActiveOnly");
    const jobType = q.jobType === undefined ? null : String(q.jobType);
    const all = ctx.store
      .list("jobs", ws.id)
      .map((r) => r.body)
      .filter((b) => (view === "All" ? true : view === "ArchivedOnly" ? b.properties.isArchived : !b.properties.isArchived))
      .filter((b) => !jobType || b.properties.jobType === jobType)
      .reverse(); // newest first, as Azure ML lists jobs
    return page(all.slice(skip, skip + PAGE_SIZE), all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req));
  });

  app.get(one, async (req, reply) => {
    const { id, p } = load(req);
    const res = ctx.store.get(id);
    if (!res) throw notFound("job", p.id);
    return sendResource(reply, res);
  });

  app.put(one, async (req, reply) => {
    requireRole(req, "DataScientist", `${PROVIDER}/workspaces/jobs/write`);
    const { ws, p, id } = load(req);
    const input = parseBody(jobPut, req.body);
    const props = input.properties;
    const existing = ctx.store.get(id);
    const now = ctx.now();
    if (existing) {
      // A job, once submitted, keeps its definition; only its descriptive fields change.
      const cur = existing.body.properties;
      if (props.jobType !== cur.jobType || (props.jobs && JSON.stringify(props.jobs) !== JSON.stringify(cur.jobs)))
        throw conflict("Conflict", `Job '${p.id}' already exists; only description, tags, displayName and isArchived can change. Submit under a new name.`);
      const body = structuredClone(existing.body);
      for (const k of ["description", "tags", "displayName", "isArchived"] as const) if (props[k] !== undefined) body.properties[k] = props[k];
      body.systemData = systemData(req, now, existing.body.systemData);
      return sendResource(reply, ctx.store.put({ ...existing, body }, now), 200);
    }
    if (props.jobType !== "Pipeline")
      throw badRequest("UserError", `jobType '${props.jobType}' is not accepted by the local workspace service yet; submit a Pipeline job.`, "properties.jobType");
    checkPipeline(ctx, ws.id, props);
    const body = {
      id,
      name: p.id,
      type: `${PROVIDER}/workspaces/jobs`,
      properties: {
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
        jobType: "Pipeline",
        settings: props.settings ?? {},
        inputs: props.inputs ?? {},
        outputs: props.outputs ?? {},
        jobs: props.jobs ?? {},
        sourceJobId: props.sourceJobId ?? null,
      },
      systemData: systemData(req, now),
    };
    const res = ctx.store.put({ id, kind: "jobs", parent: ws.id, name: p.id, body, sim: null, dueAt: null }, now);
    return sendResource(reply, res, 201);
  });
}
