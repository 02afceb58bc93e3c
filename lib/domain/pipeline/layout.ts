/**
 * Layered auto-layout, left to right: steps in the order data flows, data nodes before the steps they feed.
 * Pure: returns a graph with new positions.
 *
 * Up to DAGRE_MAX_NODES nodes: dagre (network-simplex ranking, crossing minimisation with dummy nodes for long
 * edges), the best drawing. Above it dagre's cost grows too fast (1,000 steps and 1,500 edges take 6–10 s), so
 * a linear-time layered layout takes over: longest-path ranks, a few barycenter sweeps to order each rank, and
 * each node placed near the mean height of what feeds it. Both are layered and deterministic.
 */
import dagre from "@dagrejs/dagre";
import type { PipelineGraph, PipelineNode, Position } from "./types";

export const NODE_WIDTH = 240;
export const DAGRE_MAX_NODES = 150;
/** Above this many nodes the designer opens and lays out at 100 % instead of fitting the whole graph in view. */
export const LARGE_GRAPH_NODES = 300;
const NODE_SEP = 30;
const RANK_SEP = 90;

/** Height grows with the number of ports, as the canvas draws them. */
export function nodeHeight(n: PipelineNode): number {
  if (n.kind === "data") return 56;
  const ports = Math.max(Object.keys(n.component.inputs).length, Object.keys(n.component.outputs).length);
  return 56 + ports * 22;
}

export function layoutGraph(g: PipelineGraph): PipelineGraph {
  if (g.nodes.length === 0) return g;
  const positions = g.nodes.length <= DAGRE_MAX_NODES ? dagrePositions(g) : layeredPositions(g);
  return { ...g, nodes: g.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}

function dagrePositions(g: PipelineGraph): Map<string, Position> {
  const dg = new dagre.graphlib.Graph({ multigraph: false });
  dg.setGraph({ rankdir: "LR", nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: 20, marginy: 20 });
  dg.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) dg.setNode(n.id, { width: NODE_WIDTH, height: nodeHeight(n) });
  for (const e of g.edges) if (dg.hasNode(e.source) && dg.hasNode(e.target)) dg.setEdge(e.source, e.target);
  dagre.layout(dg);
  const out = new Map<string, Position>();
  for (const n of g.nodes) {
    const p = dg.node(n.id) as { x: number; y: number; width: number; height: number };
    out.set(n.id, { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) });
  }
  return out;
}

/** The large-graph layout: O((nodes + edges) × sweeps). */
export function layeredPositions(g: PipelineGraph, sweeps = 4): Map<string, Position> {
  const ids = g.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const preds: number[][] = ids.map(() => []);
  const succs: number[][] = ids.map(() => []);
  for (const e of g.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    preds[t].push(s);
    succs[s].push(t);
  }
  // Longest-path ranks in topological order (Kahn); nodes on cycles go after everything else.
  const indeg = preds.map((p) => p.length);
  const rank = new Array<number>(ids.length).fill(0);
  const queue: number[] = [];
  indeg.forEach((d, i) => d === 0 && queue.push(i));
  let seen = 0;
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    seen++;
    for (const w of succs[v]) {
      rank[w] = Math.max(rank[w], rank[v] + 1);
      if (--indeg[w] === 0) queue.push(w);
    }
  }
  if (seen < ids.length) {
    const maxRank = Math.max(0, ...queue.map((v) => rank[v]));
    indeg.forEach((d, i) => d > 0 && (rank[i] = maxRank + 1));
  }
  // Data nodes sit just before the first step they feed, not in rank 0 far away.
  g.nodes.forEach((n, i) => {
    if (n.kind === "data" && succs[i].length) rank[i] = Math.max(0, Math.min(...succs[i].map((w) => rank[w])) - 1);
  });
  const layers: number[][] = [];
  rank.forEach((r, i) => (layers[r] ??= []).push(i));
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  const order = new Float64Array(ids.length);
  layers.forEach((layer) => layer.forEach((v, k) => (order[v] = k / Math.max(1, layer.length))));
  const sortBy = (layer: number[], neighbours: number[][]) => {
    const bary = new Map<number, number>();
    for (const v of layer) {
      const ns = neighbours[v];
      bary.set(v, ns.length ? ns.reduce((a, w) => a + order[w], 0) / ns.length : order[v]);
    }
    layer.sort((a, b) => bary.get(a)! - bary.get(b)! || a - b);
    layer.forEach((v, k) => (order[v] = k / Math.max(1, layer.length)));
  };
  for (let s = 0; s < sweeps; s++) {
    for (let r = 1; r < layers.length; r++) sortBy(layers[r], preds);
    for (let r = layers.length - 2; r >= 0; r--) sortBy(layers[r], succs);
  }
  // Coordinates: each node near the mean centre of its predecessors, without overlapping the one above it.
  const y = new Float64Array(ids.length);
  const height = g.nodes.map(nodeHeight);
  const out = new Map<string, Position>();
  layers.forEach((layer, r) => {
    let bottom = -Infinity;
    for (const v of layer) {
      const ps = preds[v].filter((w) => rank[w] < r);
      const want = ps.length
        ? ps.reduce((a, w) => a + y[w] + height[w] / 2, 0) / ps.length - height[v] / 2
        : bottom + NODE_SEP;
      y[v] = Math.max(Number.isFinite(want) ? want : 0, bottom + NODE_SEP);
      if (!Number.isFinite(y[v])) y[v] = 0;
      bottom = y[v] + height[v];
      out.set(ids[v], { x: 20 + r * (NODE_WIDTH + RANK_SEP), y: Math.round(20 + y[v]) });
    }
  });
  return out;
}

/** True when a graph was never laid out: two or more nodes and all at one position (generated, or written by an API client). */
export function needsLayout(g: PipelineGraph): boolean {
  if (g.nodes.length < 2) return false;
  const { x, y } = g.nodes[0].position;
  return g.nodes.every((n) => n.position.x === x && n.position.y === y);
}
