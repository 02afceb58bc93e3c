/**
 * Demo data for an empty store, and a bulk creator for benchmarks.
 */
import { workspaceId } from "./arm";
import type { Ctx } from "./context";
import { newComputeBody, computeIdOf } from "./resources/computes";
import { newWorkspaceBody } from "./resources/workspaces";
import { setSubscriptionLimit, setWorkspaceLimit } from "./resources/quotas";
import { setResizing, setSteady, type ComputeSim } from "./simulator";
import { seedModelsAndEnvironments } from "./seed-models";
import { seedComponents } from "./seed-components";

export const SEED_SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
export const SEED_RESOURCE_GROUP = "ml-studio-demo";
export const SEED_LOCATION = "eastus";
export const SEED_WORKSPACE = "demo-workspace";
export const SEED_WORKSPACE_2 = "research-workspace";
const SEED_USER = { username: "admin@ml-studio.local", oid: "00000000-0000-0000-0000-00000000a001" };

/** Subscription and workspace limits per family: [subscription, demo-workspace, research-workspace]. */
export const SEED_QUOTAS: Record<string, [number, number, number]> = {
  standardDSv2Family: [100, 48, 24],
  standardDv3Family: [100, 32, 16],
  standardDSv3Family: [100, 32, 16],
  standardEDSv4Family: [64, 32, 16],
  standardFSv2Family: [64, 24, 8],
  standardNCSv3Family: [24, 12, 6],
  standardNCASv3_T4Family: [32, 16, 8],
  standardNDSv2Family: [40, 0, 40],
  standardNCFamily: [24, 12, 12],
};

function sysData(at: number) {
  const t = new Date(at).toISOString();
  return {
    createdBy: SEED_USER.username,
    createdByType: "User",
    createdAt: t,
    lastModifiedBy: SEED_USER.username,
    lastModifiedByType: "User",
    lastModifiedAt: t,
  };
}

function putWorkspace(ctx: Ctx, name: string, description: string, at: number) {
  const body: any = newWorkspaceBody(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, name, SEED_LOCATION, {
    properties: { description, friendlyName: name },
  });
  body.systemData = sysData(at);
  return ctx.store.put(
    {
      id: body.id,
      kind: "workspaces",
      parent: `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/${SEED_RESOURCE_GROUP}`,
      name,
      body,
      sim: null,
      dueAt: null,
      createdAt: at,
    },
    at,
  );
}

interface SeedCompute {
  name: string;
  computeType: string;
  description?: string;
  properties?: any;
  resourceId?: string;
  /** Adjust the created (Succeeded) body and sim. */
  shape?: (body: any, sim: ComputeSim, now: number) => void;
}

/** Stores a compute directly in a settled state (no quota check, no operation). */
export function putSettledCompute(ctx: Ctx, wsId: string, c: SeedCompute, at: number) {
  const body = newComputeBody({
    wsId,
    wsLocation: SEED_LOCATION,
    name: c.name,
    input: {
      properties: {
        computeType: c.computeType as any,
        description: c.description,
        properties: c.properties,
        resourceId: c.resourceId,
      },
    },
    user: SEED_USER,
    now: at,
  });
  body.properties.provisioningState = "Succeeded";
  const sim: ComputeSim = {};
  const op = {
    operationName: "Create",
    operationTime: new Date(at).toISOString(),
    operationStatus: "Succeeded",
    operationTrigger: "User",
  };
  if (c.computeType === "ComputeInstance") {
    body.properties.properties.state = "Running";
    body.properties.properties.lastOperation = op;
  }
  body.systemData = sysData(at);
  c.shape?.(body, sim, ctx.now());
  return ctx.store.put(
    {
      id: body.id,
      kind: "computes",
      parent: wsId,
      name: c.name,
      body,
      sim,
      dueAt: sim.pending?.dueAt ?? null,
      createdAt: at,
    },
    at,
  );
}

export function seedIfEmpty(ctx: Ctx): boolean {
  if (ctx.store.getMeta("seeded")) return false;
  if (ctx.store.count("workspaces", `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/${SEED_RESOURCE_GROUP}`) > 0)
    return false;
  seed(ctx);
  return true;
}

