/**
 * A generated pipeline for the designer benchmark: `nodes` steps of one 2-in/2-out component and `edges`
 * connections, a DAG where each input has at most one source among the previous 40 steps (deterministic PRNG).
 */
import {
  edgeId,
  type ComponentNode,
  type ComponentSpec,
  type PipelineEdge,
  type PipelineGraph,
} from "../lib/domain/pipeline";

export const BENCH_COMPONENT: ComponentSpec = {
  name: "bench_step",
  version: "1",
  type: "command",
  inputs: { in1: { type: "uri_folder" }, in2: { type: "uri_folder", optional: true } },
  outputs: { out1: { type: "uri_folder" }, out2: { type: "uri_folder" } },
  command: "python step.py ${{inputs.in1}} $[[${{inputs.in2}}]] ${{outputs.out1}} ${{outputs.out2}}",
  environment: { image: "python" },
  source: {},
};

export function generatePipeline(nodes = 1000, edges = 1500): PipelineGraph {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const list: ComponentNode[] = [];
  for (let i = 0; i < nodes; i++)
    list.push({
      kind: "component",
      id: `step_${i}`,
      componentRef: "azureml:bench_step:1",
      component: BENCH_COMPONENT,
      inputs: {},
      outputs: {},
      position: { x: 0, y: 0 },
    });
  const out: PipelineEdge[] = [];
  const slots: [number, "in1" | "in2"][] = [];
  for (let i = 1; i < nodes; i++) slots.push([i, "in1"]);
  for (let i = 1; i < nodes && slots.length < edges; i++) slots.push([i, "in2"]);
  for (const [i, port] of slots.slice(0, edges)) {
    const from = Math.max(0, i - 1 - Math.floor(rand() * Math.min(40, i)));
    const e = {
      source: `step_${from}`,
      sourcePort: rand() < 0.5 ? "out1" : "out2",
      target: `step_${i}`,
      targetPort: port,
    };
    out.push({ ...e, id: edgeId(e) });
  }
  return {
    displayName: `bench ${nodes} steps`,
    settings: { defaultCompute: "azureml:cpu-cluster" },
    inputs: {},
    outputs: {},
    nodes: list,
    edges: out,
  };
}
