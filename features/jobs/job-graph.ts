/**
 * A submitted PipelineJob (ARM body) back to the designer's graph model: what the job page draws with live
 * status, and what "clone into the designer" saves as a draft. The inverse of toPipelineJobProperties.
 */
import { parseAssetVersionId } from "@/lib/domain/arm-names";
import {
  DATA_NODE_PORT,
  isDataType,
  layoutGraph,
  type ComponentNode,
  type ComponentSpec,
  type DataNode,
  type DataType,
  type PipelineEdge,
  type PipelineGraph,
  type PipelineInput,
} from "@/lib/domain/pipeline";

const STEP_REF_RE = /^\$\{\{\s*parent\.jobs\.([a-zA-Z_][a-zA-Z0-9_]*)\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
const PARENT_IN_RE = /^\$\{\{\s*parent\.inputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
const PARENT_OUT_RE = /^\$\{\{\s*parent\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
const INPUT_MODES: Record<string, string> = {
  ReadOnlyMount: "ro_mount",
  ReadWriteMount: "rw_mount",
  Download: "download",
  Direct: "direct",
  EvalMount: "eval_mount",
  EvalDownload: "eval_download",
  Upload: "upload",
};

type Raw = Record<string, any>;

/** `…/components/<name>/versions/<v>` → `azureml:<name>:<v>` (what the designer shows and exports). */
export function componentRefOf(componentId: string): string {
  const m = parseAssetVersionId(componentId, ["components"]);
  return m ? `azureml:${m.name}:${m.version}` : componentId;
}

const computeRef = (id: unknown) =>
  typeof id === "string" && id
    ? `azureml:${id
        .replace(/^azureml:/, "")
        .split("/")
        .pop()}`
    : undefined;

/** A stand-in spec when a step's component can no longer be read: ports from the step's bindings. */
export function placeholderSpec(step: Raw): ComponentSpec {
  const name =
    componentRefOf(String(step.componentId ?? "unknown"))
      .replace(/^azureml:/, "")
      .split(":")[0] || "unknown";
  return {
    name,
    type: "command",
    command: "",
    environment: "",
    source: {},
    inputs: Object.fromEntries(
      Object.keys(step.inputs ?? {}).map((k) => [k, { type: "string" as const, optional: true }]),
    ),
    outputs: Object.fromEntries(Object.keys(step.outputs ?? {}).map((k) => [k, { type: "uri_folder" as const }])),
  };
}

export function pipelineJobGraph(props: Raw, specOf: (componentId: string) => ComponentSpec | null): PipelineGraph {
  const inputs: Record<string, PipelineInput> = {};
  for (const [name, i] of Object.entries((props.inputs ?? {}) as Record<string, Raw | null>)) {
    if (!i) continue;
    const t = String(i.jobInputType ?? i.job_input_type ?? "literal");
    inputs[name] =
      t === "literal"
        ? { type: "string", value: i.value ?? "" }
        : {
            type: (isDataType(t) ? t : "uri_folder") as DataType,
            path: i.uri,
            ...(i.mode ? { mode: INPUT_MODES[i.mode] ?? i.mode } : {}),
          };
  }
  const outputs: PipelineGraph["outputs"] = {};
  for (const [name, o] of Object.entries((props.outputs ?? {}) as Record<string, Raw | null>)) {
    const t = String(o?.jobOutputType ?? "uri_folder");
    outputs[name] = {
      type: (isDataType(t) ? t : "uri_folder") as DataType,
      ...(o?.mode ? { mode: INPUT_MODES[o.mode] ?? o.mode } : {}),
    };
  }
  const nodes: (ComponentNode | DataNode)[] = [];
  const edges: PipelineEdge[] = [];
  for (const [id, step] of Object.entries((props.jobs ?? {}) as Record<string, Raw>)) {
    const component = (step.componentId && specOf(step.componentId)) || placeholderSpec(step);
    const node: ComponentNode = {
      kind: "component",
      id,
      componentRef: step.componentId ? componentRefOf(step.componentId) : "inline",
      component,
      ...(step.display_name ? { displayName: step.display_name } : {}),
      ...(computeRef(step.computeId) ? { compute: computeRef(step.computeId) } : {}),
      inputs: {},
      outputs: {},
      position: { x: 0, y: 0 },
    };
    for (const [port, raw] of Object.entries((step.inputs ?? {}) as Record<string, Raw | null>)) {
      if (!raw) continue;
      const t = String(raw.job_input_type ?? raw.jobInputType ?? "literal");
      const value = typeof raw.value === "string" ? raw.value.trim() : raw.value;
      const stepRef = typeof value === "string" ? STEP_REF_RE.exec(value) : null;
      const parentRef = typeof value === "string" ? PARENT_IN_RE.exec(value) : null;
      if (stepRef)
        edges.push({
          id: `${stepRef[1]}.${stepRef[2]}->${id}.${port}`,
          source: stepRef[1],
          sourcePort: stepRef[2],
          target: id,
          targetPort: port,
        });
      else if (parentRef) node.inputs[port] = { kind: "parent", input: parentRef[1] };
      else if (t !== "literal" && typeof raw.uri === "string") {
        const dataId = `${id}_${port}_data`;
        nodes.push({
          kind: "data",
          id: dataId,
          dataType: (isDataType(t) ? t : "uri_folder") as DataType,
          path: raw.uri,
          ...(raw.mode ? { mode: INPUT_MODES[raw.mode] ?? raw.mode } : {}),
          position: { x: 0, y: 0 },
        });
        edges.push({
          id: `${dataId}->${id}.${port}`,
          source: dataId,
          sourcePort: DATA_NODE_PORT,
          target: id,
          targetPort: port,
        });
      } else if (value !== undefined && value !== null) node.inputs[port] = { kind: "literal", value: String(value) };
    }
    for (const [port, raw] of Object.entries((step.outputs ?? {}) as Record<string, Raw | null>)) {
      const m = typeof raw?.value === "string" ? PARENT_OUT_RE.exec(raw.value.trim()) : null;
      node.outputs[port] = m
        ? { parentOutput: m[1] }
        : { ...(raw?.mode ? { mode: INPUT_MODES[raw.mode] ?? raw.mode } : {}) };
    }
    nodes.push(node);
  }
  const settings = props.settings ?? {};
  const graph: PipelineGraph = {
    ...(props.displayName ? { displayName: props.displayName } : {}),
    ...(props.description ? { description: props.description } : {}),
    ...(props.experimentName ? { experimentName: props.experimentName } : {}),
    settings: {
      ...(computeRef(settings.default_compute ?? props.computeId)
        ? { defaultCompute: computeRef(settings.default_compute ?? props.computeId) }
        : {}),
      ...(settings.default_datastore ? { defaultDatastore: settings.default_datastore } : {}),
      ...(settings.continue_on_step_failure !== undefined
        ? { continueOnStepFailure: !!settings.continue_on_step_failure }
        : {}),
    },
    inputs,
    outputs,
    nodes,
    edges,
  };
  // layoutGraph switches to a linear-time layered layout on big graphs (1,000 steps in ~10 ms).
  return layoutGraph(graph);
}
