/**
 * Computes: list (paged), get, create or update (LRO 201), update scale settings (PATCH),
 * delete (LRO 202), start / stop / restart (ComputeInstance, LRO 202), listNodes, listKeys.
 */
import { LOCAL_TENANT_ID } from "../../lib/domain/arm-names";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { createHash } from "node:crypto";
import { z } from "zod";
import { cronProblem } from "../../lib/domain/cron";
import {
  ArmError,
  PROVIDER,
  badRequest,
  childId,
  conflict,
  notFound,
  nowIso,
  page,
  parseSkip,
  validateComputeName,
} from "../arm";
import { apiVersion, caller, checkPreconditions, requireRole, systemData, type Ctx } from "../context";
import { completedOperation, createOperation, setLroHeaders } from "../operations";
import { clusterNodes, setResizing, setSteady, type ComputeAction, type ComputeSim } from "../simulator";
import type { StoredResource } from "../store";
import { extensibleEnum, parseBody, ro } from "../validation";
import { findVmSize } from "../vm-sizes";
import { checkComputeQuota, isServerlessJob, jobComputeName } from "./quotas";
import { jobsHoldingNodes } from "./job-usage";
import { checkSubscriptionLocation, loadWorkspace, sendResource, type WsParams } from "./workspaces";

export const COMPUTE_TYPE = `${PROVIDER}/workspaces/computes`;
export const COMPUTE_PAGE_SIZE = 100;
export const COMPUTE_TYPES = [
  "AKS",
  "Kubernetes",
  "AmlCompute",
  "ComputeInstance",
  "DataFactory",
  "VirtualMachine",
  "HDInsight",
  "Databricks",
  "DataLakeAnalytics",
  "SynapseSpark",
] as const;
const ATTACHED = new Set([
  "Kubernetes",
  "DataFactory",
  "VirtualMachine",
  "HDInsight",
  "Databricks",
  "DataLakeAnalytics",
  "SynapseSpark",
]);

const resourceIdRef = z.strictObject({ id: z.string() });
const scaleSettings = z.strictObject({
  maxNodeCount: z.number().int().min(0).max(1000),
  minNodeCount: z.number().int().min(0).max(1000).optional(),
  nodeIdleTimeBeforeScaleDown: z
    .string()
    .regex(/^P(T(\d+H)?(\d+M)?(\d+S)?|\d+D)$/, "must be an ISO 8601 duration")
    .nullable()
    .optional(),
});

/**
 * ComputeInstance schedules (`properties.schedules.computeStartStop[]`). machineLearningServices.json 2022-10-01
 * defines ComputeStartStopSchedule as an open object: action (ComputePowerAction: Start | Stop), schedule
 * (ScheduleBase: id, provisioningStatus, status) and the read-only id and provisioningStatus; the same file's
 * example `Compute/createOrUpdate/ComputeInstanceWithSchedules` puts status, triggerType and a cron trigger on
 * the item itself, so those are taken too, with the trigger shapes of mfe.json (CronTrigger: expression in
 * NCronTab format; RecurrenceTrigger: frequency, interval, schedule of hours/minutes/weekDays/monthDays; both
 * TriggerBase: startTime, endTime, timeZone).
 */
const triggerBase = {
  startTime: z.string().nullable().optional(),
  endTime: z.string().nullable().optional(),
  timeZone: z.string().optional(),
};
// The SDK serializes a trigger with its TriggerBase discriminator (triggerType) inside.
const cronTrigger = z.strictObject({
  ...triggerBase,
  triggerType: z.literal("Cron").optional(),
  expression: z.string().refine((e) => cronProblem(e) === null, { error: (i) => cronProblem(String(i.input)) ?? "" }),
});
const WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const recurrenceTrigger = z.strictObject({
  ...triggerBase,
  triggerType: z.literal("Recurrence").optional(),
  frequency: z.enum(["Minute", "Hour", "Day", "Week", "Month"]),
  interval: z.number().int().min(1),
  schedule: z
    .strictObject({
      hours: z.array(z.number().int().min(0).max(23)),
      minutes: z.array(z.number().int().min(0).max(59)),
      weekDays: z.array(z.enum(WEEK_DAYS)).nullable().optional(),
      monthDays: z.array(z.number().int().min(1).max(31)).nullable().optional(),
    })
    .nullable()
    .optional(),
});
const scheduleStatus = z.enum(["Enabled", "Disabled"]);
const computeStartStopSchedule = z
  .strictObject({
    id: ro,
    provisioningStatus: ro,
    action: z.enum(["Start", "Stop"]),
    status: scheduleStatus.optional(),
    triggerType: z.enum(["Cron", "Recurrence"]).optional(),
    cron: cronTrigger.optional(),
    recurrence: recurrenceTrigger.optional(),
    schedule: z
      .strictObject({ id: z.string().nullable().optional(), provisioningStatus: ro, status: scheduleStatus.optional() })
      .nullable()
      .optional(),
  })
  .refine((s) => !(s.triggerType === "Cron" && !s.cron), {
    error: "triggerType Cron needs cron.expression",
    path: ["cron"],
  })
  .refine((s) => !(s.triggerType === "Recurrence" && !s.recurrence), {
    error: "triggerType Recurrence needs recurrence (frequency, interval)",
    path: ["recurrence"],
  });
