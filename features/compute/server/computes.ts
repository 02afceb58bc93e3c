import "server-only";
import type { ComputeResource } from "@azure/arm-machinelearning";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import { detachesOnDelete, toComputeSummary, toComputeView, toIsoDuration, type VmSize } from "../model";
import { coresLeft, familyLabel, LOW_PRIORITY_FAMILY } from "@/lib/domain/quota";
import { activeJobs, getWorkspace } from "@/features/workspaces/server";
import { getFamilyQuotas } from "@/features/quotas/server";
import type { ComputeSchedule, CreateComputeBody, ScaleBody } from "./schemas";
import { readComputeYaml } from "../compute-yaml";
import { formatProblem, YamlImportError } from "@/lib/domain/pipeline";

type SizedCompute = Extract<CreateComputeBody, { computeType: "ComputeInstance" | "AmlCompute" }>;
type Identity = NonNullable<Extract<CreateComputeBody, { computeType: "AmlCompute" }>["identity"]>;

/** Compute state moves on its own; a short freshness keeps the dashboard close to the upstream while polling. */
const COMPUTE_FRESH_MS = 2_000;

export function listComputes(ctx: WorkspaceContext) {
  return ctx.cached(
    "compute",
    listKey(),
    async () => {
      const items = await collect(ctx.client.computeOperations.list(ctx.ref.resourceGroup, ctx.ref.workspace));
      return items.map((c) => toComputeSummary(toComputeView(plain(c)))).sort((a, b) => a.name.localeCompare(b.name));
    },
    { freshMs: COMPUTE_FRESH_MS },
  );
}

export function getCompute(ctx: WorkspaceContext, name: string) {
  return ctx.cached(
    "compute",
    `item:${name.toLowerCase()}`,
    async () =>
      toComputeView(plain(await ctx.client.computeOperations.get(ctx.ref.resourceGroup, ctx.ref.workspace, name))),
    {
      freshMs: COMPUTE_FRESH_MS,
    },
  );
}

export function listComputeNodes(ctx: WorkspaceContext, name: string) {
  return ctx.cached(
    "compute",
    `nodes:${name.toLowerCase()}`,
    async () =>
      plain(await collect(ctx.client.computeOperations.listNodes(ctx.ref.resourceGroup, ctx.ref.workspace, name))),
    {
      freshMs: COMPUTE_FRESH_MS,
    },
  );
}

export async function listVmSizes(ctx: WorkspaceContext) {
  const { data: workspace } = await getWorkspace(ctx);
  return ctx.cached(
    "vmSize",
    workspace.location,
    async () => {
      const res = await ctx.client.virtualMachineSizes.list(workspace.location);
      return (res.value ?? []).map((s): VmSize => ({
        name: s.name ?? "",
        family: s.family ?? "",
        vCPUs: s.vCPUs ?? 0,
        gpus: s.gpus ?? 0,
        memoryGB: s.memoryGB ?? 0,
        lowPriorityCapable: s.lowPriorityCapable ?? false,
        supportedComputeTypes: s.supportedComputeTypes ?? [],
        pricePerHour:
          s.estimatedVMPrices?.values.find((p) => p.osType === "Linux" && p.vmTier === "Standard")?.retailPrice ?? null,
      }));
    },
    { freshMs: 10 * 60_000 },
  );
}

