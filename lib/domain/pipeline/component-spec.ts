/**
 * Command components (Azure ML CLI v2 `commandComponent` schema): parse and check a component YAML,
 * or the componentSpec ARM stores, into a ComponentSpec.
 */
import {
  isDataType,
  isIoType,
  isPrimitiveType,
  type ComponentInput,
  type ComponentOutput,
  type ComponentSpec,
  type Literal,
  type YamlProblem,
} from "./types";
import { isRecord, readYaml, YamlImportError, type YamlSource } from "./yaml-source";

/** Azure ML asset names: letters, digits, `_`, `-` and `.`, starting with a letter or `_`, at most 255. */
export const COMPONENT_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_.-]{0,254}$/;
/** Port (input/output) names: a Python identifier, as `${{inputs.x}}` needs. */
export const PORT_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const VERSION_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,49}$/;

const COMMAND_REF_RE = /\$\{\{\s*(inputs|outputs)\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;
/** `$[[ … ]]` wraps the part of a command that only applies when an optional input is given. */
const OPTIONAL_BLOCK_RE = /\$\[\[([\s\S]*?)\]\]/g;

/** Parses component YAML text; throws YamlImportError (with line and column) on any problem. */
export function parseComponentYaml(text: string): ComponentSpec {
  const src = readYaml(text, "Component YAML");
  return checkComponent(src);
}

/** Reads a componentSpec as stored by ARM (no positions). Throws YamlImportError on problems. */
export function componentFromSpec(spec: Record<string, unknown>): ComponentSpec {
  return checkComponent({
    value: spec,
    positionOf: () => undefined,
    problem: (path, message) => ({ message, path: path.join(".") }),
  });
}

function checkComponent(src: YamlSource): ComponentSpec {
  const problems: YamlProblem[] = [];
  const doc = src.value;
  if (!isRecord(doc))
    throw new YamlImportError([
      {
        message: "A component YAML must be a mapping with name, type, command and environment.",
        pos: { line: 1, col: 1 },
      },
    ]);
  const p = (path: (string | number)[], msg: string) => problems.push(src.problem(path, msg));

  const type = doc.type ?? "command";
  if (type !== "command")
    p(["type"], `Component type "${String(type)}" is not supported; only command components (type: command) are.`);
  const name = doc.name;
  if (typeof name !== "string" || !name) p(["name"], "name is required.");
  else if (!COMPONENT_NAME_RE.test(name))
    p(
      ["name"],
      `name "${name}" is invalid: letters, digits, '_', '-' and '.', starting with a letter or '_', at most 255 characters.`,
    );
  let version: string | undefined;
  if (doc.version !== undefined && doc.version !== null) {
    version = String(doc.version);
    if (!VERSION_RE.test(version))
      p(["version"], `version "${version}" is invalid: letters, digits, '_', '-' and '.', at most 50 characters.`);
  }
  const command = doc.command;
  if (typeof command !== "string" || !command.trim()) p(["command"], "command is required.");
  const environment = doc.environment;
  if (environment === undefined || environment === null)
    p(["environment"], "environment is required: an azureml: reference or an inline definition with image or build.");
  else if (typeof environment === "string") {
    if (!/^azureml:/.test(environment))
      p(
        ["environment"],
        `environment "${environment}" must be an azureml: reference (azureml:name:version, azureml:name@latest or azureml://registries/…).`,
      );
  } else if (isRecord(environment)) {
    if (!environment.image && !environment.build) p(["environment"], "An inline environment needs image or build.");
  } else p(["environment"], "environment must be a reference string or a mapping.");
  if (doc.code !== undefined && doc.code !== null && typeof doc.code !== "string")
    p(["code"], "code must be a path or a code asset reference.");

  const inputs: Record<string, ComponentInput> = {};
  if (doc.inputs !== undefined && doc.inputs !== null) {
    if (!isRecord(doc.inputs)) p(["inputs"], "inputs must be a mapping of input name to definition.");
    else
      for (const [key, raw] of Object.entries(doc.inputs)) {
        const at = ["inputs", key];
        if (!PORT_NAME_RE.test(key))
          p(at, `Input name "${key}" is invalid: letters, digits and '_', not starting with a digit.`);
        if (!isRecord(raw)) {
          p(at, `Input "${key}" must be a mapping with a type.`);
          continue;
        }
        const t = String(raw.type ?? "");
        if (!isIoType(t)) {
          p(
            [...at, "type"],
            `Input "${key}" has type "${t || "(none)"}"; expected one of uri_file, uri_folder, mltable, mlflow_model, custom_model, string, integer, number, boolean.`,
          );
          continue;
        }
        const input: ComponentInput = { type: t };
        if (typeof raw.description === "string") input.description = raw.description;
        if (raw.optional !== undefined) {
          if (typeof raw.optional !== "boolean")
            p([...at, "optional"], `Input "${key}": optional must be true or false.`);
          else input.optional = raw.optional;
        }
        if (raw.enum !== undefined) {
          if (t !== "string" || !Array.isArray(raw.enum) || raw.enum.length === 0)
            p([...at, "enum"], `Input "${key}": enum needs type string and a non-empty list.`);
          else input.enum = raw.enum.map((e: Literal) => azureLiteralText(e));
        }
        for (const bound of ["min", "max"] as const) {
          if (raw[bound] === undefined) continue;
          if (t !== "integer" && t !== "number")
            p([...at, bound], `Input "${key}": ${bound} applies only to integer and number inputs.`);
          else if (typeof raw[bound] !== "number") p([...at, bound], `Input "${key}": ${bound} must be a number.`);
          else input[bound] = raw[bound] as number;
        }
        if (input.min !== undefined && input.max !== undefined && input.min > input.max)
          p([...at, "min"], `Input "${key}": min ${input.min} is above max ${input.max}.`);
        if (raw.default !== undefined && raw.default !== null) {
          if (isDataType(t))
            p([...at, "default"], `Input "${key}": a ${t} input cannot have a default; bind data to it instead.`);
          else {
            const problem = literalProblem(input, raw.default as Literal);
            if (problem) p([...at, "default"], `Input "${key}": default ${problem}`);
            else input.default = coerceLiteral(t, raw.default as Literal);
          }
        }
        inputs[key] = input;
      }
  }
  const outputs: Record<string, ComponentOutput> = {};
  if (doc.outputs !== undefined && doc.outputs !== null) {
    if (!isRecord(doc.outputs)) p(["outputs"], "outputs must be a mapping of output name to definition.");
    else
      for (const [key, raw] of Object.entries(doc.outputs)) {
        const at = ["outputs", key];
        if (!PORT_NAME_RE.test(key))
          p(at, `Output name "${key}" is invalid: letters, digits and '_', not starting with a digit.`);
        if (key in inputs) p(at, `"${key}" is both an input and an output.`);
        if (!isRecord(raw)) {
          p(at, `Output "${key}" must be a mapping with a type.`);
          continue;
        }
        const t = String(raw.type ?? "");
        if (!isDataType(t)) {
          p(
            [...at, "type"],
            `Output "${key}" has type "${t || "(none)"}"; outputs must be uri_file, uri_folder, mltable, mlflow_model or custom_model.`,
          );
          continue;
        }
        outputs[key] = { type: t, ...(typeof raw.description === "string" ? { description: raw.description } : {}) };
      }
  }
  if (typeof command === "string") {
    const optionalParts = [...command.matchAll(OPTIONAL_BLOCK_RE)].map((m) => m[1]).join(" ");
    for (const m of command.matchAll(COMMAND_REF_RE)) {
      const [, where, port] = m;
      if (where === "inputs" && !(port in inputs) && doc.inputs !== undefined && !isRecord(doc.inputs)) continue;
      if (where === "inputs" && !(port in inputs))
        p(["command"], `command uses \${{inputs.${port}}} but the component has no input "${port}".`);
      if (where === "outputs" && !(port in outputs))
        p(["command"], `command uses \${{outputs.${port}}} but the component has no output "${port}".`);
    }
    for (const [key, input] of Object.entries(inputs)) {
      if (!input.optional) continue;
      const used = new RegExp(`\\$\\{\\{\\s*inputs\\.${key}\\s*\\}\\}`);
      if (used.test(command.replace(OPTIONAL_BLOCK_RE, "")) && !used.test(optionalParts))
        p(
          ["command"],
          `Optional input "${key}" is used outside $[[ ]] in command; wrap it so the command works without it.`,
        );
    }
  }
  if (problems.length) throw new YamlImportError(problems);
  const spec: ComponentSpec = {
    name: name as string,
    ...(version !== undefined ? { version } : {}),
    ...(typeof doc.display_name === "string" ? { displayName: doc.display_name } : {}),
    ...(typeof doc.description === "string" ? { description: doc.description } : {}),
    type: "command",
    ...(isRecord(doc.tags)
      ? { tags: Object.fromEntries(Object.entries(doc.tags).map(([k, v]) => [k, String(v)])) }
      : {}),
    ...(typeof doc.is_deterministic === "boolean" ? { isDeterministic: doc.is_deterministic } : {}),
    inputs,
    outputs,
    command: command as string,
    environment: environment as ComponentSpec["environment"],
    ...(typeof doc.code === "string" ? { code: doc.code } : {}),
    source: doc,
  };
  return spec;
}

/**
 * A literal as Azure ML writes it into a string: YAML booleans become "True"/"False" (Python's spelling, which is
 * what the CLI sends for a boolean bound to a string input or listed in an enum).
 */
export const azureLiteralText = (v: Literal): string => (typeof v === "boolean" ? (v ? "True" : "False") : String(v));

/** Why a literal value does not fit an input (type, enum, min, max), or null when it fits. */
export function literalProblem(
  input: Pick<ComponentInput, "type" | "enum" | "min" | "max">,
  value: Literal,
): string | null {
  const t = input.type;
  if (isDataType(t)) return `is a literal but the input takes ${t} data.`;
  let v: Literal = value;
  if (t === "integer" || t === "number") {
    const n =
      typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    if (!Number.isFinite(n)) return `"${String(value)}" is not ${t === "integer" ? "an integer" : "a number"}.`;
    if (t === "integer" && !Number.isInteger(n)) return `${n} is not a whole number.`;
    if (input.min !== undefined && n < input.min) return `${n} is below the minimum ${input.min}.`;
    if (input.max !== undefined && n > input.max) return `${n} is above the maximum ${input.max}.`;
    v = n;
  }
  if (t === "boolean" && typeof value !== "boolean" && !/^(true|false)$/i.test(String(value)))
    return `"${String(value)}" is not true or false.`;
  if (input.enum && !input.enum.includes(azureLiteralText(v)))
    return `"${String(v)}" is not one of ${input.enum.map((e) => `"${e}"`).join(", ")}.`;
  return null;
}

/** Converts a literal to the JS type of a primitive input type ("20" → 20 for integer). */
export function coerceLiteral(t: string, value: Literal): Literal {
  if (
    (t === "integer" || t === "number") &&
    typeof value === "string" &&
    value.trim() !== "" &&
    Number.isFinite(Number(value))
  )
    return Number(value);
  if (t === "boolean" && typeof value === "string" && /^(true|false)$/i.test(value))
    return value.toLowerCase() === "true";
  if (t === "string" && typeof value !== "string") return azureLiteralText(value);
  return value;
}

/** The primitive type a YAML literal suggests (pipeline inputs declared as bare values). */
export function inferLiteralType(value: Literal): "string" | "integer" | "number" | "boolean" {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return "string";
}

/** The `azureml:name:version` reference of a registered component. */
export const componentRefOf = (spec: Pick<ComponentSpec, "name" | "version">) =>
  `azureml:${spec.name}:${spec.version ?? "1"}`;

export { isPrimitiveType };
