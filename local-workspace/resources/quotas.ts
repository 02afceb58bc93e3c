/**
 * Quotas (per VM family: a subscription limit per location and a workspace limit), updateQuotas,
 * usages (core usage computed from the real computes) and the VM size catalogue.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  ArmError,
  PROVIDER,
  badRequest,
  parseWorkspaceId,
  validateLocation,
  validateSubscription,
  workspaceId,
} from "../arm";
import { requireRole, type Ctx } from "../context";
import type { StoredResource } from "../store";
import { parseBody } from "../validation";
import { FAMILIES, VM_SIZES, findVmSize, vmSizeBody } from "../vm-sizes";
import { SERVERLESS_DEFAULT_INSTANCE_TYPE, serverlessCores } from "./job-usage";

export const WS_QUOTA_TYPE = `${PROVIDER}/workspaces/quotas`;
export const SUB_QUOTA_TYPE = `${PROVIDER}/vmFamily/quotas`;
/** Regional total of dedicated cluster vCPUs and of clusters, as in the recorded usage example. */
export const REGIONAL_DEDICATED_CORES = 300;
export const REGIONAL_CLUSTERS = 200;
/**
 * Low-priority (spot) cluster nodes count against their own regional quota, not their VM family's dedicated one
 * (Azure: "Total Cluster LowPriority Regional vCPUs", one limit for every family).
 */
export const REGIONAL_LOW_PRIORITY_CORES = 100;
export const LOW_PRIORITY_USAGE_NAME = "Total Cluster LowPriority Regional vCPUs";
const DEFAULT_SUB_LIMIT = 24;

// ---- storage: quota limits are resources too ------------------------------------------------

export function subQuotaStoreId(sub: string, location: string, family: string) {
  return `/subscriptions/${sub}/providers/${PROVIDER}/locations/${location.toLowerCase()}/vmFamilyQuotas/${family}`;
}
export function wsQuotaId(wsId: string, family: string) {
  return `${wsId}/quotas/${family}`;
}

export function setSubscriptionLimit(ctx: Ctx, sub: string, location: string, family: string, limit: number) {
  const id = subQuotaStoreId(sub, location, family);
  ctx.store.put(
    {
      id,
      kind: "subquotas",
      parent: `/subscriptions/${sub}/providers/${PROVIDER}/locations/${location.toLowerCase()}`,
      name: family,
      body: { limit },
      sim: null,
      dueAt: null,
    },
    ctx.now(),
  );
}
export function setWorkspaceLimit(ctx: Ctx, wsId: string, family: string, limit: number) {
  ctx.store.put(
    {
      id: wsQuotaId(wsId, family),
      kind: "quotas",
      parent: wsId,
      name: family,
      body: { limit },
      sim: null,
      dueAt: null,
    },
    ctx.now(),
  );
}
export function subscriptionLimit(ctx: Ctx, sub: string, location: string, family: string): number {
  return ctx.store.get(subQuotaStoreId(sub, location, family))?.body.limit ?? DEFAULT_SUB_LIMIT;
}
/** A workspace without its own limit shares the subscription's. */
export function workspaceLimit(ctx: Ctx, ws: StoredResource, family: string): number {
  const own = ctx.store.get(wsQuotaId(ws.id, family));
  if (own) return own.body.limit;
  const ref = parseWorkspaceId(ws.id)!;
  return subscriptionLimit(ctx, ref.sub, ws.body.location, family);
}

// ---- core accounting ---------------------------------------------------------------------

const isLowPriority = (body: any) =>
  body.properties.computeType === "AmlCompute" && body.properties.properties?.vmPriority === "LowPriority";

/**
 * vCPUs a compute holds now against its family's dedicated quota: cluster nodes × cores; a non-stopped instance's
 * cores. A low-priority cluster holds none there: its nodes count in `lowPriorityCoresInUse`.
 */