/** Refuses, before any upstream call, a create whose vCPUs would exceed what the family's quota leaves. */
async function checkQuota(ctx: WorkspaceContext, body: SizedCompute): Promise<void> {
  const [{ data: sizes }, { data: quotas }] = await Promise.all([listVmSizes(ctx), getFamilyQuotas(ctx)]);
  const size = sizes.find((s) => s.name.toLowerCase() === body.vmSize.toLowerCase());
  if (!size) throw ApiError.badRequest(`VM size "${body.vmSize}" is not offered in this workspace's region.`, "vmSize");
  const computeType = body.computeType;
  if (size.supportedComputeTypes.length && !size.supportedComputeTypes.includes(computeType)) {
    throw ApiError.badRequest(
      `VM size ${size.name} cannot be used for a ${computeType === "AmlCompute" ? "compute cluster" : "compute instance"}.`,
      "vmSize",
    );
  }
  const nodes = body.computeType === "AmlCompute" ? body.maxNodes : 1;
  const needed = nodes * size.vCPUs;
  // Low-priority nodes count against the region's low-priority quota, whatever their family.
  const lowPriority = body.computeType === "AmlCompute" && body.vmPriority === "LowPriority";
  const quota = quotas.find((q) => (lowPriority ? q.family === LOW_PRIORITY_FAMILY : q.family === size.family));
  if (!quota) return;
  const left = coresLeft(quota);
  if (needed > left) {
    const limit = quota.workspaceLimit ?? quota.subscriptionLimit;
    throw new ApiError(
      400,
      "QuotaExceeded",
      `Not enough ${lowPriority ? "low-priority" : familyLabel(size.family)} quota: this needs ${needed} vCPUs (${nodes} × ${size.name} with ${size.vCPUs} vCPUs) but only ${left} of ${limit} are left (${quota.workspaceUsage} in use).`,
      body.computeType === "AmlCompute" ? "maxNodes" : "vmSize",
      { family: size.family, needed, left, limit, used: quota.workspaceUsage },
    );
  }
}

export async function createCompute(ctx: WorkspaceContext, name: string, body: CreateComputeBody) {
  const existing = await ctx.client.computeOperations.get(ctx.ref.resourceGroup, ctx.ref.workspace, name).catch((e) => {
    if ((e as { statusCode?: number }).statusCode === 404) return null;
    throw e;
  });
  if (existing) throw ApiError.conflict(`A compute named "${name}" already exists in this workspace.`);
  // Kinds with cores of their own are checked against the quota; attached computes bring their own machines.
  if (body.computeType === "ComputeInstance" || body.computeType === "AmlCompute") await checkQuota(ctx, body);
  const { data: workspace } = await getWorkspace(ctx);
  const resource = computeResource(workspace.location, body);
  // Begin only: the dashboard follows the state live instead of holding the request open.
  await ctx.client.computeOperations.beginCreateOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, resource);
  await invalidateCompute(ctx, name);
  return (await getCompute(ctx, name)).data;
}

/**
 * Creates the compute a CLI v2 compute file describes (the New compute dialog's YAML tab). Every problem of the
 * file, with its line and column, is one 400 naming `yaml`, and nothing is created.
 */
export async function createComputeFromYaml(ctx: WorkspaceContext, yaml: string) {
  let file;
  try {
    file = readComputeYaml(yaml);
  } catch (e) {
    if (e instanceof YamlImportError)
      throw new ApiError(400, "InvalidComputeYaml", e.problems.map(formatProblem).join("\n"), "yaml", {
        problems: e.problems,
      });
    throw e;
  }
  return createCompute(ctx, file.name, file.body);
}

/** A schedule of the studio's shape as ARM's ComputeStartStopSchedule (a cron trigger). */
function toArmSchedule(sch: ComputeSchedule) {
  return {
    action: sch.action,
    status: sch.enabled ? ("Enabled" as const) : ("Disabled" as const),
    triggerType: "Cron" as const,
    cron: {
      triggerType: "Cron" as const,
      expression: sch.cron,
      timeZone: sch.timeZone ?? "UTC",
      ...(sch.startTime ? { startTime: sch.startTime } : {}),
    },
  };
}

/** ARM's ManagedServiceIdentity of a compute: user-assigned identities are a map keyed by their resource ids. */
function armIdentity(identity: Identity | undefined): ComputeResource["identity"] {
  if (!identity) return undefined;
  return {
    type: identity.type,
    ...(identity.userAssignedIdentities?.length
      ? { userAssignedIdentities: Object.fromEntries(identity.userAssignedIdentities.map((id) => [id, {}])) }
      : {}),
  };
}