const computeSchedules = z.strictObject({ computeStartStop: z.array(computeStartStopSchedule).max(50).optional() });

export { cronProblem };

/** Stored schedules: every one with an id, a provisioning status, a status and its ScheduleBase. */
function completeSchedules(input: z.infer<typeof computeSchedules> | null | undefined, computeId: string) {
  return {
    computeStartStop: (input?.computeStartStop ?? []).map((sch, i) => {
      const hex = createHash("sha1").update(`${computeId}/schedules/${i}`).digest("hex").slice(0, 32);
      const id = hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
      const status = sch.status ?? sch.schedule?.status ?? "Enabled";
      return {
        id,
        provisioningStatus: "Completed",
        action: sch.action,
        status,
        ...(sch.triggerType ? { triggerType: sch.triggerType } : {}),
        ...(sch.cron ? { cron: { timeZone: "UTC", ...sch.cron } } : {}),
        ...(sch.recurrence ? { recurrence: { timeZone: "UTC", ...sch.recurrence } } : {}),
        schedule: { id: sch.schedule?.id ?? id, provisioningStatus: "Completed", status },
      };
    }),
  };
}

/**
 * Secrets inside a compute's type-specific properties (x-ms-secret in machineLearningServices.json, and the VM
 * password and Databricks token, which are credentials too). They are kept in the private `sim` column, never in
 * the body a GET returns, and come back only from listKeys.
 */
const SECRET_FIELDS: Record<string, string[][]> = {
  VirtualMachine: [
    ["administratorAccount", "password"],
    ["administratorAccount", "publicKeyData"],
    ["administratorAccount", "privateKeyData"],
  ],
  HDInsight: [
    ["administratorAccount", "password"],
    ["administratorAccount", "publicKeyData"],
    ["administratorAccount", "privateKeyData"],
  ],
  Databricks: [["databricksAccessToken"]],
  AmlCompute: [
    ["userAccountCredentials", "adminUserPassword"],
    ["userAccountCredentials", "adminUserSshPublicKey"],
  ],
  Kubernetes: [["relayConnectionString"], ["serviceBusConnectionString"]],
  AKS: [
    ["sslConfiguration", "cert"],
    ["sslConfiguration", "key"],
  ],
};
type ComputeSecrets = Record<string, unknown>;
export type StoredComputeSim = ComputeSim & { secrets?: ComputeSecrets };

/** Moves a compute's secrets out of its properties: `{ properties without them, secrets by dotted path }`. */
export function splitComputeSecrets(type: string, inner: any): { properties: any; secrets: ComputeSecrets } {
  const properties = structuredClone(inner ?? {});
  const secrets: ComputeSecrets = {};
  for (const path of SECRET_FIELDS[type] ?? []) {
    const parent = path.slice(0, -1).reduce((o: any, k) => (o && typeof o === "object" ? o[k] : undefined), properties);
    const key = path[path.length - 1];
    if (!parent || typeof parent !== "object" || !(key in parent)) continue;
    if (parent[key] !== null && parent[key] !== undefined) secrets[path.join(".")] = parent[key];
    // Kubernetes connection strings are declared (x-nullable) properties: they stay, as null.
    if (type === "Kubernetes") parent[key] = null;
    else delete parent[key];
  }
  return { properties, secrets };
}

const ciProperties = z.strictObject({
  vmSize: z.string().optional(),
  subnet: resourceIdRef.nullable().optional(),
  applicationSharingPolicy: extensibleEnum("Personal", "Shared").optional(),
  sshSettings: z
    .strictObject({
      sshPublicAccess: z.enum(["Enabled", "Disabled"]).optional(),
      adminUserName: ro,
      sshPort: ro,
      adminPublicKey: z.string().optional(),
    })
    .nullable()
    .optional(),
  computeInstanceAuthorizationType: z.enum(["personal"]).nullable().optional(),
  personalComputeInstanceSettings: z
    .strictObject({
      assignedUser: z.strictObject({ objectId: z.string(), tenantId: z.string() }).optional(),
    })
    .optional(),
  setupScripts: z
    .strictObject({ scripts: z.record(z.string(), z.unknown()).optional() })
    .nullable()
    .optional(),
  schedules: computeSchedules.nullable().optional(),
  enableNodePublicIp: z.boolean().optional(),
  // read-only
  connectivityEndpoints: ro,
  applications: ro,
  createdBy: ro,
  errors: ro,
  state: ro,
  lastOperation: ro,
  containers: ro,
  dataDisks: ro,
  dataMounts: ro,
  versions: ro,
});