export function coresInUse(body: any): { family: string; cores: number } | null {
  const p = body.properties;
  const vm = findVmSize(p.properties?.vmSize);
  if (!vm || isLowPriority(body)) return null;
  if (p.computeType === "AmlCompute")
    return { family: vm.family, cores: (p.properties.currentNodeCount ?? 0) * vm.vCPUs };
  if (p.computeType === "ComputeInstance") {
    const idle =
      ["Stopped", "CreateFailed", "Deleting"].includes(p.properties.state) || p.provisioningState === "Failed";
    return { family: vm.family, cores: idle ? 0 : vm.vCPUs };
  }
  return null;
}

/** vCPUs a low-priority cluster's nodes hold now (0 for any other compute). */
export function lowPriorityCoresInUse(body: any): number {
  if (!isLowPriority(body)) return 0;
  const vm = findVmSize(body.properties.properties?.vmSize);
  return vm ? (body.properties.properties.currentNodeCount ?? 0) * vm.vCPUs : 0;
}

/** Low-priority vCPUs in use in a subscription's region, over all its workspaces there. */
export function regionalLowPriorityUsage(ctx: Ctx, sub: string, location: string, excludeId?: string): number {
  const ex = excludeId?.toLowerCase();
  let total = 0;
  for (const ws of workspacesAt(ctx, sub, location))
    for (const c of ctx.store.list("computes", ws.id))
      if (c.id.toLowerCase() !== ex) total += lowPriorityCoresInUse(c.body);
  return total;
}

/** vCPUs a compute may claim: a cluster's maxNodeCount × cores; an instance's cores. */
export function coresRequested(body: any): { family: string; cores: number; vCPUs: number } | null {
  const p = body.properties;
  const vm = findVmSize(p.properties?.vmSize);
  if (!vm) return null;
  if (p.computeType === "AmlCompute")
    return { family: vm.family, cores: (p.properties.scaleSettings?.maxNodeCount ?? 0) * vm.vCPUs, vCPUs: vm.vCPUs };
  if (p.computeType === "ComputeInstance") return { family: vm.family, cores: vm.vCPUs, vCPUs: vm.vCPUs };
  return null;
}

/** A workspace's dedicated vCPUs of a family in use: its computes' and its running serverless jobs'. */
export function workspaceUsage(ctx: Ctx, wsId: string, family: string, excludeId?: string): number {
  let total = serverlessCores(ctx, wsId).get(family) ?? 0;
  const ex = excludeId?.toLowerCase();
  for (const c of ctx.store.list("computes", wsId)) {
    if (ex && c.id.toLowerCase() === ex) continue;
    const u = coresInUse(c.body);
    if (u && u.family === family) total += u.cores;
  }
  return total;
}

/** 400 QuotaExceeded when the compute's requested cores do not fit the family's remaining workspace quota. */
export function checkComputeQuota(ctx: Ctx, ws: StoredResource, body: any, computeId: string) {
  const req = coresRequested(body);
  if (!req || req.cores === 0) return;
  if (isLowPriority(body)) {
    const ref = parseWorkspaceId(ws.id)!;
    const used = regionalLowPriorityUsage(ctx, ref.sub, ws.body.location, computeId);
    if (used + req.cores > REGIONAL_LOW_PRIORITY_CORES)
      throw new ArmError(
        400,
        "QuotaExceeded",
        `Operation results in exceeding quota limits of ${LOW_PRIORITY_USAGE_NAME}. Maximum allowed: ${REGIONAL_LOW_PRIORITY_CORES}, Current in use: ${used}, Additional requested: ${req.cores}. ` +
          `Please reduce the node count or the VM size, or request a quota increase.`,
      );
    return;
  }
  const limit = workspaceLimit(ctx, ws, req.family);
  const used = workspaceUsage(ctx, ws.id, req.family, computeId);
  if (used + req.cores > limit) {
    throw new ArmError(
      400,
      "QuotaExceeded",
      `Operation results in exceeding quota limits of ${req.family}. Maximum allowed: ${limit}, Current in use: ${used}, Additional requested: ${req.cores}. ` +
        `Please reduce the node count or the VM size, or request a quota increase.`,
    );
  }
}