/** The ARM body of a new compute of any kind the studio creates. */
export function computeResource(workspaceLocation: string, body: CreateComputeBody): ComputeResource {
  const envelope = {
    location: body.location ?? workspaceLocation,
    ...("identity" in body && body.identity ? { identity: armIdentity(body.identity) } : {}),
  };
  switch (body.computeType) {
    case "ComputeInstance":
      return {
        ...envelope,
        properties: {
          computeType: "ComputeInstance",
          description: body.description,
          properties: {
            vmSize: body.vmSize,
            ...(body.idleSecondsBeforeShutdown
              ? { idleTimeBeforeShutdown: toIsoDuration(body.idleSecondsBeforeShutdown) }
              : {}),
            ...(body.schedules?.length ? { schedules: { computeStartStop: body.schedules.map(toArmSchedule) } } : {}),
            sshSettings: {
              sshPublicAccess: body.sshPublicAccess ? "Enabled" : "Disabled",
              ...(body.sshPublicKey ? { adminPublicKey: body.sshPublicKey } : {}),
            },
            ...(body.assignedUser
              ? {
                  computeInstanceAuthorizationType: "personal",
                  personalComputeInstanceSettings: { assignedUser: body.assignedUser },
                }
              : {}),
          },
        },
      };
    case "AmlCompute":
      return {
        ...envelope,
        properties: {
          computeType: "AmlCompute",
          description: body.description,
          properties: {
            vmSize: body.vmSize,
            vmPriority: body.vmPriority,
            scaleSettings: {
              minNodeCount: body.minNodes,
              maxNodeCount: body.maxNodes,
              nodeIdleTimeBeforeScaleDown: toIsoDuration(body.idleSecondsBeforeScaleDown),
            },
            ...(body.adminUser
              ? {
                  userAccountCredentials: {
                    adminUserName: body.adminUser.username,
                    ...(body.adminUser.password ? { adminUserPassword: body.adminUser.password } : {}),
                    ...(body.adminUser.sshPublicKey ? { adminUserSshPublicKey: body.adminUser.sshPublicKey } : {}),
                  },
                }
              : {}),
          },
        },
      };
    case "Kubernetes":
      return {
        ...envelope,
        properties: {
          computeType: "Kubernetes",
          description: body.description,
          resourceId: body.resourceId,
          properties: {
            namespace: body.namespace,
            ...(body.defaultInstanceType ? { defaultInstanceType: body.defaultInstanceType } : {}),
            ...(body.instanceTypes ? { instanceTypes: body.instanceTypes } : {}),
          },
        },
      };
    case "VirtualMachine":
      return {
        ...envelope,
        properties: {
          computeType: "VirtualMachine",
          description: body.description,
          ...(body.resourceId ? { resourceId: body.resourceId } : {}),
          properties: {
            ...(body.address ? { address: body.address } : {}),
            sshPort: body.sshPort,
            administratorAccount: body.administratorAccount,
          },
        },
      };
    case "AKS":
      return {
        ...envelope,
        properties: {
          computeType: "AKS",
          description: body.description,
          ...(body.resourceId ? { resourceId: body.resourceId } : {}),
          properties: {
            ...(body.clusterFqdn ? { clusterFqdn: body.clusterFqdn } : {}),
            clusterPurpose: body.clusterPurpose,
          },
        },
      };
    case "SynapseSpark":
      return {
        ...envelope,
        properties: { computeType: "SynapseSpark", description: body.description, resourceId: body.resourceId },
      };
  }
}

/**
 * Replaces a compute instance's start/stop schedules: a PUT of the instance as it is with the new schedules
 * (2022-10-01 has no operation of their own; the portal does the same).
 */
export async function setSchedules(ctx: WorkspaceContext, name: string, schedules: ComputeSchedule[]) {
  const current = await ctx.client.computeOperations.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  const props = current.properties;
  if (props?.computeType !== "ComputeInstance")
    throw ApiError.badRequest(
      `Only compute instances have start/stop schedules; "${name}" is a ${props?.computeType ?? "compute"}.`,
      "name",
    );
  await ctx.client.computeOperations.beginCreateOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
    location: current.location,
    properties: {
      computeType: "ComputeInstance",
      description: props.description,
      properties: {
        vmSize: (props as { properties?: { vmSize?: string } }).properties?.vmSize,
        schedules: { computeStartStop: schedules.map(toArmSchedule) },
      },
    },
  });
  await invalidateCompute(ctx, name);
  return (await getCompute(ctx, name)).data;
}

