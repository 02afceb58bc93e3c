/**
 * The "Create job" form's model: a command job as editable rows of text, turned into the CLI v2 YAML that the file
 * path submits (so a form and a file go through one reader, one set of checks and one submit), and back from a
 * job's own YAML for "edit and resubmit". The live check is the command job reader itself run over the form.
 */
import { stringify } from "yaml";
import {
  commandJobFromObject,
  commandJobToYamlObject,
  readCommandJobYaml,
  type CommandJobSpec,
} from "@/lib/domain/jobs/command-job";
import { isDataType, type DataType, type Literal } from "@/lib/domain/pipeline/types";
import { YamlImportError } from "@/lib/domain/pipeline/yaml-source";

export const FORM_INPUT_TYPES = [
  "string",
  "number",
  "integer",
  "boolean",
  "uri_file",
  "uri_folder",
  "mltable",
  "mlflow_model",
  "custom_model",
] as const;
export type FormInputType = (typeof FORM_INPUT_TYPES)[number];
export const FORM_OUTPUT_TYPES = ["uri_folder", "uri_file", "mltable", "mlflow_model", "custom_model"] as const;
export const INPUT_MODES = ["", "ro_mount", "download", "direct", "rw_mount", "eval_mount", "eval_download"] as const;
export const OUTPUT_MODES = ["", "rw_mount", "upload", "direct"] as const;

export interface FormInput {
  name: string;
  type: FormInputType;
  /** A literal's text, or a data input's path (`azureml:name:version`, `azureml:name@latest`, a datastore URI). */
  value: string;
  mode: string;
}
export interface FormOutput {
  name: string;
  type: DataType;
  mode: string;
  path: string;
}
export interface NameValue {
  name: string;
  value: string;
}

export interface CommandJobForm {
  displayName: string;
  experimentName: string;
  description: string;
  command: string;
  /** "" for none, a local folder (`./src`, uploaded first) or a code asset (`azureml:…`). */
  code: string;
  /** `azureml:name:version`, `azureml:name@latest` or a registry URI. */
  environment: string;
  /** An inline environment kept from a file (the form shows it, the YAML tab edits it). */
  inlineEnvironment: Record<string, unknown> | null;
  /** A compute name, or "" for serverless. */
  compute: string;
  instanceType: string;
  instanceCount: string;
  distribution: "" | "pytorch" | "mpi" | "tensorflow";
  /** process_count_per_instance (PyTorch, MPI) or worker_count (TensorFlow). */
  processCount: string;
  timeoutSeconds: string;
  inputs: FormInput[];
  outputs: FormOutput[];
  environmentVariables: NameValue[];
  tags: NameValue[];
  /** What the form has no field for (identity, shm size, …), kept so a resubmit does not drop it. */
  kept: Pick<CommandJobSpec, "identity" | "resources" | "distribution">;
}

export function emptyCommandJobForm(): CommandJobForm {
  return {
    displayName: "",
    experimentName: "",
    description: "",
    command: "",
    code: "",
    environment: "",
    inlineEnvironment: null,
    compute: "",
    instanceType: "",
    instanceCount: "",
    distribution: "",
    processCount: "",
    timeoutSeconds: "",
    inputs: [],
    outputs: [],
    environmentVariables: [],
    tags: [],
    kept: {},
  };
}

function literalType(v: Literal): FormInputType {
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return "string";
}

/** A command job (read from its YAML) as the form's rows. */
export function commandJobFormFromSpec(spec: CommandJobSpec): CommandJobForm {
  const d = spec.distribution;
  const compute = spec.compute?.replace(/^azureml:/, "") ?? "";
  return {
    displayName: spec.displayName ?? "",
    experimentName: spec.experimentName ?? "",
    description: spec.description ?? "",
    command: spec.command,
    code: spec.code ?? "",
    environment: typeof spec.environment === "string" ? spec.environment : "",
    inlineEnvironment: typeof spec.environment === "string" ? null : spec.environment,
    compute: compute === "serverless" ? "" : compute,
    instanceType: spec.resources?.instanceType ?? "",
    instanceCount: spec.resources?.instanceCount !== undefined ? String(spec.resources.instanceCount) : "",
    distribution: d?.type ?? "",
    processCount: d ? String((d.type === "tensorflow" ? d.workerCount : d.processCountPerInstance) ?? "") : "",
    timeoutSeconds: spec.timeout !== undefined ? String(spec.timeout) : "",
    inputs: Object.entries(spec.inputs).map(([name, i]) =>
      i.kind === "literal"
        ? { name, type: literalType(i.value), value: String(i.value), mode: "" }
        : { name, type: i.type, value: i.path, mode: i.mode ?? "" },
    ),
    outputs: Object.entries(spec.outputs).map(([name, o]) => ({
      name,
      type: o.type,
      mode: o.mode ?? "",
      path: o.path ?? "",
    })),
    environmentVariables: Object.entries(spec.environmentVariables ?? {}).map(([name, value]) => ({ name, value })),
    tags: Object.entries(spec.tags ?? {}).map(([name, value]) => ({ name, value })),
    kept: {
      identity: spec.identity,
      resources: spec.resources && { shmSize: spec.resources.shmSize, dockerArgs: spec.resources.dockerArgs },
      distribution: d?.type === "tensorflow" ? d : undefined,
    },
  };
}

/** "Edit and resubmit": a job's own YAML as the form, or null when it is not a command job the form can show. */
export function commandJobFormFromYaml(yaml: string): CommandJobForm | null {
  try {
    return commandJobFormFromSpec(readCommandJobYaml(yaml));
  } catch {
    return null;
  }
}

