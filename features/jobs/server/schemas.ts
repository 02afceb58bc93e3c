import { z } from "@/lib/domain/zod";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { packedGraphSchema } from "@/lib/domain/pipeline/schema";

const jobName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/, "must be a job name: letters, digits, '_' and '-'");
export const jobParams = workspaceParams.extend({ name: jobName }).strict();
export const logQuery = z.strictObject({ step: jobName.optional(), from: z.coerce.number().int().min(0).optional() });
export const stepQuery = z.strictObject({ step: jobName.optional() });
export const runQuery = z.strictObject({ run: jobName.optional() });
export const jobActionParams = jobParams
  .extend({ action: z.enum(["cancel", "rerun", "clone"], "must be cancel, rerun or clone") })
  .strict();
/** A pipeline the designer submits: its packed graph, and optionally the experiment to file it under. */
export const submitPipelineBody = z.strictObject({
  graph: packedGraphSchema,
  experimentName: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,255}$/, "must be letters, digits, '_', '-' and '.'")
    .optional(),
});
