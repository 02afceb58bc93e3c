import { z } from "@/lib/domain/zod";
import { computeName, workspaceParams } from "@/lib/domain/arm-name-schemas";
import { cronProblem } from "@/lib/domain/cron";

export const computeParams = workspaceParams.extend({ name: computeName }).strict();
export const computeActionParams = computeParams.extend({ action: z.enum(["start", "stop", "restart"]) }).strict();

const vmSize = z.string().regex(/^[A-Za-z0-9_]{3,64}$/, "must be a VM size name such as Standard_DS3_v2");
const idleSeconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3600);

/** A compute instance's start or stop schedule: a five-field cron expression (UTC unless timeZone says). */
export const computeSchedule = z
  .object({
    action: z.enum(["Start", "Stop"]),
    cron: z.string().refine((e) => cronProblem(e) === null, { error: (i) => cronProblem(String(i.input)) ?? "" }),
    timeZone: z.string().min(1).max(100).optional(),
    /** When the schedule begins (ISO 8601 local time of timeZone, as CLI v2's trigger.start_time). */
    startTime: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "must be a date and time such as 2024-03-10T21:00:00")
      .optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type ComputeSchedule = z.infer<typeof computeSchedule>;
export const computeSchedules = z.array(computeSchedule).max(20);

const description = z.string().max(500).optional();
/** An ARM resource id (the cluster or machine a compute attaches): a provider's type and name, nested or not. */
const armResourceId = (what: string) =>
  z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+(\/[^/]+\/[^/]+)+$/i, {
    message: `must be the ARM resource id of the ${what} (/subscriptions/…/resourceGroups/…/providers/…)`,
  });
/** Where the compute is, when not in the workspace's region (CLI v2's `location`). */
const location = z
  .string()
  .regex(/^[a-z][a-z0-9]{1,40}$/, "must be an Azure region name such as westus")
  .optional();
/** The compute's managed identity: system-assigned, user-assigned (their resource ids) or both. */
const identity = z
  .object({
    type: z.enum(["SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"]),
    userAssignedIdentities: z.array(z.string().min(1).max(1000)).max(20).optional(),
  })
  .strict()
  .refine((i) => !i.type.includes("UserAssigned") || (i.userAssignedIdentities?.length ?? 0) > 0, {
    message: "needs the resource id of at least one user-assigned identity",
    path: ["userAssignedIdentities"],
  })
  .optional();
/** An OpenSSH public key, as `ssh-keygen` writes it. */
export const SSH_PUBLIC_KEY_RE = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( \S.*)?$/;
const sshPublicKey = z
  .string()
  .trim()
  .max(16_384)
  .regex(SSH_PUBLIC_KEY_RE, "must be an OpenSSH public key (ssh-rsa AAAA…, ssh-ed25519 AAAA…)");
