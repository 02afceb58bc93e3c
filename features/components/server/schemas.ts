import { z } from "zod";
import { workspaceParams } from "@/lib/domain/arm-names";

export const componentName = z
  .string()
  .regex(
    /^[a-zA-Z_][a-zA-Z0-9_.-]{0,254}$/,
    "must be a component name: letters, digits, '_', '-' and '.', starting with a letter or '_'",
  );
export const componentVersion = z
  .string()
  .regex(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,49}$/, "must be a version: letters, digits, '_', '-' and '.'");
export const componentParams = workspaceParams.extend({ name: componentName }).strict();
export const componentVersionParams = componentParams.extend({ version: componentVersion }).strict();

/** A file of a component's code folder, path relative to that folder. */
const codeFile = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(1024)
    .refine(
      (p) => !p.startsWith("/") && !p.split("/").some((s) => s === ".." || s === "" || s === "."),
      "must be a relative path inside the code folder",
    ),
  contentBase64: z.string().max(1_000_000),
});

export const registerComponentBody = z.strictObject({
  /** The component YAML (Azure ML CLI v2 commandComponent). */
  yaml: z.string().min(1).max(200_000),
  /** The files of its code folder (required when the YAML names a local `code:` folder). */
  codeFiles: z.array(codeFile).max(500).default([]),
});
export type RegisterComponentBody = z.infer<typeof registerComponentBody>;

export const archiveComponentBody = z.strictObject({ archived: z.boolean() });
export const codeFileQuery = z.strictObject({ path: z.string().min(1).max(1024).optional() });
export const listComponentsQuery = z.strictObject({ archived: z.enum(["true", "false"]).optional() });