const amlProperties = z.strictObject({
  osType: extensibleEnum("Linux", "Windows").optional(),
  vmSize: z.string().optional(),
  vmPriority: z.enum(["Dedicated", "LowPriority"]).optional(),
  virtualMachineImage: z.strictObject({ id: z.string() }).nullable().optional(),
  isolatedNetwork: z.boolean().optional(),
  scaleSettings: scaleSettings.optional(),
  userAccountCredentials: z
    .strictObject({
      adminUserName: z.string(),
      adminUserSshPublicKey: z.string().optional(),
      adminUserPassword: z.string().optional(),
    })
    .nullable()
    .optional(),
  subnet: resourceIdRef.nullable().optional(),
  remoteLoginPortPublicAccess: extensibleEnum("Enabled", "Disabled", "NotSpecified").optional(),
  enableNodePublicIp: z.boolean().optional(),
  propertyBag: z.unknown().optional(),
  // read-only
  allocationState: ro,
  allocationStateTransitionTime: ro,
  errors: ro,
  currentNodeCount: ro,
  targetNodeCount: ro,
  nodeStateCounts: ro,
});

const computeEnvelope = z.strictObject({
  computeType: z.enum(COMPUTE_TYPES),
  description: z.string().max(1024).nullable().optional(),
  resourceId: z.string().nullable().optional(),
  disableLocalAuth: z.boolean().optional(),
  properties: z.unknown().optional(),
  // read-only
  computeLocation: ro,
  provisioningState: ro,
  createdOn: ro,
  modifiedOn: ro,
  provisioningErrors: ro,
  isAttachedCompute: ro,
});

const computePut = z.strictObject({
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).nullable().optional(),
  sku: z.strictObject({ name: z.string(), tier: z.string().optional() }).nullable().optional(),
  identity: z
    .strictObject({
      type: z.enum(["None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"]),
      userAssignedIdentities: z.record(z.string(), z.unknown()).optional(),
      principalId: ro,
      tenantId: ro,
    })
    .optional(),
  properties: computeEnvelope,
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
});

const computePatch = z.strictObject({
  properties: z
    .strictObject({
      properties: z.strictObject({ scaleSettings: scaleSettings.optional() }).optional(),
    })
    .optional(),
});

const kubernetesProperties = z.strictObject({
  relayConnectionString: z.string().nullable().optional(),
  serviceBusConnectionString: z.string().nullable().optional(),
  extensionPrincipalId: z.string().nullable().optional(),
  extensionInstanceReleaseTrain: z.string().optional(),
  vcName: z.string().nullable().optional(),
  namespace: z.string().optional(),
  defaultInstanceType: z.string().optional(),
  instanceTypes: z.record(z.string(), z.unknown()).optional(),
});

