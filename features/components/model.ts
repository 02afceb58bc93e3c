import { stringify } from "yaml";
import type { ComponentInput, ComponentSpec } from "@/lib/domain/pipeline/types";
import type { AssetVersion } from "@/lib/domain/versions";

/** What the history view needs of one component version (the server's ComponentVersionView satisfies it). */
export type ComponentVersionLike = {
  id: string;
  version: string;
  description: string | null;
  tags?: Record<string, string>;
  isArchived: boolean;
  isAnonymous: boolean;
  spec: ComponentSpec;
  codeId: string | null;
  createdAt: string | null;
  createdBy: string | null;
};

/** One input as a short fact: "uri_folder · optional · default 3 · one of a, b · min 1 · max 9". */
export function describeComponentInput(i: ComponentInput): string {
  return [
    i.type,
    i.optional ? "optional" : "required",
    i.default !== undefined ? `default ${String(i.default)}` : "",
    i.enum ? `one of ${i.enum.join(", ")}` : "",
    i.min !== undefined ? `min ${i.min}` : "",
    i.max !== undefined ? `max ${i.max}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/**
 * A component version → the common version shape. Each input and output port is a field (`input.<name>`,
 * `output.<name>`), so a comparison shows ports added, removed or retyped; environment and code are fields;
 * the command and the whole spec are documents compared line by line. The spec's `version:` line is left out
 * of the document: it always differs and the version label already says it.
 */
export function componentVersionToAsset(v: ComponentVersionLike): AssetVersion {
  const spec = v.spec;
  const fields: Record<string, string> = {
    type: spec.type,
    environment: typeof spec.environment === "string" ? spec.environment : "inline definition (see the spec)",
    code: v.codeId ?? spec.code ?? "none",
  };
  if (spec.displayName) fields.displayName = spec.displayName;
  if (spec.isDeterministic !== undefined) fields.isDeterministic = String(spec.isDeterministic);
  if (v.isAnonymous) fields.anonymous = "true";
  for (const [name, i] of Object.entries(spec.inputs)) fields[`input.${name}`] = describeComponentInput(i);
  for (const [name, o] of Object.entries(spec.outputs)) fields[`output.${name}`] = o.type;
  const { version: _version, ...specWithoutVersion } = spec.source;
  return {
    id: v.id,
    version: v.version,
    createdBy: v.createdBy ?? undefined,
    createdAt: v.createdAt ?? undefined,
    description: v.description ?? spec.description ?? "",
    tags: v.tags ?? spec.tags ?? {},
    properties: {},
    archived: v.isArchived,
    contents: {
      fields,
      documents: [
        { name: "command", language: "text", text: spec.command },
        { name: "component.yaml", language: "yaml", text: stringify(specWithoutVersion, { lineWidth: 0 }) },
      ],
    },
  };
}
