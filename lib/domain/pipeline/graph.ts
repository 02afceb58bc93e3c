/**
 * The graph model: pure, immutable operations on a PipelineGraph. Every function returns a new graph
 * (or throws GraphError naming the problem) so the designer gets undo and redo by keeping snapshots.
 */
import { compatibility } from "./compatibility";
import { componentRefOf } from "./component-spec";
import {
  DATA_NODE_PORT,
  type ComponentNode,
  type ComponentSpec,
  type DataNode,
  type DataType,
  type IoType,
  type PipelineEdge,
  type PipelineGraph,
  type PipelineNode,
  type Position,
} from "./types";

export class GraphError extends Error {
  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = "GraphError";
  }
}

/** Job names in a pipeline: what Azure ML accepts as a key of `jobs`. */
export const NODE_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;

export const findNode = (g: PipelineGraph, id: string) => g.nodes.find((n) => n.id === id);

/** A node name not yet used: `base`, `base_2`, `base_3`, … (made a valid job name first). */
export function uniqueNodeId(
  g: PipelineGraph,
  base: string,
  taken: Set<string> = new Set(g.nodes.map((n) => n.id)),
): string {
  let clean = base.replace(/[^a-zA-Z0-9_]/g, "_");
  if (!/^[a-zA-Z_]/.test(clean)) clean = `n_${clean}`;
  clean = clean.slice(0, 240);
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

export function newComponentNode(
  g: PipelineGraph,
  component: ComponentSpec,
  position: Position,
  componentRef = componentRefOf(component),
): ComponentNode {
  return {
    kind: "component",
    id: uniqueNodeId(g, component.name),
    componentRef,
    component,
    inputs: {},
    outputs: {},
    position,
  };
}

export function newDataNode(
  g: PipelineGraph,
  data: { dataType: DataType; path: string; mode?: string; label?: string },
  position: Position,
): DataNode {
  const base = data.label ?? dataBaseName(data.path);
  return { kind: "data", id: uniqueNodeId(g, `data_${base}`), ...data, position };
}

/** A short name for a data path: the asset name of `azureml:name:1` / `azureml:name@latest`, else the last path segment. */
export function dataBaseName(path: string): string {
  const asset = /^azureml:([a-zA-Z0-9_.-]+)(?::[^/]*|@[^/]*)?$/.exec(path);
  if (asset) return asset[1];
  return (
    path
      .replace(/^[a-z]+:\/\//, "")
      .split(/[/?#]/)
      .filter((s) => s && s !== "." && s !== "..")
      .pop() ?? "data"
  );
}

export function addNode(g: PipelineGraph, node: PipelineNode): PipelineGraph {
  if (findNode(g, node.id)) throw new GraphError(`A node named "${node.id}" already exists.`, node.id);
  if (!NODE_NAME_RE.test(node.id))
    throw new GraphError(
      `"${node.id}" is not a valid node name: letters, digits and '_', not starting with a digit.`,
      node.id,
    );
  return { ...g, nodes: [...g.nodes, node] };
}

export function removeNodes(g: PipelineGraph, ids: Iterable<string>): PipelineGraph {
  const drop = new Set(ids);
  return {
    ...g,
    nodes: g.nodes.filter((n) => !drop.has(n.id)),
    edges: g.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
  };
}

export function removeEdges(g: PipelineGraph, ids: Iterable<string>): PipelineGraph {
  const drop = new Set(ids);
  return { ...g, edges: g.edges.filter((e) => !drop.has(e.id)) };
}

export function updateNode<N extends PipelineNode>(g: PipelineGraph, id: string, patch: (n: N) => N): PipelineGraph {
  const node = findNode(g, id);
  if (!node) throw new GraphError(`No node named "${id}".`, id);
  return { ...g, nodes: g.nodes.map((n) => (n.id === id ? patch(n as N) : n)) };
}

export function moveNodes(g: PipelineGraph, positions: Record<string, Position>): PipelineGraph {
  return { ...g, nodes: g.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) };
}

/** Renames a node and every edge that touches it. */
export function renameNode(g: PipelineGraph, id: string, to: string): PipelineGraph {
  if (id === to) return g;
  if (!NODE_NAME_RE.test(to))
    throw new GraphError(`"${to}" is not a valid node name: letters, digits and '_', not starting with a digit.`, id);
  if (findNode(g, to)) throw new GraphError(`A node named "${to}" already exists.`, id);
  return {
    ...g,
    nodes: g.nodes.map((n) => (n.id === id ? { ...n, id: to } : n)),
    edges: g.edges.map((e) => {
      const next = { ...e, source: e.source === id ? to : e.source, target: e.target === id ? to : e.target };
      return { ...next, id: edgeId(next) };
    }),
  };
}

export const edgeId = (e: Pick<PipelineEdge, "source" | "sourcePort" | "target" | "targetPort">) =>
  `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`;

/** The type flowing out of a port: a component output's type, or a data node's type. */
export function sourceType(g: PipelineGraph, nodeId: string, port: string): IoType | undefined {
  const n = findNode(g, nodeId);
  if (!n) return undefined;
  if (n.kind === "data") return port === DATA_NODE_PORT ? n.dataType : undefined;
  return n.component.outputs[port]?.type;
}

export function targetType(g: PipelineGraph, nodeId: string, port: string): IoType | undefined {
  const n = findNode(g, nodeId);
  return n?.kind === "component" ? n.component.inputs[port]?.type : undefined;
}

export type ConnectCheck = { ok: true; warning?: string } | { ok: false; reason: string };

/** Whether an edge may be drawn, and why not. Used while dragging (to explain a refusal) and by connect(). */
export function canConnect(g: PipelineGraph, e: Omit<PipelineEdge, "id">): ConnectCheck {
  const src = findNode(g, e.source);
  const dst = findNode(g, e.target);
  if (!src) return { ok: false, reason: `No node named "${e.source}".` };
  if (!dst) return { ok: false, reason: `No node named "${e.target}".` };
  if (dst.kind !== "component") return { ok: false, reason: "Data nodes have no inputs." };
  if (e.source === e.target) return { ok: false, reason: "A step cannot feed itself." };
  const from = sourceType(g, e.source, e.sourcePort);
  const to = targetType(g, e.target, e.targetPort);
  if (!from) return { ok: false, reason: `"${e.source}" has no output "${e.sourcePort}".` };
  if (!to) return { ok: false, reason: `"${e.target}" has no input "${e.targetPort}".` };
  const compat = compatibility(from, to);
  if (!compat.ok)
    return { ok: false, reason: `${e.source}.${e.sourcePort} → ${e.target}.${e.targetPort}: ${compat.reason}` };
  if (createsCycle(g, e.source, e.target))
    return {
      ok: false,
      reason: `Connecting ${e.source} to ${e.target} would make a cycle: ${e.target} already feeds ${e.source}.`,
    };
  return compat;
}

/**
 * Adds an edge from an output to an input. An input takes one source: an existing edge into it, or a
 * literal or parent binding of it, is replaced.
 */
export function connect(g: PipelineGraph, e: Omit<PipelineEdge, "id">): PipelineGraph {
  const check = canConnect(g, e);
  if (!check.ok) throw new GraphError(check.reason, e.target);
  const edge: PipelineEdge = { ...e, id: edgeId(e) };
  const edges = g.edges.filter((x) => !(x.target === e.target && x.targetPort === e.targetPort));
  const nodes = g.nodes.map((n) => {
    if (n.id !== e.target || n.kind !== "component" || !(e.targetPort in n.inputs)) return n;
    const inputs = { ...n.inputs };
    delete inputs[e.targetPort];
    return { ...n, inputs };
  });
  return { ...g, nodes, edges: [...edges, edge] };
}

export type PortRef = { node: string; port: string };

/** The output ports of a node: a step's outputs, or a data node's one port. */
export function outputPorts(n: PipelineNode): string[] {
  return n.kind === "data" ? [DATA_NODE_PORT] : Object.keys(n.component.outputs);
}

/**
 * Every input an output could feed now (canConnect says yes; warnings included), in graph order: what the designer
 * offers to pick from when connecting from the keyboard.
 */
export function compatibleTargets(g: PipelineGraph, source: string, sourcePort: string): PortRef[] {
  return g.nodes.flatMap((n) =>
    n.kind !== "component"
      ? []
      : Object.keys(n.component.inputs)
          .filter((port) => canConnect(g, { source, sourcePort, target: n.id, targetPort: port }).ok)
          .map((port) => ({ node: n.id, port })),
  );
}

/** Every output that could feed an input now, in graph order (the keyboard's "connect from…"). */
export function compatibleSources(g: PipelineGraph, target: string, targetPort: string): PortRef[] {
  return g.nodes.flatMap((n) =>
    outputPorts(n)
      .filter((port) => canConnect(g, { source: n.id, sourcePort: port, target, targetPort }).ok)
      .map((port) => ({ node: n.id, port })),
  );
}

/** True when a path already leads from `to` back to `from` (so from → to would close a loop). */
export function createsCycle(g: PipelineGraph, from: string, to: string): boolean {
  const out = adjacency(g);
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === from) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of out.get(n) ?? []) stack.push(m);
  }
  return false;
}