export async function runComputeAction(ctx: WorkspaceContext, name: string, action: "start" | "stop" | "restart") {
  const { data: compute } = await getCompute(ctx, name);
  if (compute.category !== "instance")
    throw ApiError.badRequest(
      `Only compute instances can ${action}; "${name}" is a ${compute.typeLabel.toLowerCase()}.`,
      "action",
    );
  const ops = ctx.client.computeOperations;
  const begin = action === "start" ? ops.beginStart : action === "stop" ? ops.beginStop : ops.beginRestart;
  await begin.call(ops, ctx.ref.resourceGroup, ctx.ref.workspace, name);
  await invalidateCompute(ctx, name);
  return (await getCompute(ctx, name)).data;
}

export async function updateScale(ctx: WorkspaceContext, name: string, body: ScaleBody) {
  const { data: compute } = await getCompute(ctx, name);
  if (compute.category !== "cluster")
    throw ApiError.badRequest(
      `Only compute clusters have scale settings; "${name}" is a ${compute.typeLabel.toLowerCase()}.`,
      "name",
    );
  if (compute.vmSize && body.maxNodes > (compute.nodes?.max ?? 0)) {
    // Growing the maximum needs quota for the extra nodes.
    const { data: sizes } = await listVmSizes(ctx);
    const size = sizes.find((s) => s.name.toLowerCase() === compute.vmSize!.toLowerCase());
    if (size) {
      const { data: quotas } = await getFamilyQuotas(ctx);
      const quota = quotas.find((q) => q.family === size.family);
      const extra = (body.maxNodes - (compute.nodes?.max ?? 0)) * size.vCPUs;
      if (quota && extra > coresLeft(quota)) {
        throw new ApiError(
          400,
          "QuotaExceeded",
          `Raising max nodes to ${body.maxNodes} needs ${extra} more ${familyLabel(size.family)} vCPUs, but only ${coresLeft(quota)} are left.`,
          "maxNodes",
        );
      }
    }
  }
  await ctx.client.computeOperations.beginUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
    properties: {
      scaleSettings: {
        minNodeCount: body.minNodes,
        maxNodeCount: body.maxNodes,
        nodeIdleTimeBeforeScaleDown: toIsoDuration(body.idleSecondsBeforeScaleDown),
      },
    },
  });
  await invalidateCompute(ctx, name);
  return (await getCompute(ctx, name)).data;
}

/**
 * Deletes (or detaches) a compute. Jobs still running on it are a 409 naming them, unless `force`: then they are
 * canceled first.
 */
export async function deleteCompute(ctx: WorkspaceContext, name: string, force = false) {
  const { data: compute } = await getCompute(ctx, name);
  const running = (await activeJobs(ctx))
    .filter((j) => j.computes.some((c) => c.toLowerCase() === name.toLowerCase()))
    .map((j) => j.name);
  if (running.length && !force)
    throw new ApiError(
      409,
      "JobsRunning",
      `${running.length} job${running.length === 1 ? " is" : "s are"} still running on "${name}" ` +
        `(${running.slice(0, 5).join(", ")}${running.length > 5 ? ", …" : ""}). ` +
        "Cancel them first, or delete with force to cancel them.",
      undefined,
      { runningJobs: running },
    );
  for (const job of running)
    await ctx.client.jobs.beginCancel(ctx.ref.resourceGroup, ctx.ref.workspace, job).catch((e) => {
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    });
  // Attached computes are detached, never deleted: the resource belongs to someone else.
  await ctx.client.computeOperations.beginDelete(
    ctx.ref.resourceGroup,
    ctx.ref.workspace,
    name,
    detachesOnDelete(compute) ? "Detach" : "Delete",
  );
  await invalidateCompute(ctx, name);
  return { deleting: name, canceledJobs: running };
}

async function invalidateCompute(ctx: WorkspaceContext, name: string) {
  // Invalidating an item also drops every cached list of its kind.
  await Promise.all([
    invalidate(ctx.workspaceId, "compute", `item:${name.toLowerCase()}`),
    invalidate(ctx.workspaceId, "compute", `nodes:${name.toLowerCase()}`),
    invalidate(ctx.workspaceId, "usage"),
  ]);
}
