import { z } from "@/lib/domain/zod";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { packedGraphSchema } from "@/lib/domain/pipeline/schema";

export const draftParams = workspaceParams.extend({ id: z.string().uuid("must be a draft id") }).strict();
const draftName = z.string().trim().min(1, "must not be empty").max(120);

export const createDraftBody = z.strictObject({ name: draftName, graph: packedGraphSchema });
/** A save names the version it was edited from: another save in between makes it a 409. */
export const saveDraftBody = z.strictObject({
  name: draftName.optional(),
  graph: packedGraphSchema,
  version: z.number().int().min(1),
});
export const importPipelineBody = z.strictObject({
  yaml: z.string().min(1).max(500_000),
  /** Component files the pipeline references, by the relative path it uses (./train.yml → "train.yml" or "./train.yml"). */
  files: z.record(z.string().max(1024), z.string().max(200_000)).default({}),
});
