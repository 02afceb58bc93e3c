/**
 * Export of a PipelineGraph to Azure ML CLI v2 pipeline job YAML, the form importPipelineYaml reads:
 * steps become `jobs`, edges become `${{parent.jobs.<job>.outputs.<port>}}`, data nodes are inlined
 * as `{type, path, mode}` into every input they feed.
 */
import { stringify } from "yaml";
import { inferLiteralType } from "./component-spec";
import { DATA_NODE_PORT, isDataType, type ComponentNode, type DataNode, type PipelineGraph } from "./types";

export const PIPELINE_SCHEMA = "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json";

/** The YAML document as a plain object (also what the ARM conversion starts from). */
export function pipelineToYamlObject(g: PipelineGraph): Record<string, unknown> {
  const doc: Record<string, unknown> = { $schema: PIPELINE_SCHEMA, type: "pipeline" };
  if (g.displayName) doc.display_name = g.displayName;
  if (g.description) doc.description = g.description;
  if (g.experimentName) doc.experiment_name = g.experimentName;
  if (g.tags && Object.keys(g.tags).length) doc.tags = g.tags;
  const settings: Record<string, unknown> = { ...(g.settings.extra ?? {}) };
  if (g.settings.defaultCompute) settings.default_compute = g.settings.defaultCompute;
  if (g.settings.defaultDatastore) settings.default_datastore = g.settings.defaultDatastore;
  if (g.settings.continueOnStepFailure !== undefined)
    settings.continue_on_step_failure = g.settings.continueOnStepFailure;
  if (Object.keys(settings).length) doc.settings = settings;

  if (Object.keys(g.inputs).length) {
    doc.inputs = Object.fromEntries(
      Object.entries(g.inputs).map(([name, i]) => {
        if (isDataType(i.type))
          return [
            name,
            {
              type: i.type,
              ...(i.path ? { path: i.path } : {}),
              ...(i.mode ? { mode: i.mode } : {}),
              ...(i.description ? { description: i.description } : {}),
            },
          ];
        // A bare value when re-reading it infers the same type; else the explicit form.
        if (i.value !== undefined && inferLiteralType(i.value) === i.type && !i.description && i.optional === undefined)
          return [name, i.value];
        return [
          name,
          {
            type: i.type,
            ...(i.value !== undefined ? { default: i.value } : {}),
            ...(i.description ? { description: i.description } : {}),
            ...(i.optional !== undefined ? { optional: i.optional } : {}),
          },
        ];
      }),
    );
  }
  if (Object.keys(g.outputs).length) {
    doc.outputs = Object.fromEntries(
      Object.entries(g.outputs).map(([name, o]) => {
        const body = {
          ...(o.type ? { type: o.type } : {}),
          ...(o.mode ? { mode: o.mode } : {}),
          ...(o.path ? { path: o.path } : {}),
          ...(o.description ? { description: o.description } : {}),
        };
        return [name, Object.keys(body).length ? body : null];
      }),
    );
  }
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const jobs: Record<string, unknown> = {};
  for (const n of g.nodes) {
    if (n.kind !== "component") continue;
    jobs[n.id] = jobToYaml(n, g, byId);
  }
  doc.jobs = jobs;
  return doc;
}

function jobToYaml(
  n: ComponentNode,
  g: PipelineGraph,
  byId: Map<string, ComponentNode | DataNode>,
): Record<string, unknown> {
  const job: Record<string, unknown> = n.inlineCommand
    ? {
        type: "command",
        command: n.component.command,
        environment: n.component.environment,
        ...(n.component.code !== undefined ? { code: n.component.code } : {}),
      }
    : { type: "command", component: n.componentRef === "inline" ? inlineComponent(n) : n.componentRef };
  if (n.displayName) job.display_name = n.displayName;
  if (n.compute) job.compute = n.compute;
  const inputs: Record<string, unknown> = {};
  for (const [port, b] of Object.entries(n.inputs))
    inputs[port] = b.kind === "literal" ? b.value : `\${{parent.inputs.${b.input}}}`;
  for (const e of g.edges) {
    if (e.target !== n.id) continue;
    const src = byId.get(e.source);
    if (!src) continue;
    if (src.kind === "data" && e.sourcePort === DATA_NODE_PORT)
      inputs[e.targetPort] = { type: src.dataType, path: src.path, ...(src.mode ? { mode: src.mode } : {}) };
    else inputs[e.targetPort] = `\${{parent.jobs.${e.source}.outputs.${e.sourcePort}}}`;
  }
  if (Object.keys(inputs).length) job.inputs = sortLike(inputs, Object.keys(n.component.inputs));
  const outputs: Record<string, unknown> = {};
  // A step written as a command job declares every output it has (its component is derived from them).
  const ports = n.inlineCommand ? Object.keys(n.component.outputs) : Object.keys(n.outputs);
  for (const port of ports) {
    const o = n.outputs[port] ?? {};
    // Its type, when not written on the output already (extra) and not Azure ML's default.
    const declaredType =
      n.inlineCommand && !(o.extra && "type" in o.extra) && n.component.outputs[port].type !== "uri_folder"
        ? { type: n.component.outputs[port].type }
        : {};
    if (o.parentOutput && !o.mode && !o.path && !o.extra && !("type" in declaredType))
      outputs[port] = `\${{parent.outputs.${o.parentOutput}}}`;
    else {
      const body = {
        ...declaredType,
        ...(o.extra ?? {}),
        ...(o.mode ? { mode: o.mode } : {}),
        ...(o.parentOutput ? { path: `\${{parent.outputs.${o.parentOutput}}}` } : o.path ? { path: o.path } : {}),
      };
      if (Object.keys(body).length) outputs[port] = body;
      else if (n.inlineCommand) outputs[port] = null;
    }
  }
  if (Object.keys(outputs).length) job.outputs = sortLike(outputs, Object.keys(n.component.outputs));
  return { ...job, ...(n.extra ?? {}) };
}

/** An inline component is written back as its YAML mapping (without the name the importer gave it). */
function inlineComponent(n: ComponentNode) {
  const src = { ...n.component.source };
  if (src.name === n.id) delete src.name;
  return src;
}

function sortLike(obj: Record<string, unknown>, order: string[]) {
  const rank = (k: string) => (order.indexOf(k) === -1 ? order.length : order.indexOf(k));
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The pipeline as Azure ML CLI v2 YAML text. */
export function exportPipelineYaml(g: PipelineGraph): string {
  return stringify(pipelineToYamlObject(g), { lineWidth: 0, aliasDuplicateObjects: false });
}