/** The compute a job names (`azureml:name`, a name or an ARM id), "" when it names none. */
export function jobComputeName(props: { computeId?: unknown }): string {
  return typeof props.computeId === "string"
    ? (props.computeId
        .replace(/^azureml:/, "")
        .split("/")
        .pop() ?? "")
    : "";
}

/** A job with no compute, or the compute "serverless": Azure ML runs it on serverless compute. */
export function isServerlessJob(props: { computeId?: unknown }): boolean {
  const name = jobComputeName(props);
  return !name || name.toLowerCase() === "serverless";
}

/**
 * 400 QuotaExceeded when a serverless command or sweep job (no compute, or compute "serverless") asks for more
 * dedicated vCPUs of its instance type's family than the workspace has free: instanceCount nodes of the instance
 * type (Standard_DS3_v2 when none is named), times maxConcurrentTrials for a sweep (its trials run side by side;
 * 1 when it sets none). Free is the family's workspace limit less what its computes and running serverless jobs
 * hold. Checked when the job is accepted, before anything is stored.
 */
export function checkServerlessJobQuota(ctx: Ctx, ws: StoredResource, props: any) {
  if (props.jobType !== "Command" && props.jobType !== "Sweep") return;
  if (!isServerlessJob(props)) return;
  // A sweep's resources are its trial's (SweepJob has none of its own in 2022-10-01).
  const resources = props.resources ?? props.trial?.resources;
  const instanceType = resources?.instanceType || SERVERLESS_DEFAULT_INSTANCE_TYPE;
  const vm = findVmSize(instanceType);
  if (!vm) return;
  const count = Math.max(1, Number(resources?.instanceCount ?? 1) || 1);
  const side = props.jobType === "Sweep" ? Math.max(1, Number(props.limits?.maxConcurrentTrials ?? 1) || 1) : 1;
  const asked = vm.vCPUs * count * side;
  const limit = workspaceLimit(ctx, ws, vm.family);
  const free = Math.max(0, limit - workspaceUsage(ctx, ws.id, vm.family));
  if (asked > free)
    throw new ArmError(
      400,
      "QuotaExceeded",
      `Serverless job refused: ${count} x ${instanceType}${side > 1 ? ` x ${side} concurrent trials` : ""} asks for ${asked} vCPUs of ${vm.family}, ` +
        `which has ${free} free (limit ${limit}). Reduce the instance count or the instance type, or request a quota increase.`,
      props.resources ? "properties.resources.instanceCount" : "properties.trial.resources.instanceCount",
    );
}

// ---- routes ------------------------------------------------------------------------------

const quotaUpdate = z.strictObject({
  location: z.string().optional(),
  value: z
    .array(
      z.strictObject({
        id: z.string(),
        type: z.string().optional(),
        limit: z.number().int().min(0),
        unit: z.enum(["Count"]).optional(),
      }),
    )
    .max(1000),
});

function workspacesAt(ctx: Ctx, sub: string, location: string) {
  return ctx.store
    .listByPrefix("workspaces", `/subscriptions/${sub}`)
    .filter((w) => w.body.location.toLowerCase() === location.toLowerCase());
}