export function seed(ctx: Ctx) {
  const now = ctx.now();
  const day = 86_400_000;
  ctx.store.tx(() => {
    const demo = putWorkspace(ctx, SEED_WORKSPACE, "Demo workspace for ML Studio", now - 30 * day);
    const research = putWorkspace(ctx, SEED_WORKSPACE_2, "Research team workspace", now - 20 * day);
    for (const [family, [subLimit, demoLimit, researchLimit]] of Object.entries(SEED_QUOTAS)) {
      setSubscriptionLimit(ctx, SEED_SUBSCRIPTION, SEED_LOCATION, family, subLimit);
      setWorkspaceLimit(ctx, demo.id, family, demoLimit);
      setWorkspaceLimit(ctx, research.id, family, researchLimit);
    }
    const rgBase = `/subscriptions/${SEED_SUBSCRIPTION}/resourceGroups/${SEED_RESOURCE_GROUP}/providers`;
    const computes: SeedCompute[] = [
      {
        name: "alice-ci",
        computeType: "ComputeInstance",
        description: "Alice's notebook VM",
        properties: { vmSize: "Standard_DS11_v2" },
      },
      {
        name: "bob-ci",
        computeType: "ComputeInstance",
        properties: { vmSize: "Standard_DS3_v2" },
        shape: (b, _s, t) => {
          b.properties.properties.state = "Stopped";
          b.properties.properties.lastOperation = {
            operationName: "Stop",
            operationTime: new Date(t - 2 * 3600_000).toISOString(),
            operationStatus: "Succeeded",
            operationTrigger: "IdleShutdown",
          };
        },
      },
      {
        name: "gpu-notebook",
        computeType: "ComputeInstance",
        description: "T4 notebook that failed to allocate",
        properties: { vmSize: "Standard_NC4as_T4_v3" },
        shape: (b, _s, t) => {
          const error = {
            code: "AllocationFailed",
            message:
              "Allocation failed. We do not have sufficient capacity for the requested VM size Standard_NC4as_T4_v3 in this region.",
          };
          b.properties.provisioningState = "Failed";
          b.properties.provisioningErrors = [{ error }];
          b.properties.properties.state = "CreateFailed";
          b.properties.properties.errors = [{ error }];
          b.properties.properties.lastOperation = {
            operationName: "Create",
            operationTime: new Date(t - 3600_000).toISOString(),
            operationStatus: "CreateFailed",
            operationTrigger: "User",
          };
        },
      },
      {
        name: "cpu-cluster",
        computeType: "AmlCompute",
        description: "General purpose CPU cluster",
        properties: {
          vmSize: "Standard_DS3_v2",
          scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: "PT1800S" },
        },
        shape: (b, s) => {
          s.busy = 2;
          setSteady(b.properties.properties, s, 3);
        },
      },
      {
        name: "gpu-cluster",
        computeType: "AmlCompute",
        description: "V100 training cluster",
        properties: { vmSize: "Standard_NC6s_v3", scaleSettings: { minNodeCount: 0, maxNodeCount: 2 } },
      },
      {
        name: "batch-cluster",
        computeType: "AmlCompute",
        description: "Batch scoring cluster, scaling up",
        properties: { vmSize: "Standard_F4s_v2", scaleSettings: { minNodeCount: 3, maxNodeCount: 6 } },
        shape: (b, s, t) => {
          setSteady(b.properties.properties, s, 1);
          ctx.sim.begin(b, s, "Resize", t);
          setResizing(b.properties.properties, s);
        },
      },
      {
        name: "k8s-inference",
        computeType: "Kubernetes",
        description: "Arc-enabled Kubernetes for online endpoints",
        resourceId: `${rgBase}/Microsoft.Kubernetes/connectedClusters/demo-aks-arc`,
        properties: {
          namespace: "azureml",
          defaultInstanceType: "defaultinstancetype",
          instanceTypes: {
            defaultinstancetype: {
              resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "8Gi" } },
            },
          },
          extensionPrincipalId: "00000000-0000-0000-0000-00000000b001",
          relayConnectionString: null,
          serviceBusConnectionString: null,
          vcName: "demo-aks-arc",
        },
      },
      {
        name: "dsvm-attached",
        computeType: "VirtualMachine",
        description: "Attached data science VM",
        resourceId: `${rgBase}/Microsoft.Compute/virtualMachines/demo-dsvm`,
        properties: {
          virtualMachineSize: "Standard_D4s_v3",
          sshPort: 22,
          address: "10.0.0.8",
          administratorAccount: { username: "azureuser" },
          isNotebookInstanceCompute: false,
        },
      },
    ];
    computes.forEach((c, i) => putSettledCompute(ctx, demo.id, c, now - (20 - i) * day));
    putSettledCompute(
      ctx,
      research.id,
      { name: "research-ci", computeType: "ComputeInstance", properties: { vmSize: "Standard_E4ds_v4" } },
      now - 10 * day,
    );
    putSettledCompute(
      ctx,
      research.id,
      {
        name: "nd-cluster",
        computeType: "AmlCompute",
        properties: { vmSize: "Standard_ND40rs_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 1 } },
      },
      now - 9 * day,
    );
    seedModelsAndEnvironments(ctx, demo.id, now);
    seedComponents(ctx, demo.id, now - 15 * day);
    ctx.store.setMeta("seeded", new Date(now).toISOString());
  });
}

/**
 * Bulk-creates `count` settled computes (a mix of clusters and instances) in a workspace,
 * bypassing quotas and operations. Used by the benchmark (e.g. 1,000 computes).
 */
export function bulkCreateComputes(
  ctx: Ctx,
  opts: { count: number; prefix?: string; sub?: string; rg?: string; ws?: string },
): string[] {
  const wsId = workspaceId(opts.sub ?? SEED_SUBSCRIPTION, opts.rg ?? SEED_RESOURCE_GROUP, opts.ws ?? SEED_WORKSPACE);
  if (!ctx.store.get(wsId)) throw new Error(`workspace ${wsId} does not exist`);
  const prefix = opts.prefix ?? "bulk";
  const ids: string[] = [];
  const now = ctx.now();
  ctx.store.tx(() => {
    for (let i = 0; i < opts.count; i++) {
      const name = `${prefix}-${String(i).padStart(5, "0")}`;
      const cluster = i % 2 === 0;
      const res = putSettledCompute(
        ctx,
        wsId,
        cluster
          ? {
              name,
              computeType: "AmlCompute",
              properties: { vmSize: "Standard_DS3_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } },
              shape: (b, s) => setSteady(b.properties.properties, s, i % 3),
            }
          : {
              name,
              computeType: "ComputeInstance",
              properties: { vmSize: "Standard_DS11_v2" },
              shape: (b) => {
                if (i % 4 === 1) b.properties.properties.state = "Stopped";
              },
            },
        now - (opts.count - i),
      );
      ids.push(res.id);
    }
  });
  return ids;
}

export { computeIdOf };
