/**
 * Validation of a pipeline graph before it is saved as valid, exported or submitted: every problem
 * names the node it is about so the designer can focus it.
 */
import { compatibility } from "./compatibility";
import { literalProblem } from "./component-spec";
import { findCycles, NODE_NAME_RE, sourceType } from "./graph";
import { isDataType, type PipelineGraph } from "./types";

export type Severity = "error" | "warning";

export interface ValidationProblem {
  severity: Severity;
  code:
    | "no-steps"
    | "duplicate-name"
    | "invalid-name"
    | "required-input"
    | "bad-literal"
    | "unknown-port"
    | "type-mismatch"
    | "type-warning"
    | "cycle"
    | "missing-compute"
    | "unknown-compute"
    | "unknown-parent-input"
    | "unknown-parent-output"
    | "data-unused"
    | "data-path"
    | "multiple-sources"
    | "dangling-edge";
  message: string;
  nodeId?: string;
  port?: string;
  edgeId?: string;
}

export interface ValidationContext {
  /** Compute names that exist in the workspace; when given, references to others are errors. */
  computes?: string[];
}

const computeName = (ref: string) => ref.replace(/^azureml:/, "");

export function validateGraph(g: PipelineGraph, ctx: ValidationContext = {}): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const add = (p: ValidationProblem) => out.push(p);
  const ids = new Map<string, number>();
  for (const n of g.nodes) ids.set(n.id, (ids.get(n.id) ?? 0) + 1);
  for (const [id, count] of ids)
    if (count > 1)
      add({
        severity: "error",
        code: "duplicate-name",
        nodeId: id,
        message: `${count} nodes are named "${id}"; node names must be unique.`,
      });
  const steps = g.nodes.filter((n) => n.kind === "component");
  if (steps.length === 0)
    add({
      severity: "error",
      code: "no-steps",
      message: "The pipeline has no steps: drag a component onto the canvas.",
    });

  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, string[]>();
  for (const e of g.edges) {
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (!src || !dst || dst.kind !== "component") {
      add({
        severity: "error",
        code: "dangling-edge",
        edgeId: e.id,
        nodeId: dst?.id ?? src?.id,
        message: `The connection ${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort} points at a node that does not exist.`,
      });
      continue;
    }
    const from = sourceType(g, e.source, e.sourcePort);
    const toSpec = dst.component.inputs[e.targetPort];
    if (!from) {
      add({
        severity: "error",
        code: "unknown-port",
        nodeId: e.source,
        edgeId: e.id,
        message: `${e.source} has no output "${e.sourcePort}" (used by ${e.target}.${e.targetPort}).`,
      });
      continue;
    }
    if (!toSpec) {
      add({
        severity: "error",
        code: "unknown-port",
        nodeId: e.target,
        edgeId: e.id,
        message: `${e.target} has no input "${e.targetPort}" (its component ${dst.component.name} does not declare it).`,
      });
      continue;
    }
    const key = `${e.target}\u0000${e.targetPort}`;
    incoming.set(key, [...(incoming.get(key) ?? []), e.source]);
    const c = compatibility(from, toSpec.type);
    if (!c.ok)
      add({
        severity: "error",
        code: "type-mismatch",
        nodeId: e.target,
        port: e.targetPort,
        edgeId: e.id,
        message: `${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort}: ${c.reason}`,
      });
    else if (c.warning)
      add({
        severity: "warning",
        code: "type-warning",
        nodeId: e.target,
        port: e.targetPort,
        edgeId: e.id,
        message: `${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort}: ${c.warning}`,
      });
  }
  for (const [key, sources] of incoming)
    if (sources.length > 1) {
      const [node, port] = key.split("\u0000");
      add({
        severity: "error",
        code: "multiple-sources",
        nodeId: node,
        port,
        message: `${node}.${port} has ${sources.length} sources (${sources.join(", ")}); an input takes one.`,
      });
    }

  for (const n of g.nodes) {
    if (!NODE_NAME_RE.test(n.id))
      add({
        severity: "error",
        code: "invalid-name",
        nodeId: n.id,
        message: `"${n.id}" is not a valid node name: letters, digits and '_', not starting with a digit.`,
      });
    if (n.kind === "data") {
      if (!n.path.trim())
        add({ severity: "error", code: "data-path", nodeId: n.id, message: `Data node ${n.id} has no path.` });
      if (!g.edges.some((e) => e.source === n.id))
        add({ severity: "warning", code: "data-unused", nodeId: n.id, message: `Data node ${n.id} feeds no step.` });
      continue;
    }
    for (const [port, spec] of Object.entries(n.component.inputs)) {
      const binding = n.inputs[port];
      const connected = incoming.has(`${n.id}\u0000${port}`);
      if (binding && connected)
        add({
          severity: "error",
          code: "multiple-sources",
          nodeId: n.id,
          port,
          message: `${n.id}.${port} is both connected and set to a value; an input takes one.`,
        });
      if (!binding && !connected) {
        if (!spec.optional && spec.default === undefined)
          add({
            severity: "error",
            code: "required-input",
            nodeId: n.id,
            port,
            message: `${n.id}: required input "${port}" (${spec.type}) is not connected or set.`,
          });
        continue;
      }
      if (binding?.kind === "literal") {
        const problem = literalProblem(spec, binding.value);
        if (problem)
          add({ severity: "error", code: "bad-literal", nodeId: n.id, port, message: `${n.id}.${port}: ${problem}` });
      } else if (binding?.kind === "parent") {
        const parent = g.inputs[binding.input];
        if (!parent)
          add({
            severity: "error",
            code: "unknown-parent-input",
            nodeId: n.id,
            port,
            message: `${n.id}.${port} is bound to pipeline input "${binding.input}", which does not exist.`,
          });
        else {
          const c = compatibility(parent.type, spec.type);
          if (!c.ok)
            add({
              severity: "error",
              code: "type-mismatch",
              nodeId: n.id,
              port,
              message: `${n.id}.${port} ← pipeline input ${binding.input}: ${c.reason}`,
            });
          else if (c.warning)
            add({
              severity: "warning",
              code: "type-warning",
              nodeId: n.id,
              port,
              message: `${n.id}.${port} ← pipeline input ${binding.input}: ${c.warning}`,
            });
          else if (!isDataType(parent.type) && parent.value !== undefined) {
            const problem = literalProblem(spec, parent.value);
            if (problem)
              add({
                severity: "error",
                code: "bad-literal",
                nodeId: n.id,
                port,
                message: `${n.id}.${port} ← pipeline input ${binding.input}: ${problem}`,
              });
          }
        }
      }
    }
    for (const port of Object.keys(n.inputs))
      if (!(port in n.component.inputs))
        add({
          severity: "error",
          code: "unknown-port",
          nodeId: n.id,
          port,
          message: `${n.id} sets input "${port}", which component ${n.component.name} does not declare.`,
        });
    for (const [port, o] of Object.entries(n.outputs)) {
      if (!(port in n.component.outputs))
        add({
          severity: "error",
          code: "unknown-port",
          nodeId: n.id,
          port,
          message: `${n.id} sets output "${port}", which component ${n.component.name} does not declare.`,
        });
      if (o.parentOutput && !(o.parentOutput in g.outputs))
        add({
          severity: "error",
          code: "unknown-parent-output",
          nodeId: n.id,
          port,
          message: `${n.id}.${port} is bound to pipeline output "${o.parentOutput}", which does not exist.`,
        });
    }
    const compute = n.compute ?? g.settings.defaultCompute;
    if (!compute)
      add({
        severity: "error",
        code: "missing-compute",
        nodeId: n.id,
        message: `${n.id} has no compute: set a default compute for the pipeline or one for this step.`,
      });
    else if (
      ctx.computes &&
      computeName(compute) !== "serverless" &&
      !ctx.computes.some((c) => c.toLowerCase() === computeName(compute).toLowerCase())
    )
      add({
        severity: "error",
        code: "unknown-compute",
        nodeId: n.id,
        message: `${n.id} runs on compute "${computeName(compute)}", which this workspace does not have.`,
      });
  }
  for (const cycle of findCycles(g))
    add({
      severity: "error",
      code: "cycle",
      nodeId: cycle[0],
      message: `Cycle: ${[...cycle, cycle[0]].join(" → ")}. A pipeline must not loop.`,
    });
  for (const [name, input] of Object.entries(g.inputs)) {
    if (!isDataType(input.type) && input.value !== undefined) {
      const problem = literalProblem({ type: input.type }, input.value);
      if (problem) add({ severity: "error", code: "bad-literal", message: `Pipeline input ${name}: ${problem}` });
    }
  }
  return out;
}

export const hasErrors = (problems: ValidationProblem[]) => problems.some((p) => p.severity === "error");