export function registerQuotaRoutes(app: FastifyInstance, ctx: Ctx) {
  const loc = `/subscriptions/:sub/providers/${PROVIDER}/locations/:loc`;
  const params = (p: any) => {
    validateSubscription(p.sub);
    validateLocation(p.loc);
    return { sub: p.sub as string, location: (p.loc as string).toLowerCase() };
  };

  app.get(`${loc}/vmSizes`, async (req) => {
    params(req.params);
    return { value: VM_SIZES.map(vmSizeBody) };
  });

  app.get(`${loc}/quotas`, async (req) => {
    const { sub, location } = params(req.params);
    const value: any[] = [];
    const wss = workspacesAt(ctx, sub, location);
    for (const [family, display] of Object.entries(FAMILIES)) {
      const name = { value: family, localizedValue: display };
      value.push({
        id: `/subscriptions/${sub}/providers/${PROVIDER}/locations/${location}/quotas/${family}`,
        amlWorkspaceLocation: location,
        type: SUB_QUOTA_TYPE,
        name,
        limit: subscriptionLimit(ctx, sub, location, family),
        unit: "Count",
      });
      for (const ws of wss) {
        value.push({
          id: wsQuotaId(ws.body.id, family),
          amlWorkspaceLocation: location,
          type: WS_QUOTA_TYPE,
          name,
          limit: workspaceLimit(ctx, ws, family),
          unit: "Count",
        });
      }
    }
    return { value };
  });

  app.post(`${loc}/updateQuotas`, async (req) => {
    requireRole(req, "Admin", "Microsoft.MachineLearningServices/locations/updateQuotas/action");
    const { sub, location } = params(req.params);
    const input = parseBody(quotaUpdate, req.body);
    if (input.location && input.location.toLowerCase() !== location)
      throw badRequest(
        "InvalidRequestContent",
        `The location in the body ('${input.location}') does not match the path ('${location}').`,
        "location",
      );
    // Decide every item first, then write the successful ones in one transaction.
    const results = input.value.map((item) => {
      const base = { id: item.id, type: WS_QUOTA_TYPE, limit: item.limit, unit: "Count" as const };
      const m = /^(.*)\/quotas\/([^/]+)$/i.exec(item.id);
      const ref = m ? parseWorkspaceId(m[1]) : null;
      if (!m || !ref || ref.sub.toLowerCase() !== sub.toLowerCase() || m[1].split("/").length !== 9)
        return { ...base, status: "Failure" };
      const family = Object.keys(FAMILIES).find((f) => f.toLowerCase() === m[2].toLowerCase());
      if (!family) return { ...base, status: "InvalidVMFamilyName" };
      const ws = ctx.store.get(workspaceId(ref.sub, ref.rg, ref.ws));
      if (!ws || ws.body.location.toLowerCase() !== location) return { ...base, status: "Failure" };
      if (item.limit > subscriptionLimit(ctx, sub, location, family))
        return { ...base, status: "InvalidQuotaExceedsSubscriptionLimit" };
      // The workspace's clusters must keep at least their minimum nodes.
      let minimum = 0;
      for (const c of ctx.store.list("computes", ws.id)) {
        const p = c.body.properties;
        const vm = findVmSize(p.properties?.vmSize);
        if (p.computeType === "AmlCompute" && vm?.family === family)
          minimum += (p.properties.scaleSettings?.minNodeCount ?? 0) * vm.vCPUs;
      }
      if (item.limit < minimum) return { ...base, status: "InvalidQuotaBelowClusterMinimum" };
      return { ...base, id: wsQuotaId(ws.body.id, family), status: "Success", _ws: ws.id, _family: family };
    });
    ctx.store.tx(() => {
      for (const r of results as any[]) if (r.status === "Success") setWorkspaceLimit(ctx, r._ws, r._family, r.limit);
    });
    return { value: results.map(({ _ws, _family, ...r }: any) => r) };
  });

  app.get(`${loc}/usages`, async (req) => {
    const { sub, location } = params(req.params);
    const wss = workspacesAt(ctx, sub, location);
    const perWs = wss.map((ws) => ({
      ws,
      computes: ctx.store.list("computes", ws.id),
      serverless: serverlessCores(ctx, ws.id),
    }));
    const value: any[] = [];
    let dedicated = 0;
    let clusters = 0;
    let lowPriority = 0;
    for (const { computes } of perWs) {
      for (const c of computes) {
        if (c.body.properties.computeType === "AmlCompute") clusters++;
        dedicated += coresInUse(c.body)?.cores ?? 0;
        lowPriority += lowPriorityCoresInUse(c.body);
      }
    }
    for (const { serverless } of perWs) for (const cores of serverless.values()) dedicated += cores;
    const subBase = `/subscriptions/${sub}/providers/${PROVIDER}/locations/${location}`;
    value.push({
      id: `${subBase}/usages`,
      amlWorkspaceLocation: location,
      type: `${PROVIDER}/totalCores/usages`,
      currentValue: clusters,
      limit: REGIONAL_CLUSTERS,
      name: { value: "Clusters", localizedValue: "Clusters" },
      unit: "Count",
    });
    value.push({
      id: `${subBase}/usages`,
      amlWorkspaceLocation: location,
      type: `${PROVIDER}/dedicatedCores/usages`,
      currentValue: dedicated,
      limit: REGIONAL_DEDICATED_CORES,
      name: {
        value: "Total Cluster Dedicated Regional vCPUs",
        localizedValue: "Total Cluster Dedicated Regional vCPUs",
      },
      unit: "Count",
    });
    // Low-priority nodes: one regional quota for every family, and each workspace's share of it.
    const lowPriorityName = { value: LOW_PRIORITY_USAGE_NAME, localizedValue: LOW_PRIORITY_USAGE_NAME };
    value.push({
      id: `${subBase}/usages/lowPriorityCores`,
      amlWorkspaceLocation: location,
      type: `${PROVIDER}/lowPriorityCores/usages`,
      currentValue: lowPriority,
      limit: REGIONAL_LOW_PRIORITY_CORES,
      name: lowPriorityName,
      unit: "Count",
    });
    for (const { ws, computes } of perWs)
      value.push({
        id: `${ws.body.id}/usages/lowPriorityCores`,
        amlWorkspaceLocation: location,
        type: `${PROVIDER}/workspaces/lowPriorityCores/usages`,
        currentValue: computes.reduce((n, c) => n + lowPriorityCoresInUse(c.body), 0),
        limit: REGIONAL_LOW_PRIORITY_CORES,
        name: lowPriorityName,
        unit: "Count",
      });
    for (const [family, display] of Object.entries(FAMILIES)) {
      const name = { value: family, localizedValue: display };
      const wsRows: any[] = [];
      let subTotal = 0;
      for (const { ws, computes, serverless } of perWs) {
        // Serverless jobs use the family's dedicated cores like a compute does; their row says how many.
        const serverlessUse = serverless.get(family) ?? 0;
        let wsTotal = serverlessUse;
        const computeRows: any[] = [];
        if (serverlessUse > 0)
          computeRows.push({
            id: `${ws.body.id}/serverless/usages/${family}`,
            amlWorkspaceLocation: location,
            type: `${PROVIDER}/workspaces/serverless/usages`,
            currentValue: serverlessUse,
            limit: workspaceLimit(ctx, ws, family),
            name,
            unit: "Count",
          });
        for (const c of computes) {
          const u = coresInUse(c.body);
          if (!u || u.family !== family || u.cores === 0) continue;
          wsTotal += u.cores;
          computeRows.push({
            id: `${c.body.id}/usages/${family}`,
            amlWorkspaceLocation: location,
            type: `${PROVIDER}/workspaces/computes/usages`,
            currentValue: u.cores,
            limit: workspaceLimit(ctx, ws, family),
            name,
            unit: "Count",
          });
        }
        subTotal += wsTotal;
        wsRows.push(
          {
            id: `${ws.body.id}/usages/${family}`,
            amlWorkspaceLocation: location,
            type: `${PROVIDER}/workspaces/usages`,
            currentValue: wsTotal,
            limit: workspaceLimit(ctx, ws, family),
            name,
            unit: "Count",
          },
          ...computeRows,
        );
      }
      value.push(
        {
          id: `${subBase}/usages/${family}`,
          amlWorkspaceLocation: location,
          type: `${PROVIDER}/vmFamily/usages`,
          currentValue: subTotal,
          limit: subscriptionLimit(ctx, sub, location, family),
          name,
          unit: "Count",
        },
        ...wsRows,
      );
    }
    return { value };
  });
}
