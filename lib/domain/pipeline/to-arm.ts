/**
 * A PipelineGraph as the ARM `PipelineJob` body (JobBase properties, jobType "Pipeline") that
 * `client.jobs.createOrUpdate` sends. Step jobs use the snake_case keys Azure ML stores for the
 * untyped `jobs` dictionary (`job_input_type`, `job_output_type`), as the Azure ML SDK v2 writes them.
 */
import { azureLiteralText } from "./component-spec";
import { DATA_NODE_PORT, isDataType, type ComponentNode, type PipelineGraph } from "./types";

/** CLI v2 modes to the REST enum (InputDeliveryMode / OutputDeliveryMode). */
const INPUT_MODES: Record<string, string> = {
  ro_mount: "ReadOnlyMount",
  rw_mount: "ReadWriteMount",
  download: "Download",
  direct: "Direct",
  eval_mount: "EvalMount",
  eval_download: "EvalDownload",
};
const OUTPUT_MODES: Record<string, string> = { rw_mount: "ReadWriteMount", upload: "Upload", direct: "Direct" };

export interface ArmRefs {
  /** The ARM id of the component version each step runs (…/components/<name>/versions/<v>). */
  componentId(node: ComponentNode): string;
  /** The ARM id of a compute given as `azureml:<name>` or `<name>`. */
  computeId(ref: string): string;
}

export const inputMode = (m?: string) => (m ? (INPUT_MODES[m] ?? m) : undefined);
export const outputMode = (m?: string) => (m ? (OUTPUT_MODES[m] ?? m) : undefined);
/** A data path as ARM wants a uri: `azureml:name@latest` / `azureml:name:1` stay references. */
const uriOf = (path: string) => path;

export function toPipelineJobProperties(g: PipelineGraph, refs: ArmRefs) {
  const inputs: Record<string, Record<string, unknown>> = {};
  for (const [name, i] of Object.entries(g.inputs)) {
    inputs[name] = isDataType(i.type)
      ? {
          jobInputType: i.type,
          uri: uriOf(i.path ?? ""),
          ...(i.mode ? { mode: inputMode(i.mode) } : {}),
          ...(i.description ? { description: i.description } : {}),
        }
      : {
          jobInputType: "literal",
          value: i.value === undefined ? "" : azureLiteralText(i.value),
          ...(i.description ? { description: i.description } : {}),
        };
  }
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const [name, o] of Object.entries(g.outputs)) {
    outputs[name] = {
      jobOutputType: o.type ?? "uri_folder",
      ...(o.mode ? { mode: outputMode(o.mode) } : {}),
      ...(o.path ? { uri: o.path } : {}),
      ...(o.description ? { description: o.description } : {}),
    };
  }
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const jobs: Record<string, Record<string, unknown>> = {};
  for (const n of g.nodes) {
    if (n.kind !== "component") continue;
    const stepInputs: Record<string, Record<string, unknown>> = {};
    for (const [port, b] of Object.entries(n.inputs)) {
      stepInputs[port] = {
        job_input_type: "literal",
        value: b.kind === "literal" ? azureLiteralText(b.value) : `\${{parent.inputs.${b.input}}}`,
      };
    }
    for (const e of g.edges) {
      if (e.target !== n.id) continue;
      const src = byId.get(e.source);
      if (src?.kind === "data" && e.sourcePort === DATA_NODE_PORT)
        stepInputs[e.targetPort] = {
          job_input_type: src.dataType,
          uri: uriOf(src.path),
          ...(src.mode ? { mode: inputMode(src.mode) } : {}),
        };
      else
        stepInputs[e.targetPort] = {
          job_input_type: "literal",
          value: `\${{parent.jobs.${e.source}.outputs.${e.sourcePort}}}`,
        };
    }
    const stepOutputs: Record<string, Record<string, unknown>> = {};
    for (const [port, o] of Object.entries(n.outputs)) {
      const type = n.component.outputs[port]?.type ?? "uri_folder";
      if (o.parentOutput) stepOutputs[port] = { value: `\${{parent.outputs.${o.parentOutput}}}`, type: "literal" };
      else if (o.mode || o.path)
        stepOutputs[port] = {
          job_output_type: type,
          ...(o.mode ? { mode: outputMode(o.mode) } : {}),
          ...(o.path ? { uri: o.path } : {}),
        };
    }
    jobs[n.id] = {
      name: n.id,
      type: "command",
      componentId: refs.componentId(n),
      ...(n.displayName ? { display_name: n.displayName } : {}),
      ...(n.compute ? { computeId: refs.computeId(n.compute) } : {}),
      inputs: stepInputs,
      outputs: stepOutputs,
      ...(n.extra ?? {}),
    };
  }
  const settings: Record<string, unknown> = { ...(g.settings.extra ?? {}) };
  if (g.settings.defaultCompute) settings.default_compute = refs.computeId(g.settings.defaultCompute);
  if (g.settings.defaultDatastore) settings.default_datastore = g.settings.defaultDatastore;
  if (g.settings.continueOnStepFailure !== undefined)
    settings.continue_on_step_failure = g.settings.continueOnStepFailure;
  return {
    jobType: "Pipeline" as const,
    ...(g.displayName ? { displayName: g.displayName } : {}),
    ...(g.description ? { description: g.description } : {}),
    experimentName: g.experimentName ?? "Default",
    ...(g.tags ? { tags: g.tags } : {}),
    ...(g.settings.defaultCompute ? { computeId: refs.computeId(g.settings.defaultCompute) } : {}),
    inputs,
    outputs,
    jobs,
    settings,
  };
}
