/**
 * Layered auto-layout (dagre, left to right): steps in the order data flows, data nodes before
 * the steps they feed. Pure: returns a graph with new positions.
 */
import dagre from "@dagrejs/dagre";
import type { PipelineGraph, PipelineNode } from "./types";

export const NODE_WIDTH = 240;
/** Height grows with the number of ports, as the canvas draws them. */
export function nodeHeight(n: PipelineNode): number {
  if (n.kind === "data") return 56;
  const ports = Math.max(Object.keys(n.component.inputs).length, Object.keys(n.component.outputs).length);
  return 56 + ports * 22;
}

export function layoutGraph(g: PipelineGraph, opts: { direction?: "LR" | "TB" } = {}): PipelineGraph {
  if (g.nodes.length === 0) return g;
  const dg = new dagre.graphlib.Graph({ multigraph: false });
  dg.setGraph({ rankdir: opts.direction ?? "LR", nodesep: 30, ranksep: 90, marginx: 20, marginy: 20 });
  dg.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) dg.setNode(n.id, { width: NODE_WIDTH, height: nodeHeight(n) });
  for (const e of g.edges) if (dg.hasNode(e.source) && dg.hasNode(e.target)) dg.setEdge(e.source, e.target);
  dagre.layout(dg);
  return {
    ...g,
    nodes: g.nodes.map((n) => {
      const p = dg.node(n.id) as { x: number; y: number; width: number; height: number };
      return { ...n, position: { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) } };
    }),
  };
}