/** A literal typed into the form as the YAML value Azure ML reads (a number stays a number, "true" a boolean). */
function literalValue(input: FormInput): Literal | { problem: string } {
  const text = input.value.trim();
  switch (input.type) {
    case "integer":
      return /^[-+]?\d+$/.test(text) ? Number(text) : { problem: `Input "${input.name}" needs a whole number.` };
    case "number":
      return text !== "" && Number.isFinite(Number(text))
        ? Number(text)
        : { problem: `Input "${input.name}" needs a number.` };
    case "boolean":
      return /^(true|false)$/i.test(text)
        ? text.toLowerCase() === "true"
        : { problem: `Input "${input.name}" needs true or false.` };
    default:
      return input.value;
  }
}

function toMap(rows: NameValue[]): Record<string, string> | undefined {
  const named = rows.filter((r) => r.name.trim());
  return named.length ? Object.fromEntries(named.map((r) => [r.name.trim(), r.value])) : undefined;
}

/**
 * The form as the CLI v2 mapping plus the problems only the form can have (a number that is not one, a count that is
 * not whole). Rows without a name are ignored, as an empty row is.
 */
export function commandJobFormToObject(form: CommandJobForm): { doc: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const whole = (text: string, what: string) => {
    if (!text.trim()) return undefined;
    if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
      problems.push(`${what} must be a whole number of at least 1.`);
      return undefined;
    }
    return Number(text);
  };
  const inputs: CommandJobSpec["inputs"] = {};
  const seen = new Set<string>();
  for (const i of form.inputs) {
    const name = i.name.trim();
    if (!name) continue;
    if (seen.has(name)) problems.push(`Input "${name}" is named twice.`);
    seen.add(name);
    if (isDataType(i.type)) {
      inputs[name] = { kind: "data", type: i.type, path: i.value.trim(), ...(i.mode ? { mode: i.mode } : {}) };
      continue;
    }
    const v = literalValue({ ...i, name });
    if (typeof v === "object") problems.push(v.problem);
    else inputs[name] = { kind: "literal", value: v };
  }
  const outputs: CommandJobSpec["outputs"] = {};
  for (const o of form.outputs) {
    const name = o.name.trim();
    if (!name) continue;
    if (seen.has(name)) problems.push(`"${name}" is named twice among inputs and outputs.`);
    seen.add(name);
    outputs[name] = { type: o.type, ...(o.mode ? { mode: o.mode } : {}), ...(o.path.trim() ? { path: o.path } : {}) };
  }
  const count = whole(form.processCount, form.distribution === "tensorflow" ? "Worker count" : "Processes per node");
  const distribution: CommandJobSpec["distribution"] = !form.distribution
    ? undefined
    : form.distribution === "tensorflow"
      ? {
          ...(form.kept.distribution?.type === "tensorflow" ? form.kept.distribution : {}),
          type: "tensorflow",
          workerCount: count,
        }
      : { type: form.distribution, processCountPerInstance: count };
  const instanceCount = whole(form.instanceCount, "Instance count");
  const resources = {
    ...form.kept.resources,
    ...(instanceCount !== undefined ? { instanceCount } : {}),
    ...(form.instanceType.trim() ? { instanceType: form.instanceType.trim() } : {}),
  };
  const timeout = whole(form.timeoutSeconds, "Timeout");
  const spec: CommandJobSpec = {
    ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
    ...(form.description.trim() ? { description: form.description } : {}),
    ...(form.experimentName.trim() ? { experimentName: form.experimentName.trim() } : {}),
    ...(toMap(form.tags) ? { tags: toMap(form.tags) } : {}),
    command: form.command,
    environment: form.inlineEnvironment ?? form.environment.trim(),
    ...(form.code.trim() ? { code: form.code.trim() } : {}),
    ...(form.compute ? { compute: `azureml:${form.compute}` } : {}),
    inputs,
    outputs,
    ...(toMap(form.environmentVariables) ? { environmentVariables: toMap(form.environmentVariables) } : {}),
    ...(distribution ? { distribution } : {}),
    ...(Object.values(resources).some((v) => v !== undefined) ? { resources } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(form.kept.identity ? { identity: form.kept.identity } : {}),
  };
  const doc = commandJobToYamlObject(spec);
  // An empty environment is the reader's problem to name ("environment is required"), not an empty string's.
  if (!form.inlineEnvironment && !form.environment.trim()) delete doc.environment;
  return { doc, problems };
}

/**
 * The live check: every problem of the form as the command job reader words it (the same rules the server applies
 * on submit), plus the form's own. Empty when the form would be accepted as far as the studio can tell offline.
 */
export function commandJobFormProblems(form: CommandJobForm): string[] {
  const { doc, problems } = commandJobFormToObject(form);
  try {
    commandJobFromObject(doc);
  } catch (e) {
    if (!(e instanceof YamlImportError)) throw e;
    problems.push(...e.problems.map((p) => p.message));
  }
  return problems;
}

/** The YAML the form submits (what `az ml job create -f` would be given). */
export function commandJobFormToYaml(form: CommandJobForm): string {
  return stringify(commandJobFormToObject(form).doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The `${{inputs.x}}` / `${{outputs.y}}` references of a command, for the form's hints. */
export function commandReferences(command: string): { inputs: string[]; outputs: string[] } {
  const out = { inputs: new Set<string>(), outputs: new Set<string>() };
  for (const m of command.matchAll(/\$\{\{\s*(inputs|outputs)\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g))
    out[m[1] as "inputs" | "outputs"].add(m[2]);
  return { inputs: [...out.inputs], outputs: [...out.outputs] };
}

export function isFormOutputType(t: string): t is DataType {
  return (FORM_OUTPUT_TYPES as readonly string[]).includes(t);
}
