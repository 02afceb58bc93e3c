import { z } from "zod";
import { workspaceParams } from "@/lib/domain/arm-names";

export const lineageParams = workspaceParams;
export const lineageQuery = z.strictObject({ node: z.string().min(3).max(2000) });
export const impactQuery = z.strictObject({
  node: z.string().min(3).max(2000),
  format: z.enum(["json", "csv"]).default("json"),
});
