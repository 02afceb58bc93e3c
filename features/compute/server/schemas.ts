import { z } from "zod";
import { computeName, workspaceParams } from "@/lib/domain/arm-names";
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
    enabled: z.boolean().default(true),
  })
  .strict();
export type ComputeSchedule = z.infer<typeof computeSchedule>;
export const computeSchedules = z.array(computeSchedule).max(20);

const description = z.string().max(500).optional();
/** An ARM resource id (the cluster or machine a compute attaches). */
const armResourceId = (what: string) =>
  z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i, {
    message: `must be the ARM resource id of the ${what} (/subscriptions/…/resourceGroups/…/providers/…)`,
  });
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
    })
    .strict(),
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
    })
    .strict()
    .refine((b) => b.minNodes <= b.maxNodes, {
      message: "minNodes must not be more than maxNodes",
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
      address: z
        .string()
        .min(1, "is required: the machine's IP address or DNS name")
        .max(253)
        .regex(/^[A-Za-z0-9.:-]+$/, "must be an IP address or DNS name"),
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
    })
    .strict(),
]);
export type CreateComputeBody = z.infer<typeof createComputeBody>;

export const scaleBody = z
  .object({
    minNodes: z.number().int().min(0).max(1000),
    maxNodes: z.number().int().min(1).max(1000),
    idleSecondsBeforeScaleDown: idleSeconds,
  })
  .strict()
  .refine((b) => b.minNodes <= b.maxNodes, { message: "minNodes must not be more than maxNodes", path: ["minNodes"] });
export type ScaleBody = z.infer<typeof scaleBody>;

/** PUT …/computes/{name}/schedules: a compute instance's start/stop schedules (replacing the old ones). */
export const schedulesBody = z.object({ schedules: computeSchedules }).strict();
export type SchedulesBody = z.infer<typeof schedulesBody>;

/** DELETE …/computes/{name}?force=true cancels the jobs running on it first; without it they are a 409. */
export const deleteComputeQuery = z.object({ force: z.enum(["true", "false"]).optional() }).strict();