/** AKSSchema.properties of machineLearningServices.json 2022-10-01. */
const aksProperties = z.strictObject({
  clusterFqdn: z.string().nullable().optional(),
  systemServices: ro,
  agentCount: z.number().int().min(0).nullable().optional(),
  agentVmSize: z.string().nullable().optional(),
  clusterPurpose: extensibleEnum("FastProd", "DenseProd", "DevTest").optional(),
  sslConfiguration: z
    .strictObject({
      status: extensibleEnum("Disabled", "Enabled", "Auto").optional(),
      cert: z.string().nullable().optional(),
      key: z.string().nullable().optional(),
      cname: z.string().nullable().optional(),
      leafDomainLabel: z.string().nullable().optional(),
      overwriteExistingDomain: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  aksNetworkingConfiguration: z.unknown().optional(),
  loadBalancerType: extensibleEnum("PublicIp", "InternalLoadBalancer").optional(),
  loadBalancerSubnet: z.string().nullable().optional(),
});

const typeSpecific: Record<string, z.ZodType> = {
  ComputeInstance: ciProperties,
  AmlCompute: amlProperties,
  Kubernetes: kubernetesProperties,
  AKS: aksProperties,
};

export interface ComputeParams extends WsParams {
  name: string;
}

export function computeIdOf(wsId: string, name: string) {
  return childId(wsId, "computes", name);
}

function loadCompute(ctx: Ctx, p: ComputeParams) {
  const ws = loadWorkspace(ctx, p);
  validateComputeName(p.name);
  const res = ctx.store.get(computeIdOf(ws.id, p.name)) as StoredResource<any, ComputeSim> | null;
  if (!res) throw notFound("compute", p.name);
  return { ws, res };
}

function hexIp(seed: string, prefix: string) {
  const h = createHash("sha1").update(seed).digest();
  return `${prefix}.${h[0] % 250}.${(h[1] % 250) + 4}`;
}

/** The full stored body of a new compute (before its Create transition starts). */
export function newComputeBody(opts: {
  wsId: string;
  wsLocation: string;
  name: string;
  location?: string;
  input: z.infer<typeof computePut>;
  user: { username: string; oid: string };
  now: number;
}) {
  const { input, name, now } = opts;
  const env = input.properties;
  const type = env.computeType;
  const location = (opts.location ?? opts.wsLocation).toLowerCase();
  const id = computeIdOf(opts.wsId, name);
  const inner: any = splitComputeSecrets(type, env.properties).properties;
  let props: any;
  if (type === "ComputeInstance") {
    const vm = findVmSize(inner.vmSize ?? "Standard_DS3_v2")!;
    props = {
      vmSize: vm.name,
      subnet: inner.subnet ?? null,
      applicationSharingPolicy: inner.applicationSharingPolicy ?? "Shared",
      sshSettings: {
        sshPublicAccess: inner.sshSettings?.sshPublicAccess ?? "Disabled",
        adminUserName: "azureuser",
        sshPort: 50000,
        // A public key is no secret: it is shown, as the portal shows it.
        ...(inner.sshSettings?.adminPublicKey ? { adminPublicKey: inner.sshSettings.adminPublicKey } : {}),
      },
      computeInstanceAuthorizationType: inner.computeInstanceAuthorizationType ?? "personal",
      personalComputeInstanceSettings: inner.personalComputeInstanceSettings ?? {
        assignedUser: { objectId: opts.user.oid, tenantId: LOCAL_TENANT_ID },
      },
      createdBy: {
        userName: opts.user.username,
        userOrgId: LOCAL_TENANT_ID,
        userId: opts.user.oid,
      },
      connectivityEndpoints: { publicIpAddress: hexIp(id, "20.121"), privateIpAddress: hexIp(id, "10.1") },
      applications: [
        { displayName: "Jupyter", endpointUri: `https://${name.toLowerCase()}.${location}.instances.azureml.ms/tree/` },
        {
          displayName: "Jupyter Lab",
          endpointUri: `https://${name.toLowerCase()}.${location}.instances.azureml.ms/lab`,
        },
        { displayName: "VS Code", endpointUri: `vscode://vscode.azureml/connect?computename=${name}` },
      ],
      errors: null,
      state: "Creating",
      lastOperation: null,
      schedules: completeSchedules(inner.schedules, id),
      enableNodePublicIp: inner.enableNodePublicIp ?? true,
      ...(inner.setupScripts ? { setupScripts: inner.setupScripts } : {}),
      dataDisks: [],
      dataMounts: [],
      versions: { runtime: "1.2.0" },
    };
  } else if (type === "AmlCompute") {
    const vm = findVmSize(inner.vmSize ?? "Standard_DS3_v2")!;
    props = {
      osType: inner.osType ?? "Linux",
      vmSize: vm.name,
      vmPriority: inner.vmPriority ?? "Dedicated",
      virtualMachineImage: inner.virtualMachineImage ?? null,
      isolatedNetwork: inner.isolatedNetwork ?? false,
      subnet: inner.subnet ?? null,
      scaleSettings: {
        maxNodeCount: inner.scaleSettings?.maxNodeCount ?? 4,
        minNodeCount: inner.scaleSettings?.minNodeCount ?? 0,
        nodeIdleTimeBeforeScaleDown: inner.scaleSettings?.nodeIdleTimeBeforeScaleDown ?? "PT120S",
      },
      remoteLoginPortPublicAccess:
        inner.remoteLoginPortPublicAccess === "NotSpecified" || !inner.remoteLoginPortPublicAccess
          ? inner.subnet
            ? "Disabled"
            : "Enabled"
          : inner.remoteLoginPortPublicAccess,
      allocationState: "Steady",
      allocationStateTransitionTime: nowIso(now),
      errors: null,
      currentNodeCount: 0,
      targetNodeCount: 0,
      nodeStateCounts: {
        preparingNodeCount: 0,
        runningNodeCount: 0,
        idleNodeCount: 0,
        unusableNodeCount: 0,
        leavingNodeCount: 0,
        preemptedNodeCount: 0,
      },
      enableNodePublicIp: inner.enableNodePublicIp ?? true,
      ...(inner.propertyBag !== undefined ? { propertyBag: inner.propertyBag } : {}),
      // The administrator's name stays; the password and SSH key are secrets (kept in sim, never in a GET).
      ...(inner.userAccountCredentials
        ? { userAccountCredentials: { adminUserName: inner.userAccountCredentials.adminUserName } }
        : {}),
    };
  } else if (type === "Kubernetes") {
    props = {
      relayConnectionString: null,
      serviceBusConnectionString: null,
      extensionPrincipalId: null,
      extensionInstanceReleaseTrain: "stable",
      vcName: null,
      namespace: "default",
      defaultInstanceType: "defaultinstancetype",
      instanceTypes: {},
      ...inner,
    };
  } else if (type === "AKS") {
    // An attached cluster keeps the FQDN it was given (or Azure's form of it, from its name); a new one gets one.
    const cluster = (env.resourceId ?? "").split("/").pop() || name.toLowerCase();
    props = {
      clusterFqdn: inner.clusterFqdn ?? `${cluster}-dns-${hexIp(id, "0").replace(/\./g, "")}.hcp.${location}.azmk8s.io`,
      agentCount: inner.agentCount ?? 3,
      agentVmSize: inner.agentVmSize ?? "Standard_D3_v2",
      clusterPurpose: inner.clusterPurpose ?? "FastProd",
      loadBalancerType: inner.loadBalancerType ?? "PublicIp",
      ...(inner.sslConfiguration ? { sslConfiguration: inner.sslConfiguration } : {}),
      ...(inner.loadBalancerSubnet ? { loadBalancerSubnet: inner.loadBalancerSubnet } : {}),
    };
  } else if (type === "VirtualMachine" && !inner.address && env.resourceId) {
    // Azure looks the address up from the VM's resource; here the machine's name stands in for it.
    props = { ...inner, address: env.resourceId.split("/").pop() };
  } else {
    props = inner;
  }
  const attached = ATTACHED.has(type) || (type === "AKS" && !!env.resourceId);
  const body: any = {
    id,
    name,
    type: COMPUTE_TYPE,
    location,
    tags: input.tags ?? {},
    ...(input.sku ? { sku: input.sku } : {}),
    identity: input.identity
      ? {
          ...input.identity,
          ...(input.identity.type.includes("SystemAssigned")
            ? {
                principalId: createHash("md5")
                  .update(id)
                  .digest("hex")
                  .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5"),
                tenantId: LOCAL_TENANT_ID,
              }
            : {}),
        }
      : { type: "None" },
    properties: {
      computeType: type,
      computeLocation: location,
      provisioningState: "Creating",
      description: env.description ?? null,
      createdOn: nowIso(now),
      modifiedOn: nowIso(now),
      resourceId: env.resourceId ?? null,
      provisioningErrors: null,
      isAttachedCompute: attached,
      disableLocalAuth: env.disableLocalAuth ?? false,
      properties: props,
    },
  };
  return body;
}

function validateTypeSpecific(type: string, inner: unknown, resourceId?: string | null) {
  const schema = typeSpecific[type];
  if (schema) {
    try {
      parseBody(schema, inner ?? {});
    } catch (e) {
      // The inner properties were parsed on their own: their paths (message and target) start two levels down.
      if (e instanceof ArmError) {
        e.message = e.message
          .replace("The request content is invalid at '", "The request content is invalid at 'properties.properties.")
          .replace("invalid: ", `invalid (properties.properties): `);
        e.target = e.target ? `properties.properties.${e.target}` : "properties.properties";
      }
      throw e;
    }
    const p = (inner ?? {}) as any;
    if (p.vmSize !== undefined && !findVmSize(p.vmSize))
      throw badRequest(
        "InvalidVmSize",
        `The VM size '${p.vmSize}' is not supported in this region.`,
        "properties.properties.vmSize",
      );
    const s = p.scaleSettings;
    if (s && (s.minNodeCount ?? 0) > s.maxNodeCount)
      throw badRequest(
        "InvalidScaleSettings",
        `minNodeCount (${s.minNodeCount}) must not exceed maxNodeCount (${s.maxNodeCount}).`,
        "properties.properties.scaleSettings",
      );
  } else if (inner !== undefined && inner !== null && (typeof inner !== "object" || Array.isArray(inner))) {
    throw badRequest("InvalidRequestContent", "properties.properties must be an object.", "properties.properties");
  }
  const p = (inner ?? {}) as any;
  // Attaching a VM needs a way in: a user name and a password or SSH private key (Azure ML refuses the attach
  // when it cannot sign in to the machine).
  if (type === "VirtualMachine") {
    const account = p.administratorAccount;
    if (!account?.username || !(account.password || account.privateKeyData))
      throw badRequest(
        "InvalidRequestContent",
        "Attaching a virtual machine needs administratorAccount with a username and a password or privateKeyData.",
        "properties.properties.administratorAccount",
      );
    if (!p.address && !resourceId)
      throw badRequest(
        "InvalidRequestContent",
        "Attaching a virtual machine needs its address or its resourceId.",
        "properties.properties.address",
      );
  }
  // Attaching an AKS cluster names the cluster: a Microsoft.ContainerService/managedClusters resource.
  if (
    type === "AKS" &&
    resourceId &&
    !/\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i.test(resourceId)
  )
    throw badRequest(
      "InvalidRequestContent",
      `resourceId '${resourceId}' is not an AKS cluster (…/providers/Microsoft.ContainerService/managedClusters/<name>).`,
      "properties.resourceId",
    );
  // SSH from the internet to a compute instance needs the key azureuser signs in with.
  if (type === "ComputeInstance" && p.sshSettings?.sshPublicAccess === "Enabled" && !p.sshSettings.adminPublicKey)
    throw badRequest(
      "InvalidRequestContent",
      "sshSettings.sshPublicAccess Enabled needs sshSettings.adminPublicKey (the SSH public key).",
      "properties.properties.sshSettings.adminPublicKey",
    );
  // The default instance type of a Kubernetes compute is one it defines (or the extension's built-in default,
  // which is all a compute without instanceTypes has).
  if (type === "Kubernetes" && p.defaultInstanceType) {
    const known = kubernetesInstanceTypes(p);
    if (!known.includes(p.defaultInstanceType))
      throw badRequest(
        "InvalidRequestContent",
        `defaultInstanceType '${p.defaultInstanceType}' is not one of the instance types (${known.join(", ")}).`,
        "properties.properties.defaultInstanceType",
      );
  }
}

/** The instance types a Kubernetes compute offers: those it defines, and the Azure ML extension's built-in one. */
function kubernetesInstanceTypes(inner: any): string[] {
  return ["defaultinstancetype", ...Object.keys(inner?.instanceTypes ?? {})];
}

/**
 * A command or sweep job's `resources.instanceType` names something its target has, as Azure ML checks on submit:
 * on an attached Kubernetes compute one of its instance types, serverless a VM size of the region. Refused with a
 * 400 naming the field before anything is stored.
 */
export function checkJobInstanceType(ctx: Ctx, wsId: string, props: any) {
  if (props.jobType !== "Command" && props.jobType !== "Sweep") return;
  const where = props.resources ? "properties.resources.instanceType" : "properties.trial.resources.instanceType";
  const instanceType = (props.resources ?? props.trial?.resources)?.instanceType;
  if (typeof instanceType !== "string" || !instanceType) return;
  if (isServerlessJob(props)) {
    if (!findVmSize(instanceType))
      throw badRequest(
        "InvalidVmSize",
        `Serverless instance type '${instanceType}' is not a VM size of this region.`,
        where,
      );
    return;
  }
  const name = jobComputeName(props);
  const compute = ctx.store.get(childId(wsId, "computes", name))?.body.properties;
  if (compute?.computeType !== "Kubernetes") return;
  const known = kubernetesInstanceTypes(compute.properties);
  if (!known.includes(instanceType))
    throw badRequest(
      "InvalidRequestContent",
      `Instance type '${instanceType}' is not defined on Kubernetes compute '${name}' (${known.join(", ")}).`,
      where,
    );
}

/** States in which a ComputeInstance action conflicts. */
function assertCiAction(res: StoredResource, action: ComputeAction) {
  const p = res.body.properties;
  const state = p.properties?.state;
  if (p.provisioningState === "Deleting") throw conflict("Conflict", `Compute '${res.name}' is being deleted.`);
  const allowed: Record<string, string[]> = { Start: ["Stopped"], Stop: ["Running"], Restart: ["Running"] };
  if (p.provisioningState !== "Succeeded" || !allowed[action].includes(state)) {
    throw conflict(
      "Conflict",
      `Cannot ${action.toLowerCase()} compute instance '${res.name}' while it is in state '${state}' (provisioningState '${p.provisioningState}').`,
    );
  }
}

export function registerComputeRoutes(app: FastifyInstance, ctx: Ctx) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/computes`;
  const one = `${base}/:name`;

  app.get(base, async (req) => {
    const ws = loadWorkspace(ctx, req.params as WsParams);
    const skip = parseSkip(req.query as any);
    const items = ctx.store.list("computes", ws.id, skip, COMPUTE_PAGE_SIZE).map((r) => r.body);
    return page(
      items,
      ctx.store.count("computes", ws.id),
      skip,
      ctx.baseUrl(req),
      req.url.split("?")[0],
      apiVersion(req),
    );
  });

  app.get(one, async (req, reply) => sendResource(reply, loadCompute(ctx, req.params as ComputeParams).res));

  app.put(one, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/computes/write");
    const p = req.params as ComputeParams;
    const ws = loadWorkspace(ctx, p);
    validateComputeName(p.name);
    const input = parseBody(computePut, req.body);
    validateTypeSpecific(input.properties.computeType, input.properties.properties, input.properties.resourceId);
    const id = computeIdOf(ws.id, p.name);
    const existing = ctx.store.get(id) as StoredResource<any, ComputeSim> | null;
    // A new compute (or a move) goes only to a region the subscription offers; an existing one keeps its own.
    if (input.location && input.location.toLowerCase() !== existing?.body.location?.toLowerCase())
      checkSubscriptionLocation(input.location, COMPUTE_TYPE);
    checkPreconditions(req, existing?.etag ?? null);
    const now = ctx.now();
    const av = apiVersion(req);
    const location = ws.body.location;

    if (existing) {
      const cur = existing.body.properties;
      if (cur.computeType !== input.properties.computeType)
        throw conflict(
          "Conflict",
          `Compute '${existing.name}' already exists with computeType '${cur.computeType}'; it cannot be changed to '${input.properties.computeType}'.`,
        );
      if (cur.provisioningState === "Deleting" || cur.provisioningState === "Creating")
        throw conflict(
          "Conflict",
          `Compute '${existing.name}' is in provisioningState '${cur.provisioningState}' and cannot be updated now.`,
        );
      const body = structuredClone(existing.body);
      const sim: ComputeSim = structuredClone(existing.sim ?? {});
      if (input.tags !== undefined) body.tags = input.tags ?? {};
      if (input.properties.description !== undefined) body.properties.description = input.properties.description;
      const inner = (input.properties.properties ?? {}) as any;
      if (cur.computeType === "AmlCompute" && inner.scaleSettings) {
        checkComputeQuota(
          ctx,
          ws,
          {
            ...body,
            properties: {
              ...body.properties,
              properties: {
                ...body.properties.properties,
                scaleSettings: { ...body.properties.properties.scaleSettings, ...inner.scaleSettings },
              },
            },
          },
          id,
        );
        applyScale(ctx, body, sim, inner.scaleSettings, now);
      }
      // A compute instance's schedules are replaced by the ones a PUT of the instance gives (the portal's edit).
      if (cur.computeType === "ComputeInstance" && inner.schedules !== undefined)
        body.properties.properties.schedules = completeSchedules(inner.schedules, id);
      body.properties.modifiedOn = nowIso(now);
      body.systemData = systemData(req, now, existing.body.systemData);
      const saved = ctx.store.put({ ...existing, body, sim, dueAt: sim.pending?.dueAt ?? null }, now);
      const op = completedOperation(ctx, { resourceId: id, action: "Update", location, sub: p.sub, startedAt: now });
      setLroHeaders(ctx, reply, ctx.baseUrl(req), av, op, false);
      return sendResource(reply, saved, 200);
    }

    const user = caller(req);
    const body = newComputeBody({
      wsId: ws.id,
      wsLocation: location,
      name: p.name,
      location: input.location,
      input,
      user: { username: user.username, oid: user.oid },
      now,
    });
    checkComputeQuota(ctx, ws, body, id);
    body.systemData = systemData(req, now);
    const { secrets } = splitComputeSecrets(input.properties.computeType, input.properties.properties);
    const sim: StoredComputeSim = Object.keys(secrets).length ? { secrets } : {};
    const dueAt = now + ctx.sim.duration(body.properties.computeType, "Create");
    const op = createOperation(ctx, { resourceId: id, action: "Create", location, sub: p.sub, startedAt: now, dueAt });
    ctx.sim.begin(body, sim, "Create", now, op.id);
    const saved = ctx.store.tx(() =>
      ctx.store.put({ id, kind: "computes", parent: ws.id, name: p.name, body, sim, dueAt: sim.pending!.dueAt }, now),
    );
    setLroHeaders(ctx, reply, ctx.baseUrl(req), av, op, false);
    return sendResource(reply, saved, 201);
  });

  app.patch(one, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/computes/write");
    const { ws, res } = loadCompute(ctx, req.params as ComputeParams);
    const input = parseBody(computePatch, req.body);
    checkPreconditions(req, res.etag);
    const cur = res.body.properties;
    if (cur.computeType !== "AmlCompute")
      throw badRequest(
        "OperationNotSupported",
        `Updating scale settings is only supported for AmlCompute; '${res.name}' is ${cur.computeType}.`,
      );
    if (cur.provisioningState !== "Succeeded")
      throw conflict(
        "Conflict",
        `Compute '${res.name}' is in provisioningState '${cur.provisioningState}' and cannot be updated now.`,
      );
    const s = input.properties?.properties?.scaleSettings;
    const now = ctx.now();
    const body = structuredClone(res.body);
    const sim: ComputeSim = structuredClone(res.sim ?? {});
    if (s) {
      if ((s.minNodeCount ?? 0) > s.maxNodeCount)
        throw badRequest(
          "InvalidScaleSettings",
          `minNodeCount (${s.minNodeCount}) must not exceed maxNodeCount (${s.maxNodeCount}).`,
          "properties.properties.scaleSettings",
        );
      checkComputeQuota(
        ctx,
        ws,
        {
          ...body,
          properties: {
            ...body.properties,
            properties: {
              ...body.properties.properties,
              scaleSettings: { ...body.properties.properties.scaleSettings, ...s },
            },
          },
        },
        res.id,
      );
      applyScale(ctx, body, sim, s, now);
    }
    body.properties.modifiedOn = nowIso(now);
    body.systemData = systemData(req, now, res.body.systemData);
    const saved = ctx.store.put({ ...res, body, sim, dueAt: sim.pending?.dueAt ?? null }, now);
    const op = completedOperation(ctx, {
      resourceId: res.id,
      action: "Update",
      location: ws.body.location,
      sub: (req.params as any).sub,
      startedAt: now,
    });
    setLroHeaders(ctx, reply, ctx.baseUrl(req), apiVersion(req), op, false);
    return sendResource(reply, saved, 200);
  });

  app.delete(one, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/computes/delete");
    const p = req.params as ComputeParams;
    const ws = loadWorkspace(ctx, p);
    validateComputeName(p.name);
    const action = (req.query as any).underlyingResourceAction;
    if (action !== "Delete" && action !== "Detach")
      throw badRequest(
        "InvalidRequestParameter",
        "The query parameter 'underlyingResourceAction' must be 'Delete' or 'Detach'.",
        "underlyingResourceAction",
      );
    const res = ctx.store.get(computeIdOf(ws.id, p.name)) as StoredResource<any, ComputeSim> | null;
    if (!res) return reply.code(204).send();
    checkPreconditions(req, res.etag);
    if (res.body.properties.provisioningState === "Deleting")
      throw conflict("Conflict", `Compute '${res.name}' is already being deleted.`);
    const now = ctx.now();
    const body = structuredClone(res.body);
    const sim: ComputeSim = structuredClone(res.sim ?? {});
    ctx.store.finishOperations(res.id, "Canceled");
    const dueAt = now + ctx.sim.duration(body.properties.computeType, "Delete");
    const op = createOperation(ctx, {
      resourceId: res.id,
      action: "Delete",
      location: ws.body.location,
      sub: p.sub,
      startedAt: now,
      dueAt,
    });
    ctx.sim.begin(body, sim, "Delete", now, op.id);
    ctx.store.put({ ...res, body, sim, dueAt: sim.pending!.dueAt }, now);
    setLroHeaders(ctx, reply, ctx.baseUrl(req), apiVersion(req), op, true);
    return reply.code(202).send();
  });

  for (const action of ["Start", "Stop", "Restart"] as const) {
    app.post(`${one}/${action.toLowerCase()}`, async (req, reply) => {
      requireRole(
        req,
        "DataScientist",
        `Microsoft.MachineLearningServices/workspaces/computes/${action.toLowerCase()}/action`,
      );
      const p = req.params as ComputeParams;
      const { ws, res } = loadCompute(ctx, p);
      checkPreconditions(req, res.etag);
      if (res.body.properties.computeType !== "ComputeInstance")
        throw badRequest(
          "OperationNotSupported",
          `${action} is only supported for ComputeInstance; '${res.name}' is ${res.body.properties.computeType}.`,
        );
      assertCiAction(res, action);
      const now = ctx.now();
      const body = structuredClone(res.body);
      const sim: ComputeSim = structuredClone(res.sim ?? {});
      const dueAt = now + ctx.sim.duration("ComputeInstance", action);
      const op = createOperation(ctx, {
        resourceId: res.id,
        action,
        location: ws.body.location,
        sub: p.sub,
        startedAt: now,
        dueAt,
      });
      ctx.sim.begin(body, sim, action, now, op.id);
      ctx.store.put({ ...res, body, sim, dueAt: sim.pending!.dueAt }, now);
      setLroHeaders(ctx, reply, ctx.baseUrl(req), apiVersion(req), op, true);
      return reply.code(202).send();
    });
  }

  app.post(`${one}/listNodes`, async (req: FastifyRequest) => {
    const { res } = loadCompute(ctx, req.params as ComputeParams);
    if (res.body.properties.computeType !== "AmlCompute") return { nodes: [] };
    // A job holds as many nodes as its instanceCount: each of them shows its name as the run.
    const runs = jobsHoldingNodes(ctx, res.parent)
      .filter((j) => j.compute?.toLowerCase() === res.name.toLowerCase())
      .flatMap((j) => Array.from({ length: j.instanceCount }, () => j.name));
    const all = clusterNodes(res, runs);
    const skip = parseSkip(req.query as any);
    const items = all.slice(skip, skip + 100);
    const pg = page(items, all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req));
    return { nodes: pg.value, ...(pg.nextLink ? { nextLink: pg.nextLink } : {}) };
  });

  // ComputeSecrets (machineLearningServices.json) has subtypes for AKS, VirtualMachine and Databricks only: those
  // have keys; every other type answers 404 NotFound, as it did, naming the types that have keys.
  app.post(`${one}/listKeys`, async (req) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/computes/listKeys/action");
    const { res } = loadCompute(ctx, req.params as ComputeParams);
    const type = res.body.properties.computeType;
    const secrets = (res.sim as StoredComputeSim | null)?.secrets ?? {};
    if (type === "AKS") {
      const kubeConfig = (user: string) =>
        `apiVersion: v1\nkind: Config\nclusters:\n- name: ${res.name}\ncontexts:\n- name: ${res.name}\n  context: {cluster: ${res.name}, user: ${user}}\ncurrent-context: ${res.name}\n`;
      return {
        computeType: type,
        userKubeConfig: kubeConfig("clusterUser"),
        adminKubeConfig: kubeConfig("clusterAdmin"),
        imagePullSecretName: `${res.name}-image-pull-secret`,
      };
    }
    if (type === "VirtualMachine") {
      const account = res.body.properties.properties?.administratorAccount ?? {};
      return {
        computeType: type,
        administratorAccount: {
          username: account.username ?? null,
          password: secrets["administratorAccount.password"] ?? null,
          publicKeyData: secrets["administratorAccount.publicKeyData"] ?? null,
          privateKeyData: secrets["administratorAccount.privateKeyData"] ?? null,
        },
      };
    }
    if (type === "Databricks")
      return { computeType: type, databricksAccessToken: secrets.databricksAccessToken ?? null };
    throw new ArmError(
      404,
      "NotFound",
      `Compute '${res.name}' of type ${type} has no keys; only AKS, VirtualMachine and Databricks computes have keys.`,
    );
  });
}

/** Applies new scale settings to an AmlCompute body; starts a resize when the target changes. */
export function applyScale(
  ctx: Ctx,
  body: any,
  sim: ComputeSim,
  s: { maxNodeCount: number; minNodeCount?: number; nodeIdleTimeBeforeScaleDown?: string | null },
  now: number,
) {
  const ap = body.properties.properties;
  ap.scaleSettings = {
    maxNodeCount: s.maxNodeCount,
    minNodeCount: s.minNodeCount ?? 0,
    nodeIdleTimeBeforeScaleDown:
      s.nodeIdleTimeBeforeScaleDown ?? ap.scaleSettings?.nodeIdleTimeBeforeScaleDown ?? "PT120S",
  };
  if (sim.pending?.action === "Resize") {
    // Resizing again: settle node counts at the current size first.
    setSteady(ap, sim, ap.currentNodeCount - (ap.nodeStateCounts?.preparingNodeCount ?? 0));
    delete sim.pending;
  }
  const probe = structuredClone(ap);
  const probeSim = structuredClone(sim);
  setResizing(probe, probeSim);
  if (probe.allocationState === "Resizing") {
    ctx.sim.begin(body, sim, "Resize", now);
    ap.allocationStateTransitionTime = nowIso(now);
  }
}