export function adjacency(g: PipelineGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of g.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  return out;
}

/** Node ids on cycles (Tarjan's strongly connected components of size > 1, or self loops). */
export function findCycles(g: PipelineGraph): string[][] {
  const out = adjacency(g);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  // Iterative Tarjan: pipelines of thousands of nodes must not overflow the call stack.
  for (const start of g.nodes.map((n) => n.id)) {
    if (idx.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const next = out.get(top.node) ?? [];
      if (top.i < next.length) {
        const m = next[top.i++];
        if (!idx.has(m)) {
          idx.set(m, index);
          low.set(m, index++);
          stack.push(m);
          onStack.add(m);
          work.push({ node: m, i: 0 });
        } else if (onStack.has(m)) low.set(top.node, Math.min(low.get(top.node)!, idx.get(m)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === idx.get(top.node)) {
        const scc: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          scc.push(m);
        } while (m !== top.node);
        if (scc.length > 1 || next.includes(top.node)) cycles.push(scc.reverse());
      }
    }
  }
  return cycles;
}

/**
 * Copies nodes (and the edges among them) for paste: new unique ids, positions shifted,
 * parent bindings kept only if the target graph has that pipeline input.
 */
export function pasteNodes(
  g: PipelineGraph,
  clip: { nodes: PipelineNode[]; edges: PipelineEdge[] },
  offset: Position,
): { graph: PipelineGraph; ids: string[] } {
  const taken = new Set(g.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  const nodes: PipelineNode[] = clip.nodes.map((n) => {
    const id = uniqueNodeId(g, n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
    const copy = structuredClone(n);
    copy.id = id;
    copy.position = { x: n.position.x + offset.x, y: n.position.y + offset.y };
    if (copy.kind === "component") {
      for (const [k, b] of Object.entries(copy.inputs))
        if (b.kind === "parent" && !(b.input in g.inputs)) delete copy.inputs[k];
      for (const o of Object.values(copy.outputs))
        if (o.parentOutput && !(o.parentOutput in g.outputs)) delete o.parentOutput;
    }
    return copy;
  });
  const edges = clip.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => {
      const next = { ...e, source: rename.get(e.source)!, target: rename.get(e.target)! };
      return { ...next, id: edgeId(next) };
    });
  return { graph: { ...g, nodes: [...g.nodes, ...nodes], edges: [...g.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}
