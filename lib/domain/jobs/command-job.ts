/**
 * Command jobs as Azure ML CLI v2 writes them (commandJob.schema.json; a file with `command:` and no `type:` is one
 * too): read from YAML with every problem's line and column, turned into the ARM CommandJob body (api-version
 * 2022-10-01) that `client.jobs.createOrUpdate` sends, read back from ARM and written out as YAML that
 * `az ml job create -f` accepts.
 */
import { stringify } from "yaml";
import { parseAssetVersionId } from "../arm-names";
import { azureLiteralText, PORT_NAME_RE } from "../pipeline/component-spec";
import { inputMode, outputMode } from "../pipeline/to-arm";
import { isDataType, type DataType, type Literal, type YamlProblem } from "../pipeline/types";
import { isRecord, readYaml, YamlImportError, type YamlSource } from "../pipeline/yaml-source";
import { wrongKindMessage, yamlFileKind, YAML_KIND_NAMES, type YamlFileKind } from "../yaml-kind";

export const COMMAND_JOB_SCHEMA = "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json";

export type CommandJobInput =
  { kind: "literal"; value: Literal } | { kind: "data"; type: DataType; path: string; mode?: string };

export interface CommandJobOutput {
  type: DataType;
  mode?: string;
  path?: string;
}

export type Distribution =
  | { type: "pytorch"; processCountPerInstance?: number }
  | { type: "mpi"; processCountPerInstance?: number }
  | { type: "tensorflow"; workerCount?: number; parameterServerCount?: number };

/** A command job, normalised. Keys are the CLI's meaning in camelCase; `extra` keeps what the studio does not edit. */
export interface CommandJobSpec {
  name?: string;
  displayName?: string;
  description?: string;
  experimentName?: string;
  tags?: Record<string, string>;
  command: string;
  /** `azureml:name:version`, `azureml:name@latest`, `azureml://registries/…`, or inline (`image`, `conda_file`, `build`). */
  environment: string | Record<string, unknown>;
  /** A local folder (`./src`, uploaded as a code asset before submit) or a code asset (`azureml:…`). */
  code?: string;
  /** `azureml:<compute>`; absent or `serverless` runs on serverless compute. */
  compute?: string;
  inputs: Record<string, CommandJobInput>;
  outputs: Record<string, CommandJobOutput>;
  environmentVariables?: Record<string, string>;
  distribution?: Distribution;
  resources?: { instanceCount?: number; instanceType?: string; shmSize?: string; dockerArgs?: string };
  /** Seconds. */
  timeout?: number;
  identity?: "user_identity" | "managed" | "aml_token";
}

