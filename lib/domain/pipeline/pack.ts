/**
 * The stored and wire form of a graph: each distinct component spec once, nodes naming it by key.
 * A 1,000-step pipeline of a handful of components shrinks from megabytes to a few hundred kilobytes.
 */
import type { ComponentNode, ComponentSpec, PipelineGraph, PipelineNode } from "./types";

export type PackedComponentNode = Omit<ComponentNode, "component"> & { componentKey: string };
export type PackedGraph = Omit<PipelineGraph, "nodes"> & {
  components: Record<string, ComponentSpec>;
  nodes: (Exclude<PipelineNode, ComponentNode> | PackedComponentNode)[];
};

export function packGraph(g: PipelineGraph): PackedGraph {
  const keys = new Map<string, string>();
  const components: Record<string, ComponentSpec> = {};
  const nodes = g.nodes.map((n) => {
    if (n.kind !== "component") return n;
    const json = JSON.stringify(n.component);
    let key = keys.get(json);
    if (!key) {
      key = `c${keys.size}`;
      keys.set(json, key);
      components[key] = n.component;
    }
    const { component: _c, ...rest } = n;
    return { ...rest, componentKey: key };
  });
  return { ...g, components, nodes };
}

/** Throws when a node names a component the packed graph does not carry. */
export function unpackGraph(p: PackedGraph): PipelineGraph {
  const { components, ...rest } = p;
  return {
    ...rest,
    nodes: p.nodes.map((n) => {
      if (n.kind !== "component") return n;
      const spec = components[n.componentKey];
      if (!spec) throw new Error(`Node ${n.id} names component ${n.componentKey}, which the graph does not carry.`);
      const { componentKey: _k, ...node } = n;
      return { ...node, component: spec };
    }),
  };
}