const guid = (what: string) =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be the ${what} (a GUID)`);
const k8sName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a Kubernetes name: 1-63 lower-case letters, digits, '-'");
/** A Kubernetes instance type as the Azure ML extension defines them: node selector and resource requests/limits. */
const instanceType = z
  .object({
    nodeSelector: z.record(z.string(), z.string()).optional(),
    resources: z
      .object({
        requests: z.partialRecord(z.enum(["cpu", "memory", "nvidia.com/gpu"]), z.string().min(1)).optional(),
        limits: z.partialRecord(z.enum(["cpu", "memory", "nvidia.com/gpu"]), z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const createComputeBody = z.discriminatedUnion("computeType", [
  z
    .object({
      computeType: z.literal("ComputeInstance"),
      vmSize,
      description,
      idleSecondsBeforeShutdown: z
        .number()
        .int()
        .min(900)
        .max(3 * 24 * 3600)
        .optional(),
      schedules: computeSchedules.optional(),
      /** SSH from the internet to the instance (port 50000), with this public key for azureuser. */
      sshPublicAccess: z.boolean().default(false),
      sshPublicKey: sshPublicKey.optional(),
      /** Whom the instance is for (a personal instance: only they may use it); the creator when absent. */
      assignedUser: z
        .object({ objectId: guid("user's object id"), tenantId: guid("tenant id") })
        .strict()
        .optional(),
      identity,
      location,
    })
    .strict()
    .refine((b) => !b.sshPublicAccess || !!b.sshPublicKey, {
      message: "is required when SSH access is enabled: the public key azureuser signs in with",
      path: ["sshPublicKey"],
    }),
  z
    .object({
      computeType: z.literal("AmlCompute"),
      vmSize,
      description,
      /** LowPriority: spot nodes, cheaper and preemptible, counted against the low-priority quota. */
      vmPriority: z.enum(["Dedicated", "LowPriority"]).default("Dedicated"),
      minNodes: z.number().int().min(0).max(1000),
      maxNodes: z.number().int().min(1).max(1000),
      idleSecondsBeforeScaleDown: idleSeconds.default(120),
      /** The nodes' administrator account (SSH), as CLI v2's ssh_settings. */
      adminUser: z
        .object({
          username: z.string().min(1, "is required").max(64),
          password: z.string().min(1).max(256).optional(),
          sshPublicKey: sshPublicKey.optional(),
        })
        .strict()
        .refine((a) => a.password || a.sshPublicKey, {
          message: "needs a password or an SSH public key",
          path: ["password"],
        })
        .optional(),
      identity,
      location,
    })
    .strict()
    .refine((b) => b.minNodes <= b.maxNodes, {
      message: "must not be more than the maximum number of nodes",
      path: ["minNodes"],
    }),
  z
    .object({
      /** An attached Kubernetes cluster (Arc-connected or AKS with the Azure ML extension), for jobs and inference. */
      computeType: z.literal("Kubernetes"),
      resourceId: armResourceId("Kubernetes cluster"),
      description,
      namespace: k8sName.default("default"),
      instanceTypes: z.record(k8sName, instanceType).optional(),
      defaultInstanceType: k8sName.optional(),
      identity,
      location,
    })
    .strict()
    .refine(
      (b) =>
        !b.defaultInstanceType ||
        b.defaultInstanceType === "defaultinstancetype" ||
        Object.hasOwn(b.instanceTypes ?? {}, b.defaultInstanceType),
      {
        message: "must be one of the instance types defined here (or defaultinstancetype)",
        path: ["defaultInstanceType"],
      },
    ),
  z
    .object({
      /** An attached virtual machine, reached over SSH with the credentials given (write-only: never read back). */
      computeType: z.literal("VirtualMachine"),
      resourceId: armResourceId("virtual machine").optional(),
      description,
      /** Its IP address or DNS name; with only a resource id, Azure finds the address itself. */
      address: z
        .string()
        .min(1, "is required: the machine's IP address or DNS name")
        .max(253)
        .regex(/^[A-Za-z0-9.:-]+$/, "must be an IP address or DNS name")
        .optional(),
      sshPort: z.number().int().min(1).max(65535).default(22),
      administratorAccount: z
        .object({
          username: z.string().min(1, "is required").max(64),
          password: z.string().min(1).max(256).optional(),
          privateKeyData: z.string().min(1).max(16_384).optional(),
          publicKeyData: z.string().min(1).max(16_384).optional(),
        })
        .strict()
        .refine((a) => a.password || a.privateKeyData, {
          message: "needs a password or an SSH private key",
          path: ["password"],
        }),
      location,
    })
    .strict()
    .refine((b) => !!b.address || !!b.resourceId, {
      message: "is required: the machine's IP address or DNS name (or give its resource id)",
      path: ["address"],
    }),
  z
    .object({
      /**
       * An attached AKS inference cluster (real-time endpoints, Azure ML's v1 AKS path): the managed cluster's ARM id
       * and/or its API server FQDN. Detached, never deleted.
       */
      computeType: z.literal("AKS"),
      resourceId: z
        .string()
        .regex(
          /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i,
          {
            message:
              "must be the ARM resource id of an AKS cluster (/subscriptions/…/providers/Microsoft.ContainerService/managedClusters/…)",
          },
        )
        .optional(),
      clusterFqdn: z
        .string()
        .max(253)
        .regex(
          /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
          "must be a DNS name such as my-aks-dns.hcp.eastus.azmk8s.io",
        )
        .optional(),
      /** What the cluster is for: DevTest (one node is enough), FastProd or DenseProd. */
      clusterPurpose: z.enum(["DevTest", "FastProd", "DenseProd"]).default("FastProd"),
      description,
      location,
    })
    .strict()
    .refine((b) => !!b.resourceId || !!b.clusterFqdn, {
      message: "is required: the AKS cluster's resource id (or its FQDN)",
      path: ["resourceId"],
    }),
  z
    .object({
      /** An attached Synapse Spark pool, for Spark jobs (which the embedded default does not run). */
      computeType: z.literal("SynapseSpark"),
      resourceId: armResourceId("Synapse Spark pool"),
      description,
      identity,
      location,
    })
    .strict(),
]);
export type CreateComputeBody = z.infer<typeof createComputeBody>;
/** What a client sends (defaults not yet filled in). */
export type CreateComputeInput = z.input<typeof createComputeBody>;

export const scaleBody = z
  .object({
    minNodes: z.number().int().min(0).max(1000),
    maxNodes: z.number().int().min(1).max(1000),
    idleSecondsBeforeScaleDown: idleSeconds,
  })
  .strict()
  .refine((b) => b.minNodes <= b.maxNodes, {
    message: "must not be more than the maximum number of nodes",
    path: ["minNodes"],
  });
export type ScaleBody = z.infer<typeof scaleBody>;

/** PUT …/computes/{name}/schedules: a compute instance's start/stop schedules (replacing the old ones). */
export const schedulesBody = z.object({ schedules: computeSchedules }).strict();
export type SchedulesBody = z.infer<typeof schedulesBody>;

/** DELETE …/computes/{name}?force=true cancels the jobs running on it first; without it they are a 409. */
export const deleteComputeQuery = z.object({ force: z.enum(["true", "false"]).optional() }).strict();

/** POST …/compute-files: a CLI v2 compute file (the New compute dialog's YAML tab). */
export const computeFileBody = z
  .object({ yaml: z.string().min(1, "is empty: paste or open a compute file").max(100_000) })
  .strict();
