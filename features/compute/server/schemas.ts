import { z } from "zod";
import { computeName, workspaceParams } from "@/lib/domain/arm-names";

export const computeParams = workspaceParams.extend({ name: computeName }).strict();
export const computeActionParams = computeParams.extend({ action: z.enum(["start", "stop", "restart"]) }).strict();

const vmSize = z.string().regex(/^[A-Za-z0-9_]{3,64}$/, "must be a VM size name such as Standard_DS3_v2");
const idleSeconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3600);

export const createComputeBody = z.discriminatedUnion("computeType", [
  z
    .object({
      computeType: z.literal("ComputeInstance"),
      vmSize,
      description: z.string().max(500).optional(),
      idleSecondsBeforeShutdown: z
        .number()
        .int()
        .min(900)
        .max(3 * 24 * 3600)
        .optional(),
    })
    .strict(),
  z
    .object({
      computeType: z.literal("AmlCompute"),
      vmSize,
      description: z.string().max(500).optional(),
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