const INPUT_MODES = ["ro_mount", "rw_mount", "download", "direct", "eval_mount", "eval_download"];
const OUTPUT_MODES = ["rw_mount", "upload", "direct"];
export const IDENTITIES = { user_identity: "UserIdentity", managed: "Managed", aml_token: "AMLToken" } as const;
export const DISTRIBUTIONS = { pytorch: "PyTorch", mpi: "Mpi", tensorflow: "TensorFlow" } as const;
/** Keys of a command job file the studio reads; any other key is refused by name (the CLI refuses them too). */
const KNOWN_KEYS = new Set([
  "$schema",
  "type",
  "name",
  "display_name",
  "description",
  "experiment_name",
  "tags",
  "command",
  "environment",
  "code",
  "compute",
  "inputs",
  "outputs",
  "environment_variables",
  "distribution",
  "resources",
  "limits",
  "identity",
]);
const REF_RE = /\$\{\{\s*(inputs|outputs)\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;
const OPTIONAL_BLOCK_RE = /\$\[\[([\s\S]*?)\]\]/g;
const JOB_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/;

/**
 * Reads a job file of one kind: syntax errors and a file of another kind (named, with where it goes) are refused
 * before the kind's own checks run.
 */
export function readJobFile<T>(
  text: string,
  expected: YamlFileKind,
  check: (src: YamlSource, doc: Record<string, any>) => T,
): T {
  const what = YAML_KIND_NAMES[expected].replace(/^an? /, "");
  const src = readYaml(text, `${what[0].toUpperCase()}${what.slice(1)} YAML`);
  const doc = src.value;
  if (!isRecord(doc))
    throw new YamlImportError([{ message: `A ${what} YAML must be a mapping.`, pos: { line: 1, col: 1 } }]);
  const kind = yamlFileKind(doc, { expecting: "job" });
  if (kind !== expected)
    throw new YamlImportError([
      src.problem(
        doc.$schema !== undefined ? ["$schema"] : doc.type !== undefined ? ["type"] : [],
        wrongKindMessage(kind, YAML_KIND_NAMES[expected]),
      ),
    ]);
  return check(src, doc);
}

/** Parses a command job YAML; throws YamlImportError listing every problem with its line and column. */
export function readCommandJobYaml(text: string): CommandJobSpec {
  return readJobFile(text, "command-job", checkCommandJob);
}

/** Checks a command job given as a plain object (the create form sends one): the same rules, no positions. */
export function commandJobFromObject(doc: Record<string, unknown>): CommandJobSpec {
  return checkCommandJob(
    { value: doc, positionOf: () => undefined, problem: (path, message) => ({ message, path: path.join(".") }) },
    doc,
  );
}

/**
 * The command job checks over a parsed document (a sweep's trial reuses them through a YamlSource of its own).
 * `fromComponent`: a sweep whose trial is a registered component, which brings the command and environment itself.
 */
export function checkCommandJob(
  src: YamlSource,
  doc: Record<string, any>,
  { fromComponent = false }: { fromComponent?: boolean } = {},
): CommandJobSpec {
  const problems: YamlProblem[] = [];
  const p = (path: (string | number)[], message: string) => problems.push(src.problem(path, message));
  for (const key of Object.keys(doc))
    if (!KNOWN_KEYS.has(key))
      p([key], `"${key}" is not a key of a command job (commandJob.schema.json); remove it or check its spelling.`);

  const str = (key: string) => {
    const v = doc[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" && typeof v !== "number") {
      p([key], `${key} must be text.`);
      return undefined;
    }
    return String(v);
  };
  const name = str("name");
  if (name !== undefined && !JOB_NAME_RE.test(name))
    p(
      ["name"],
      `name "${name}" is invalid: letters, digits, '_' and '-', starting with a letter or digit, at most 255.`,
    );
  const command = doc.command;
  if (!fromComponent && (typeof command !== "string" || !command.trim())) p(["command"], "command is required.");

  const environment = doc.environment;
  if (fromComponent) {
    // The component's own command and environment are the trial's.
  } else if (environment === undefined || environment === null)
    p(["environment"], "environment is required: azureml:<name>:<version>, azureml:<name>@latest or an inline image.");
  else if (typeof environment === "string") {
    if (!/^azureml:/.test(environment))
      p(["environment"], `environment "${environment}" must be an azureml: reference or an inline definition.`);
  } else if (isRecord(environment)) {
    if (!environment.image && !environment.build) p(["environment"], "An inline environment needs image or build.");
  } else p(["environment"], "environment must be a reference or a mapping.");

  const code = str("code");
  const compute = str("compute");

  const inputs: Record<string, CommandJobInput> = {};
  if (doc.inputs !== undefined && doc.inputs !== null && !isRecord(doc.inputs))
    p(["inputs"], "inputs must be a mapping of input name to value.");
  for (const [key, raw] of Object.entries(isRecord(doc.inputs) ? doc.inputs : {})) {
    const at = ["inputs", key];
    if (!PORT_NAME_RE.test(key))
      p(at, `Input name "${key}" is invalid: letters, digits and '_', not starting with a digit.`);
    const input = readInput(raw);
    if (typeof input === "string") p(at, `Input "${key}" ${input}`);
    else inputs[key] = input;
  }
  const outputs: Record<string, CommandJobOutput> = {};
  if (doc.outputs !== undefined && doc.outputs !== null && !isRecord(doc.outputs))
    p(["outputs"], "outputs must be a mapping of output name to definition.");
  for (const [key, raw] of Object.entries(isRecord(doc.outputs) ? doc.outputs : {})) {
    const at = ["outputs", key];
    if (!PORT_NAME_RE.test(key))
      p(at, `Output name "${key}" is invalid: letters, digits and '_', not starting with a digit.`);
    if (key in inputs) p(at, `"${key}" is both an input and an output.`);
    const output = readOutput(raw);
    if (typeof output === "string") p(at, `Output "${key}" ${output}`);
    else outputs[key] = output;
  }
  if (typeof command === "string") {
    const optional = [...command.matchAll(OPTIONAL_BLOCK_RE)].map((m) => m[1]).join(" ");
    for (const m of command.matchAll(REF_RE)) {
      const [, where, port] = m;
      const declared = where === "inputs" ? port in inputs : port in outputs;
      // Inside $[[ ]] an input may be left out: the block is dropped when it is.
      if (!declared && !(where === "inputs" && optional.includes(m[0])))
        p(["command"], `command uses \${{${where}.${port}}}, which ${where} does not declare.`);
    }
  }

  let environmentVariables: Record<string, string> | undefined;
  if (doc.environment_variables !== undefined && doc.environment_variables !== null) {
    if (!isRecord(doc.environment_variables)) p(["environment_variables"], "environment_variables must be a mapping.");
    else {
      environmentVariables = {};
      for (const [k, v] of Object.entries(doc.environment_variables)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
          p(["environment_variables", k], `Environment variable name "${k}" is invalid.`);
        else if (isRecord(v) || Array.isArray(v))
          p(["environment_variables", k], `Environment variable ${k} must be a text value.`);
        else environmentVariables[k] = v === null ? "" : azureLiteralText(v as Literal);
      }
    }
  }

  let distribution: Distribution | undefined;
  if (doc.distribution !== undefined && doc.distribution !== null) {
    const d = doc.distribution;
    const type = isRecord(d) ? String(d.type ?? "").toLowerCase() : "";
    if (!isRecord(d) || !(type in DISTRIBUTIONS))
      p(["distribution"], "distribution needs type pytorch, mpi or tensorflow.");
    else {
      const count = (key: string) => {
        if (d[key] === undefined) return undefined;
        if (!Number.isInteger(d[key]) || (d[key] as number) < 1) {
          p(["distribution", key], `distribution.${key} must be a whole number of at least 1.`);
          return undefined;
        }
        return d[key] as number;
      };
      distribution =
        type === "tensorflow"
          ? { type, workerCount: count("worker_count"), parameterServerCount: count("parameter_server_count") }
          : { type: type as "pytorch" | "mpi", processCountPerInstance: count("process_count_per_instance") };
    }
  }

  let resources: CommandJobSpec["resources"];
  if (doc.resources !== undefined && doc.resources !== null) {
    const r = doc.resources;
    if (!isRecord(r)) p(["resources"], "resources must be a mapping (instance_count, instance_type).");
    else {
      resources = {};
      if (r.instance_count !== undefined) {
        if (!Number.isInteger(r.instance_count) || (r.instance_count as number) < 1)
          p(["resources", "instance_count"], "resources.instance_count must be a whole number of at least 1.");
        else resources.instanceCount = r.instance_count as number;
      }
      if (r.instance_type !== undefined) resources.instanceType = String(r.instance_type);
      if (r.shm_size !== undefined) resources.shmSize = String(r.shm_size);
      if (r.docker_args !== undefined) resources.dockerArgs = String(r.docker_args);
    }
  }

  let timeout: number | undefined;
  if (doc.limits !== undefined && doc.limits !== null) {
    const t = isRecord(doc.limits) ? doc.limits.timeout : undefined;
    if (!isRecord(doc.limits) || !Number.isInteger(t) || (t as number) < 1)
      p(["limits"], "limits needs timeout: a whole number of seconds, at least 1.");
    else timeout = t as number;
  }

  let identity: CommandJobSpec["identity"];
  if (doc.identity !== undefined && doc.identity !== null) {
    const type = isRecord(doc.identity) ? String(doc.identity.type ?? "") : "";
    if (!(type in IDENTITIES)) p(["identity"], "identity needs type user_identity, managed or aml_token.");
    else identity = type as CommandJobSpec["identity"];
  }
  if (doc.tags !== undefined && doc.tags !== null && !isRecord(doc.tags)) p(["tags"], "tags must be a mapping.");

  if (problems.length) throw new YamlImportError(problems);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(str("display_name") !== undefined ? { displayName: str("display_name") } : {}),
    ...(str("description") !== undefined ? { description: str("description") } : {}),
    ...(str("experiment_name") !== undefined ? { experimentName: str("experiment_name") } : {}),
    ...(isRecord(doc.tags)
      ? { tags: Object.fromEntries(Object.entries(doc.tags).map(([k, v]) => [k, azureLiteralText(v as Literal)])) }
      : {}),
    command: fromComponent ? "" : (command as string),
    environment: fromComponent ? "" : (environment as CommandJobSpec["environment"]),
    ...(code !== undefined ? { code } : {}),
    ...(compute !== undefined ? { compute } : {}),
    inputs,
    outputs,
    ...(environmentVariables ? { environmentVariables } : {}),
    ...(distribution ? { distribution: dropUndefined(distribution) } : {}),
    ...(resources ? { resources } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(identity ? { identity } : {}),
  };
}

function readInput(raw: unknown): CommandJobInput | string {
  if (raw === null || raw === undefined) return "needs a value.";
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean")
    return { kind: "literal", value: raw };
  if (!isRecord(raw)) return "must be a value or a mapping with type and path.";
  const type = String(raw.type ?? (raw.path !== undefined ? "uri_folder" : ""));
  if (isDataType(type)) {
    if (typeof raw.path !== "string" || !raw.path.trim()) return `is ${type} data and needs a path.`;
    if (raw.mode !== undefined && !INPUT_MODES.includes(String(raw.mode)))
      return `has mode "${String(raw.mode)}"; input modes are ${INPUT_MODES.join(", ")}.`;
    return { kind: "data", type, path: raw.path, ...(raw.mode !== undefined ? { mode: String(raw.mode) } : {}) };
  }
  if (["string", "integer", "number", "boolean"].includes(type)) {
    const v = raw.value ?? raw.default;
    if (v === undefined || v === null || isRecord(v)) return `of type ${type} needs a value.`;
    return { kind: "literal", value: v as Literal };
  }
  return `has type "${type || "(none)"}"; expected uri_file, uri_folder, mltable, mlflow_model, custom_model or a literal.`;
}

function readOutput(raw: unknown): CommandJobOutput | string {
  if (raw === null || raw === undefined) return { type: "uri_folder" };
  if (!isRecord(raw)) return "must be a mapping (type, mode, path) or empty.";
  const type = String(raw.type ?? "uri_folder");
  if (!isDataType(type))
    return `has type "${type}"; outputs are uri_file, uri_folder, mltable, mlflow_model or custom_model.`;
  if (raw.mode !== undefined && !OUTPUT_MODES.includes(String(raw.mode)))
    return `has mode "${String(raw.mode)}"; output modes are ${OUTPUT_MODES.join(", ")}.`;
  return {
    type,
    ...(raw.mode !== undefined ? { mode: String(raw.mode) } : {}),
    ...(typeof raw.path === "string" ? { path: raw.path } : {}),
  };
}

export const dropUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The ARM ids a command job refers to, resolved by the caller (which does the I/O). */
export interface CommandJobRefs {
  environmentId: string;
  codeId?: string;
  /** The ARM id of the compute, or undefined for serverless. */
  computeId?: string;
}

/** The ARM CommandJob properties (2022-10-01) for `client.jobs.createOrUpdate`. */
export function commandJobToArm(spec: CommandJobSpec, refs: CommandJobRefs) {
  const inputs = Object.fromEntries(
    Object.entries(spec.inputs).map(([k, i]) => [
      k,
      i.kind === "literal"
        ? { jobInputType: "literal", value: azureLiteralText(i.value) }
        : { jobInputType: i.type, uri: i.path, ...(i.mode ? { mode: inputMode(i.mode) } : {}) },
    ]),
  );
  const outputs = Object.fromEntries(
    Object.entries(spec.outputs).map(([k, o]) => [
      k,
      { jobOutputType: o.type, ...(o.mode ? { mode: outputMode(o.mode) } : {}), ...(o.path ? { uri: o.path } : {}) },
    ]),
  );
  const d = spec.distribution;
  return {
    jobType: "Command" as const,
    command: spec.command,
    environmentId: refs.environmentId,
    ...(refs.codeId ? { codeId: refs.codeId } : {}),
    ...(refs.computeId ? { computeId: refs.computeId } : {}),
    experimentName: spec.experimentName ?? "Default",
    ...(spec.displayName ? { displayName: spec.displayName } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    inputs,
    outputs,
    ...(spec.environmentVariables ? { environmentVariables: spec.environmentVariables } : {}),
    ...(d
      ? {
          distribution:
            d.type === "tensorflow"
              ? dropUndefined({
                  distributionType: "TensorFlow",
                  workerCount: d.workerCount,
                  parameterServerCount: d.parameterServerCount,
                })
              : dropUndefined({
                  distributionType: DISTRIBUTIONS[d.type],
                  processCountPerInstance: d.processCountPerInstance,
                }),
        }
      : {}),
    ...(spec.resources ? { resources: dropUndefined({ ...spec.resources }) } : {}),
    ...(spec.timeout !== undefined ? { limits: { jobLimitsType: "Command", timeout: `PT${spec.timeout}S` } } : {}),
    ...(spec.identity ? { identity: { identityType: IDENTITIES[spec.identity] } } : {}),
  };
}

const FROM_INPUT_MODE: Record<string, string> = {
  ReadOnlyMount: "ro_mount",
  ReadWriteMount: "rw_mount",
  Download: "download",
  Direct: "direct",
  EvalMount: "eval_mount",
  EvalDownload: "eval_download",
};
const FROM_OUTPUT_MODE: Record<string, string> = { ReadWriteMount: "rw_mount", Upload: "upload", Direct: "direct" };

/** ISO 8601 durations as ARM returns them (PT1H30M, PT45S, P1D) → seconds. */
export function durationSeconds(iso: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** An ARM id as the CLI's `azureml:` reference: computes by name, assets as `azureml:name:version`. */
export function armIdToReference(id: string): string {
  const asset = parseAssetVersionId(id, ["environments", "codes", "components", "models", "data"]);
  if (asset && id.startsWith("/subscriptions/")) return `azureml:${asset.name}:${asset.version}`;
  const compute = /\/computes\/([^/]+)$/i.exec(id);
  if (compute) return `azureml:${compute[1]}`;
  return id.startsWith("azureml:") ? id : `azureml:${id}`;
}

/**
 * ARM keeps every literal as text; the CLI infers a command job input's type from how the YAML writes it, so numbers
 * and Python's True/False are read back as what they were written as.
 */
function literalFromArm(v: string): Literal {
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v);
  if (v === "True" || v === "False") return v === "True";
  return v;
}

/** A command job read back from its ARM body (for "edit and resubmit" and export). */
export function commandJobFromArm(name: string, props: Record<string, any>): CommandJobSpec {
  const inputs: Record<string, CommandJobInput> = {};
  for (const [k, i] of Object.entries((props.inputs ?? {}) as Record<string, any>)) {
    if (!i) continue;
    if (i.jobInputType === "literal") inputs[k] = { kind: "literal", value: literalFromArm(String(i.value ?? "")) };
    else if (isDataType(i.jobInputType))
      inputs[k] = {
        kind: "data",
        type: i.jobInputType,
        path: i.uri,
        ...(i.mode ? { mode: FROM_INPUT_MODE[i.mode] ?? i.mode } : {}),
      };
  }
  const outputs: Record<string, CommandJobOutput> = {};
  for (const [k, o] of Object.entries((props.outputs ?? {}) as Record<string, any>)) {
    if (!o) continue;
    outputs[k] = {
      type: isDataType(o.jobOutputType) ? o.jobOutputType : "uri_folder",
      ...(o.mode ? { mode: FROM_OUTPUT_MODE[o.mode] ?? o.mode } : {}),
      // Where the workspace put an output it was not told where to put (azureml/<job>/<output>/) is not the user's.
      ...(o.uri && !o.uri.startsWith(`azureml://datastores/workspaceblobstore/paths/azureml/${name}/`)
        ? { path: o.uri }
        : {}),
    };
  }
  const d = props.distribution;
  const distribution: Distribution | undefined = !d
    ? undefined
    : d.distributionType === "TensorFlow"
      ? dropUndefined({
          type: "tensorflow" as const,
          workerCount: d.workerCount ?? undefined,
          parameterServerCount: d.parameterServerCount ?? undefined,
        })
      : dropUndefined({
          type: d.distributionType === "Mpi" ? ("mpi" as const) : ("pytorch" as const),
          processCountPerInstance: d.processCountPerInstance ?? undefined,
        });
  const r = props.resources;
  const identity = Object.entries(IDENTITIES).find(([, v]) => v === props.identity?.identityType)?.[0];
  const timeout = props.limits?.timeout ? durationSeconds(String(props.limits.timeout)) : undefined;
  return {
    name,
    ...(props.displayName ? { displayName: props.displayName } : {}),
    ...(props.description ? { description: props.description } : {}),
    ...(props.experimentName ? { experimentName: props.experimentName } : {}),
    ...(props.tags && Object.keys(props.tags).length ? { tags: props.tags } : {}),
    command: props.command ?? "",
    environment: armIdToReference(String(props.environmentId ?? "")),
    ...(props.codeId ? { code: armIdToReference(String(props.codeId)) } : {}),
    ...(props.computeId ? { compute: armIdToReference(String(props.computeId)) } : {}),
    inputs,
    outputs,
    ...(props.environmentVariables && Object.keys(props.environmentVariables).length
      ? { environmentVariables: props.environmentVariables }
      : {}),
    ...(distribution ? { distribution } : {}),
    ...(r && (r.instanceCount || r.instanceType)
      ? {
          resources: dropUndefined({
            instanceCount: r.instanceCount ?? undefined,
            instanceType: r.instanceType ?? undefined,
            shmSize: r.shmSize ?? undefined,
            dockerArgs: r.dockerArgs ?? undefined,
          }),
        }
      : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(identity ? { identity: identity as CommandJobSpec["identity"] } : {}),
  };
}

/** The command job as the CLI v2 YAML mapping (the order the examples use). */
export function commandJobToYamlObject(spec: CommandJobSpec): Record<string, unknown> {
  const d = spec.distribution;
  return dropUndefined({
    $schema: COMMAND_JOB_SCHEMA,
    type: "command",
    name: spec.name,
    display_name: spec.displayName,
    description: spec.description,
    experiment_name: spec.experimentName,
    command: spec.command,
    code: spec.code,
    environment: spec.environment,
    compute: spec.compute,
    inputs: Object.keys(spec.inputs).length
      ? Object.fromEntries(
          Object.entries(spec.inputs).map(([k, i]) => [
            k,
            i.kind === "literal" ? i.value : dropUndefined({ type: i.type, path: i.path, mode: i.mode }),
          ]),
        )
      : undefined,
    outputs: Object.keys(spec.outputs).length
      ? Object.fromEntries(
          Object.entries(spec.outputs).map(([k, o]) => [
            k,
            dropUndefined({ type: o.type, mode: o.mode, path: o.path }),
          ]),
        )
      : undefined,
    environment_variables: spec.environmentVariables,
    distribution: d
      ? d.type === "tensorflow"
        ? dropUndefined({ type: d.type, worker_count: d.workerCount, parameter_server_count: d.parameterServerCount })
        : dropUndefined({ type: d.type, process_count_per_instance: d.processCountPerInstance })
      : undefined,
    resources: spec.resources
      ? dropUndefined({
          instance_count: spec.resources.instanceCount,
          instance_type: spec.resources.instanceType,
          shm_size: spec.resources.shmSize,
          docker_args: spec.resources.dockerArgs,
        })
      : undefined,
    limits: spec.timeout !== undefined ? { timeout: spec.timeout } : undefined,
    identity: spec.identity ? { type: spec.identity } : undefined,
    tags: spec.tags,
  });
}

/** The command job as CLI v2 YAML text. */
export function exportCommandJobYaml(spec: CommandJobSpec): string {
  return stringify(commandJobToYamlObject(spec), { lineWidth: 0, aliasDuplicateObjects: false });
}
