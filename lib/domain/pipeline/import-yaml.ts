/**
 * Import of Azure ML CLI v2 pipeline job YAML (`type: pipeline`) into a PipelineGraph.
 *
 * Two steps, so the caller can do the I/O in between:
 * 1. `readPipelineYaml(text)` checks syntax and shape and lists the component references
 *    (`./file.yml`, `azureml:name:version`, `azureml:name@label`; inline components need none);
 * 2. `buildPipelineGraph(parsed, resolve)` builds the graph with the resolved components.
 * Any problem throws YamlImportError with every problem found and its line and column; nothing is
 * half-imported.
 */
import { compatibility } from "./compatibility";
import { coerceLiteral, componentFromSpec, inferLiteralType, literalProblem } from "./component-spec";
import { dataBaseName, edgeId, findCycles, NODE_NAME_RE, uniqueNodeId } from "./graph";
import { layoutGraph } from "./layout";
import {
  DATA_NODE_PORT,
  isDataType,
  isIoType,
  type ComponentNode,
  type ComponentSpec,
  type DataNode,
  type DataType,
  type InputBinding,
  type Literal,
  type OutputBinding,
  type PipelineEdge,
  type PipelineGraph,
  type PipelineInput,
  type PipelineOutput,
  type YamlProblem,
} from "./types";
import { isRecord, readYaml, YamlImportError, type YamlSource } from "./yaml-source";
import { wrongKindMessage, yamlFileKind } from "../yaml-kind";

export const PARENT_INPUT_RE = /^\$\{\{\s*parent\.inputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
export const PARENT_OUTPUT_RE = /^\$\{\{\s*parent\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
export const JOB_OUTPUT_RE =
  /^\$\{\{\s*parent\.jobs\.([a-zA-Z_][a-zA-Z0-9_]*)\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;

/** Job keys the designer edits itself; every other key of a job is kept in `extra`. */
const JOB_KEYS = new Set(["type", "component", "compute", "inputs", "outputs", "display_name"]);
/** A step written as a command job also carries its component's own keys. */
const INLINE_COMMAND_KEYS = new Set([...JOB_KEYS, "command", "environment", "code"]);
/** A step written as a command job: `command:` on the step and no `component:`. */
const isInlineCommandStep = (job: Record<string, unknown>) =>
  job.component === undefined && typeof job.command === "string";
const SETTINGS_KEYS = new Set(["default_compute", "default_datastore", "continue_on_step_failure"]);

export interface ComponentRefUse {
  job: string;
  ref: string;
  /** Where the reference is written, for error messages. */
  line?: number;
  col?: number;
}

export interface ParsedPipeline {
  src: YamlSource;
  doc: Record<string, unknown>;
  jobs: Record<string, Record<string, unknown>>;
  /** Component references to resolve (inline components are not listed). */
  componentRefs: ComponentRefUse[];
}

/** A component reference the caller resolves: a file next to the YAML or a registered component. */
export type ResolveComponent = (ref: string) => ComponentSpec | undefined;

export function readPipelineYaml(text: string): ParsedPipeline {
  const src = readYaml(text, "Pipeline YAML");
  const problems: YamlProblem[] = [];
  const doc = src.value;
  if (!isRecord(doc))
    throw new YamlImportError([
      { message: "A pipeline YAML must be a mapping with type: pipeline and jobs.", pos: { line: 1, col: 1 } },
    ]);
  const kind = yamlFileKind(doc);
  if (kind !== "pipeline-job")
    throw new YamlImportError([
      src.problem(
        doc.$schema !== undefined ? ["$schema"] : doc.type !== undefined ? ["type"] : [],
        wrongKindMessage(kind, "a pipeline job"),
      ),
    ]);
  if (!isRecord(doc.jobs) || Object.keys(doc.jobs).length === 0)
    problems.push(src.problem(["jobs"], "jobs is required: a mapping of step name to job."));
  const jobs: Record<string, Record<string, unknown>> = {};
  const componentRefs: ComponentRefUse[] = [];
  if (isRecord(doc.jobs)) {
    for (const [name, job] of Object.entries(doc.jobs)) {
      if (!NODE_NAME_RE.test(name))
        problems.push(
          src.problem(
            ["jobs", name],
            `Job name "${name}" is invalid: letters, digits and '_', not starting with a digit.`,
          ),
        );
      if (!isRecord(job)) {
        problems.push(src.problem(["jobs", name], `Job "${name}" must be a mapping with type and component.`));
        continue;
      }
      const type = job.type ?? "command";
      if (type !== "command")
        problems.push(
          src.problem(
            ["jobs", name, "type"],
            `Job "${name}" has type "${String(type)}"; the designer runs command steps only${type === "sweep" ? " (submit a sweep as its own job: Jobs → Create job)" : ""}.`,
          ),
        );
      const c = job.component;
      if (isInlineCommandStep(job)) {
        // Its component is derived from the step itself when the graph is built: nothing to resolve.
      } else if (typeof c === "string") {
        if (!c.trim())
          problems.push(src.problem(["jobs", name, "component"], `Job "${name}" has an empty component reference.`));
        else {
          const pos = src.positionOf(["jobs", name, "component"]);
          componentRefs.push({ job: name, ref: c.trim(), line: pos?.line, col: pos?.col });
        }
      } else if (!isRecord(c))
        problems.push(
          src.problem(
            ["jobs", name, "component"],
            `Job "${name}" needs a component (a file such as ./component.yml, a registered component azureml:name:version or an inline definition) or a command with its environment.`,
          ),
        );
      jobs[name] = job;
    }
  }
  if (problems.length) throw new YamlImportError(problems);
  return { src, doc, jobs, componentRefs };
}

/** True for references to registered components (`azureml:name:version`, `azureml:name@label`, `azureml:name`). */
export const isRegisteredRef = (ref: string) => /^azureml:(?!\/\/)/.test(ref);

/** The relative file path of a file reference (`./c.yml`, `file:./c.yml`), or null for registered references. */
export function componentFileOf(ref: string): string | null {
  if (isRegisteredRef(ref) || ref.startsWith("azureml://")) return null;
  return ref.replace(/^file:/, "");
}

/** Splits `azureml:name:version` / `azureml:name@label` / `azureml:name`. */
export function parseRegisteredRef(ref: string): { name: string; version?: string; label?: string } | null {
  const m = /^azureml:([a-zA-Z_][a-zA-Z0-9_.-]*)(?::([a-zA-Z0-9][a-zA-Z0-9_.-]*)|@([a-zA-Z0-9_.-]+))?$/.exec(ref);
  if (!m) return null;
  return { name: m[1], ...(m[2] ? { version: m[2] } : {}), ...(m[3] ? { label: m[3] } : {}) };
}

type Report = (path: (string | number)[], message: string) => void;
type PendingEdge = { edge: Omit<PipelineEdge, "id">; path: (string | number)[] };
/** What building the steps shares: the pipeline's inputs and outputs, node names taken, data nodes made from input paths, edges to check once every node exists. */
type StepContext = {
  p: Report;
  /** Every job of the pipeline as written (a step written as a command job types its inputs from upstream). */
  jobs: ParsedPipeline["jobs"];
  graph: PipelineGraph;
  taken: Set<string>;
  dataNodes: Map<string, DataNode>;
  pendingEdges: PendingEdge[];
};

/**
 * The parsed pipeline with its components resolved → the graph, laid out. Every problem is collected (with its
 * line and column) and thrown together as one YamlImportError.
 */
export function buildPipelineGraph(parsed: ParsedPipeline, resolve: ResolveComponent): PipelineGraph {
  const { src, doc, jobs } = parsed;
  const problems: YamlProblem[] = [];
  const p: Report = (path, msg) => problems.push(src.problem(path, msg));

  const { inputs, outputs } = readPipelineInterface(doc, p);
  const graph = pipelineShell(doc, p, inputs, outputs);
  const steps: StepContext = {
    p,
    jobs,
    graph,
    taken: new Set(Object.keys(jobs)),
    dataNodes: new Map(),
    pendingEdges: [],
  };
  for (const [name, job] of Object.entries(jobs)) {
    const node = readStep(steps, name, job, resolve);
    if (node) graph.nodes.push(node);
  }
  graph.nodes.push(...steps.dataNodes.values());
  connectSteps(graph, steps.pendingEdges, jobs, p);
  const cycles = findCycles(graph);
  for (const cycle of cycles)
    p(["jobs", cycle[0]], `The jobs form a cycle: ${[...cycle, cycle[0]].join(" → ")}. A pipeline must not loop.`);
  if (problems.length) throw new YamlImportError(problems);
  return layoutGraph(graph);
}

/** The pipeline's own inputs and outputs. */
function readPipelineInterface(doc: Record<string, any>, p: Report) {
  const inputs: Record<string, PipelineInput> = {};
  if (doc.inputs !== undefined && doc.inputs !== null) {
    if (!isRecord(doc.inputs)) p(["inputs"], "inputs must be a mapping.");
    else
      for (const [name, raw] of Object.entries(doc.inputs)) {
        const input = readPipelineInput(raw);
        if (typeof input === "string") p(["inputs", name], `Pipeline input "${name}": ${input}`);
        else inputs[name] = input;
      }
  }
  const outputs: Record<string, PipelineOutput> = {};
  if (doc.outputs !== undefined && doc.outputs !== null) {
    if (!isRecord(doc.outputs)) p(["outputs"], "outputs must be a mapping.");
    else
      for (const [name, raw] of Object.entries(doc.outputs)) {
        if (raw === null || raw === undefined) {
          outputs[name] = {};
          continue;
        }
        if (!isRecord(raw)) {
          p(["outputs", name], `Pipeline output "${name}" must be a mapping (type, mode, path) or empty.`);
          continue;
        }
        const out: PipelineOutput = {};
        if (raw.type !== undefined) {
          if (!isDataType(String(raw.type)))
            p(
              ["outputs", name, "type"],
              `Pipeline output "${name}" has type "${String(raw.type)}"; outputs are data types.`,
            );
          else out.type = raw.type as DataType;
        }
        if (typeof raw.mode === "string") out.mode = raw.mode;
        if (typeof raw.path === "string") out.path = raw.path;
        if (typeof raw.description === "string") out.description = raw.description;
        outputs[name] = out;
      }
  }

  return { inputs, outputs };
}

/** The graph without steps: names, settings, inputs and outputs. */
function pipelineShell(
  doc: Record<string, any>,
  p: Report,
  inputs: Record<string, PipelineInput>,
  outputs: Record<string, PipelineOutput>,
): PipelineGraph {
  const settingsRaw = isRecord(doc.settings) ? doc.settings : {};
  if (doc.settings !== undefined && doc.settings !== null && !isRecord(doc.settings))
    p(["settings"], "settings must be a mapping.");
  const extraSettings = Object.fromEntries(Object.entries(settingsRaw).filter(([k]) => !SETTINGS_KEYS.has(k)));
  const defaultCompute =
    (settingsRaw.default_compute as string | undefined) ?? (typeof doc.compute === "string" ? doc.compute : undefined);
  return {
    ...(typeof doc.display_name === "string" ? { displayName: doc.display_name } : {}),
    ...(typeof doc.description === "string" ? { description: doc.description } : {}),
    ...(typeof doc.experiment_name === "string" ? { experimentName: doc.experiment_name } : {}),
    ...(isRecord(doc.tags)
      ? { tags: Object.fromEntries(Object.entries(doc.tags).map(([k, v]) => [k, String(v)])) }
      : {}),
    settings: {
      ...(typeof defaultCompute === "string" ? { defaultCompute } : {}),
      ...(typeof settingsRaw.default_datastore === "string" ? { defaultDatastore: settingsRaw.default_datastore } : {}),
      ...(typeof settingsRaw.continue_on_step_failure === "boolean"
        ? { continueOnStepFailure: settingsRaw.continue_on_step_failure }
        : {}),
      ...(Object.keys(extraSettings).length ? { extra: extraSettings } : {}),
    },
    inputs,
    outputs,
    nodes: [],
    edges: [],
  };
}

/** One job of the pipeline as a component node (null when its component is missing or invalid: reported). */
function readStep(
  ctx: StepContext,
  name: string,
  job: Record<string, any>,
  resolve: ResolveComponent,
): ComponentNode | null {
  const { p } = ctx;
  let component: ComponentSpec | undefined;
  let componentRef: string;
  const inlineCommand = isInlineCommandStep(job);
  if (inlineCommand) {
    componentRef = "inline";
    component = inlineCommandComponent(ctx, name, job, resolve) ?? undefined;
    if (!component) return null;
  } else if (isRecord(job.component)) {
    componentRef = "inline";
    try {
      component = componentFromSpec({ name: name, ...job.component });
    } catch (e) {
      if (!(e instanceof YamlImportError)) throw e;
      for (const inner of e.problems)
        p(
          ["jobs", name, "component", ...(inner.path ? inner.path.split(".") : [])],
          `Inline component of job "${name}": ${inner.message}`,
        );
      return null;
    }
  } else {
    componentRef = String(job.component).trim();
    component = resolve(componentRef);
    if (!component) {
      p(
        ["jobs", name, "component"],
        isRegisteredRef(componentRef)
          ? `Job "${name}" uses component ${componentRef}, which is not registered in this workspace.`
          : `Job "${name}" uses component file ${componentRef}, which was not provided: add it with the pipeline YAML.`,
      );
      return null;
    }
  }
  const node: ComponentNode = {
    kind: "component",
    id: name,
    componentRef,
    component,
    inputs: {},
    outputs: {},
    position: { x: 0, y: 0 },
    ...(inlineCommand ? { inlineCommand: true as const } : {}),
  };
  if (typeof job.display_name === "string") node.displayName = job.display_name;
  if (job.compute !== undefined && job.compute !== null) {
    if (typeof job.compute !== "string")
      p(["jobs", name, "compute"], `Job "${name}": compute must be a name such as azureml:cpu-cluster.`);
    else node.compute = job.compute;
  }
  const own = inlineCommand ? INLINE_COMMAND_KEYS : JOB_KEYS;
  const extra = Object.fromEntries(Object.entries(job).filter(([k]) => !own.has(k)));
  if (Object.keys(extra).length) node.extra = extra;

  bindStepInputs(ctx, name, job, node);
  bindStepOutputs(ctx, name, job, node);
  return node;
}

/** A job's inputs: pipeline-input bindings, step outputs (edges, checked later), data paths (data nodes), literals. */
function bindStepInputs(ctx: StepContext, name: string, job: Record<string, any>, node: ComponentNode) {
  const { p, graph, taken, dataNodes, pendingEdges } = ctx;
  const { component } = node;
  const inputs = graph.inputs;
  if (job.inputs !== undefined && job.inputs !== null && !isRecord(job.inputs))
    p(["jobs", name, "inputs"], `Job "${name}": inputs must be a mapping.`);
  for (const [port, raw] of Object.entries(isRecord(job.inputs) ? job.inputs : {})) {
    const at = ["jobs", name, "inputs", port];
    const spec = component.inputs[port];
    if (!spec) {
      p(
        at,
        `Job "${name}" sets input "${port}", but component ${component.name} has no such input (it has ${Object.keys(component.inputs).join(", ") || "none"}).`,
      );
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const expr =
      typeof raw === "string"
        ? raw.trim()
        : isRecord(raw) && typeof raw.path === "string" && /^\$\{\{/.test(raw.path)
          ? raw.path.trim()
          : null;
    const parentIn = expr ? PARENT_INPUT_RE.exec(expr) : null;
    const jobOut = expr ? JOB_OUTPUT_RE.exec(expr) : null;
    if (parentIn) {
      const parent = inputs[parentIn[1]];
      if (!parent)
        p(
          at,
          `Job "${name}" input "${port}" is bound to pipeline input "${parentIn[1]}", which the pipeline does not declare.`,
        );
      else {
        const c = compatibility(parent.type, spec.type);
        if (!c.ok) p(at, `Job "${name}" input "${port}" ← pipeline input ${parentIn[1]}: ${c.reason}`);
        else if (!isDataType(parent.type) && parent.value !== undefined && !isDataType(spec.type)) {
          const problem = literalProblem(spec, parent.value);
          if (problem) p(at, `Job "${name}" input "${port}" ← pipeline input ${parentIn[1]}: ${problem}`);
        }
      }
      node.inputs[port] = { kind: "parent", input: parentIn[1] };
    } else if (jobOut) {
      pendingEdges.push({
        edge: { source: jobOut[1], sourcePort: jobOut[2], target: name, targetPort: port },
        path: at,
      });
    } else if (isRecord(raw)) {
      if (typeof raw.path === "string") {
        const t = String(raw.type ?? spec.type);
        if (!isDataType(t)) {
          p(at, `Job "${name}" input "${port}" has a path, so its type must be a data type, not "${t}".`);
          continue;
        }
        const c = compatibility(t, spec.type);
        if (!c.ok) {
          p(at, `Job "${name}" input "${port}": ${c.reason}`);
          continue;
        }
        const mode = typeof raw.mode === "string" ? raw.mode : undefined;
        const key = `${t}\u0000${raw.path}\u0000${mode ?? ""}`;
        let data = dataNodes.get(key);
        if (!data) {
          const id = uniqueNodeId({ ...graph, nodes: [] }, `data_${dataBaseName(raw.path)}`, taken);
          taken.add(id);
          data = {
            kind: "data",
            id,
            dataType: t,
            path: raw.path,
            ...(mode ? { mode } : {}),
            position: { x: 0, y: 0 },
          };
          dataNodes.set(key, data);
        }
        pendingEdges.push({
          edge: { source: data.id, sourcePort: DATA_NODE_PORT, target: name, targetPort: port },
          path: at,
        });
      } else if (raw.value !== undefined || raw.default !== undefined) {
        const v = (raw.value ?? raw.default) as Literal;
        const binding = literalBinding(spec.type, v);
        if (typeof binding === "string") p(at, `Job "${name}" input "${port}": ${binding}`);
        else node.inputs[port] = binding;
      } else p(at, `Job "${name}" input "${port}" needs a value, a path or a \${{parent…}} binding.`);
    } else if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") {
      if (isDataType(spec.type)) {
        p(
          at,
          `Job "${name}" input "${port}" takes ${spec.type} data; give it as {type: ${spec.type}, path: …} or bind it to a step output.`,
        );
        continue;
      }
      const problem = literalProblem(spec, raw);
      if (problem && !(typeof raw === "string" && raw.includes("${{"))) {
        p(at, `Job "${name}" input "${port}": ${problem}`);
        continue;
      }
      node.inputs[port] = {
        kind: "literal",
        value: typeof raw === "string" && raw.includes("${{") ? raw : coerceLiteral(spec.type, raw),
      };
    } else p(at, `Job "${name}" input "${port}" has a value of an unsupported kind.`);
  }
}

/** A job's outputs: bound to a pipeline output, or given a mode and path. */
function bindStepOutputs(ctx: StepContext, name: string, job: Record<string, any>, node: ComponentNode) {
  const { p } = ctx;
  const { component } = node;
  const outputs = ctx.graph.outputs;
  if (job.outputs !== undefined && job.outputs !== null && !isRecord(job.outputs))
    p(["jobs", name, "outputs"], `Job "${name}": outputs must be a mapping.`);
  for (const [port, raw] of Object.entries(isRecord(job.outputs) ? job.outputs : {})) {
    const at = ["jobs", name, "outputs", port];
    if (!(port in component.outputs)) {
      p(
        at,
        `Job "${name}" sets output "${port}", but component ${component.name} has no such output (it has ${Object.keys(component.outputs).join(", ") || "none"}).`,
      );
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const out: OutputBinding = {};
    if (typeof raw === "string") {
      const m = PARENT_OUTPUT_RE.exec(raw.trim());
      if (!m) {
        p(at, `Job "${name}" output "${port}" must be \${{parent.outputs.<name>}} or a mapping (mode, path).`);
        continue;
      }
      out.parentOutput = m[1];
    } else if (isRecord(raw)) {
      if (typeof raw.mode === "string") out.mode = raw.mode;
      if (typeof raw.path === "string") {
        const m = PARENT_OUTPUT_RE.exec(raw.path.trim());
        if (m) out.parentOutput = m[1];
        else out.path = raw.path;
      }
      const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "mode" && k !== "path"));
      if (Object.keys(extra).length) out.extra = extra;
    } else {
      p(at, `Job "${name}" output "${port}" has a value of an unsupported kind.`);
      continue;
    }
    if (out.parentOutput && !(out.parentOutput in outputs))
      p(
        at,
        `Job "${name}" output "${port}" is bound to pipeline output "${out.parentOutput}", which the pipeline does not declare.`,
      );
    node.outputs[port] = out;
  }
}

/** The edges from step outputs and data nodes, once every node exists: each checked for a source and compatible types. */
function connectSteps(graph: PipelineGraph, pendingEdges: PendingEdge[], jobs: ParsedPipeline["jobs"], p: Report) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const { edge, path } of pendingEdges) {
    const src = byId.get(edge.source);
    const dst = byId.get(edge.target) as ComponentNode | undefined;
    if (!dst) continue; // its own problem is reported already
    if (!src) {
      if (!(edge.source in jobs))
        p(
          path,
          `Job "${edge.target}" input "${edge.targetPort}" uses the output of job "${edge.source}", which the pipeline does not have.`,
        );
      continue;
    }
    if (src.kind === "component" && !(edge.sourcePort in src.component.outputs)) {
      p(
        path,
        `Job "${edge.target}" input "${edge.targetPort}" uses output "${edge.sourcePort}" of job "${edge.source}", whose component ${src.component.name} has no such output.`,
      );
      continue;
    }
    const from = src.kind === "data" ? src.dataType : src.component.outputs[edge.sourcePort].type;
    const to = dst.component.inputs[edge.targetPort].type;
    const c = compatibility(from, to);
    if (!c.ok) {
      p(path, `Job "${edge.target}" input "${edge.targetPort}" ← ${edge.source}.${edge.sourcePort}: ${c.reason}`);
      continue;
    }
    graph.edges.push({ ...edge, id: edgeId(edge) });
  }
}

/**
 * The anonymous component of a step written as a command job, as `az ml job create` derives it: the command,
 * environment and code of the step; each input's type from what is bound to it (a literal's own type, a data
 * input's type, the pipeline input's or the upstream output's type); each output's declared type (uri_folder when
 * the step says only its name). Null when it is not a valid component (reported at the step).
 */
function inlineCommandComponent(
  ctx: StepContext,
  name: string,
  job: Record<string, any>,
  resolve: ResolveComponent,
): ComponentSpec | null {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const [port, raw] of Object.entries(isRecord(job.inputs) ? job.inputs : {})) {
    const type = inlineInputType(ctx, raw, resolve);
    inputs[port] = { type, ...(raw === null || raw === undefined ? { optional: true } : {}) };
  }
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const [port, raw] of Object.entries(isRecord(job.outputs) ? job.outputs : {})) {
    const declared = isRecord(raw) && typeof raw.type === "string" ? raw.type : undefined;
    const parent = typeof raw === "string" ? PARENT_OUTPUT_RE.exec(raw.trim()) : null;
    outputs[port] = { type: declared ?? (parent && ctx.graph.outputs[parent[1]]?.type) ?? "uri_folder" };
  }
  const source: Record<string, unknown> = {
    name,
    type: "command",
    command: job.command,
    environment: job.environment,
    ...(job.code !== undefined ? { code: job.code } : {}),
    ...(Object.keys(inputs).length ? { inputs } : {}),
    ...(Object.keys(outputs).length ? { outputs } : {}),
  };
  try {
    return componentFromSpec(source);
  } catch (e) {
    if (!(e instanceof YamlImportError)) throw e;
    for (const inner of e.problems) {
      const path = inner.path ? inner.path.split(".") : [];
      ctx.p(["jobs", name, ...path], `Job "${name}": ${inner.message}`);
    }
    return null;
  }
}

/** The type an inline step's input takes from what is bound to it. */
function inlineInputType(ctx: StepContext, raw: unknown, resolve: ResolveComponent): string {
  if (typeof raw === "number" || typeof raw === "boolean") return inferLiteralType(raw);
  const expr = typeof raw === "string" ? raw.trim() : isRecord(raw) && typeof raw.path === "string" ? raw.path : null;
  const parentIn = expr ? PARENT_INPUT_RE.exec(expr) : null;
  if (parentIn) return ctx.graph.inputs[parentIn[1]]?.type ?? "string";
  const jobOut = expr ? JOB_OUTPUT_RE.exec(expr) : null;
  if (jobOut)
    return (
      (isRecord(raw) && typeof raw.type === "string" ? raw.type : undefined) ??
      upstreamOutputType(ctx, jobOut[1], jobOut[2], resolve)
    );
  if (isRecord(raw)) {
    if (typeof raw.type === "string") return raw.type;
    if (typeof raw.path === "string") return "uri_folder";
    if (raw.value !== undefined || raw.default !== undefined)
      return inferLiteralType((raw.value ?? raw.default) as Literal);
  }
  return "string";
}

/** The declared type of another step's output (uri_folder, Azure ML's default, when it cannot be known here). */
function upstreamOutputType(ctx: StepContext, job: string, port: string, resolve: ResolveComponent): string {
  const upstream = ctx.jobs[job];
  if (!upstream) return "uri_folder";
  if (isInlineCommandStep(upstream)) {
    const out = isRecord(upstream.outputs) ? upstream.outputs[port] : undefined;
    return isRecord(out) && typeof out.type === "string" ? out.type : "uri_folder";
  }
  const c = upstream.component;
  if (isRecord(c)) {
    const out = isRecord(c.outputs) ? c.outputs[port] : undefined;
    return isRecord(out) && typeof out.type === "string" ? out.type : "uri_folder";
  }
  return (typeof c === "string" ? resolve(c.trim())?.outputs[port]?.type : undefined) ?? "uri_folder";
}

/** Reads, resolves and builds in one call (resolve must be synchronous). */
export function importPipelineYaml(text: string, resolve: ResolveComponent): PipelineGraph {
  return buildPipelineGraph(readPipelineYaml(text), resolve);
}

function literalBinding(type: string, v: Literal): InputBinding | string {
  if (isDataType(type)) return `takes ${type} data, not a value.`;
  const problem = literalProblem({ type: type as "string" }, v);
  if (problem) return problem;
  return { kind: "literal", value: coerceLiteral(type, v) };
}

function readPipelineInput(raw: unknown): PipelineInput | string {
  if (raw === null || raw === undefined) return "needs a value or a mapping with type.";
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean")
    return { type: inferLiteralType(raw), value: raw };
  if (!isRecord(raw)) return "must be a value or a mapping with type.";
  const t = String(
    raw.type ??
      (typeof raw.path === "string"
        ? "uri_folder"
        : raw.value !== undefined || raw.default !== undefined
          ? inferLiteralType((raw.value ?? raw.default) as Literal)
          : ""),
  );
  if (!isIoType(t))
    return `type "${t || "(none)"}" is not one of uri_file, uri_folder, mltable, mlflow_model, custom_model, string, integer, number, boolean.`;
  const input: PipelineInput = { type: t };
  if (isDataType(t)) {
    if (typeof raw.path === "string") input.path = raw.path;
    if (typeof raw.mode === "string") input.mode = raw.mode;
  } else {
    const v = (raw.value ?? raw.default) as Literal | undefined;
    if (v !== undefined) {
      const problem = literalProblem({ type: t }, v);
      if (problem) return problem;
      input.value = coerceLiteral(t, v);
    }
  }
  if (typeof raw.description === "string") input.description = raw.description;
  if (typeof raw.optional === "boolean") input.optional = raw.optional;
  return input;
}
