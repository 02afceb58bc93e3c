/**
 * The workspace's lineage index (every node and edge the recorded bodies give) and the questions asked of it:
 * the neighbourhood of a node, N hops up- or downstream, and the impact of a data or environment version (every
 * job and model downstream of it). Pure: the server builds the index from ARM bodies and caches it.
 */
import { compareVersionLabels } from "../versions";
import {
  componentLineage,
  dataLineage,
  jobLineage,
  modelLineage,
  pathLineage,
  placeholderNode,
  type Extracted,
  type LineageEdge,
  type LineageNode,
} from "./extract";
import { assetKey, jobKey, kindOfKey, parseKey, stepKey, type AssetKindOfNode } from "./refs";

export type LineageIndex = {
  nodes: Record<string, LineageNode>;
  edges: LineageEdge[];
};

type Body = Parameters<typeof jobLineage>[0];

export type IndexInput = {
  jobs: Body[];
  models: Body[];
  data: Body[];
  components: Body[];
  /** Versions known to exist per kind not listed in full (environments, code): `name:version` keys. */
  known?: { environment?: string[]; code?: string[] };
};

/**
 * Builds the index. Steps of the local service's pipelines also exist as jobs named `<pipeline>-<step>` (their
 * outputs land in `azureml/<pipeline>-<step>/…`): such a job name is the step's node. A `name@latest` reference
 * becomes the newest version listed. A node an edge names that the workspace does not list is `missing`.
 */
export function buildIndex(input: IndexInput): LineageIndex {
  const parts: Extracted[] = [
    ...input.jobs.map((b) => jobLineage(b)),
    ...input.models.map((b) => modelLineage(b)),
    ...input.data.map((b) => dataLineage(b)),
    ...input.components.map((b) => componentLineage(b)),
  ];
  const nodes = new Map<string, LineageNode>();
  // Nodes the bodies themselves describe win over placeholders an edge made.
  for (const part of parts)
    for (const n of part.nodes) if (n.state === "present" || !nodes.has(n.key)) nodes.set(n.key, n);
  const alias = new Map<string, string>();
  for (const n of nodes.values()) {
    const p = parseKey(n.key);
    if (p?.kind === "step") alias.set(jobKey(`${p.pipeline}-${p.step}`), n.key);
  }
  // A step job the service listed (with its parent) is the same node as the step.
  for (const n of nodes.values())
    if (n.kind === "job" && n.parent) {
      const step = alias.get(n.key);
      if (step) nodes.delete(n.key);
    }
  const latest = latestVersions(nodes);
  const canon = (k: string) => {
    const a = alias.get(k) ?? k;
    return latest.get(a) ?? a;
  };
  const edges: LineageEdge[] = [];
  const seen = new Set<string>();
  const add = (e: LineageEdge) => {
    const from = canon(e.from);
    const to = canon(e.to);
    const id = `${from}\u0000${to}\u0000${e.label}`;
    if (from === to || seen.has(id)) return;
    seen.add(id);
    edges.push({ from, to, label: e.label });
    for (const k of [from, to]) if (!nodes.has(k)) nodes.set(k, placeholderNode(k));
  };
  for (const part of parts) for (const e of part.edges) add(e);
  for (const k of [...nodes.keys()]) if (kindOfKey(k) === "path") for (const e of pathLineage(k)) add(e);
  for (const k of [...latest.keys()]) if (!edges.some((e) => e.from === k || e.to === k)) nodes.delete(k);
  for (const k of alias.keys()) nodes.delete(k);

  const listed = new Set<string>(["job", "step", "model", "data", "component"]);
  const known = {
    environment: new Set(input.known?.environment ?? []),
    code: new Set(input.known?.code ?? []),
  };
  for (const [k, n] of nodes) {
    if (n.state !== "not-checked") continue;
    const kind = n.kind;
    if (listed.has(kind)) nodes.set(k, { ...n, state: "missing" });
    else if ((kind === "environment" || kind === "code") && input.known?.[kind]) {
      const p = parseKey(k) as { name: string; version: string };
      nodes.set(k, { ...n, state: known[kind].has(`${p.name}:${p.version}`) ? "present" : "missing" });
    }
  }
  return { nodes: Object.fromEntries(nodes), edges };
}

/** `kind:name:@latest` → the newest listed version of that name. */
function latestVersions(nodes: Map<string, LineageNode>): Map<string, string> {
  const newest = new Map<string, string>();
  for (const n of nodes.values()) {
    const p = parseKey(n.key);
    if (!p || !("version" in p) || p.version.startsWith("@") || n.state !== "present") continue;
    const id = `${p.kind}:${p.name}`;
    const cur = newest.get(id);
    if (!cur || compareVersionLabels(p.version, cur) > 0) newest.set(id, p.version);
  }
  const out = new Map<string, string>();
  for (const n of nodes.values()) {
    const p = parseKey(n.key);
    if (p && "version" in p && p.version === "@latest") {
      const v = newest.get(`${p.kind}:${p.name}`);
      if (v) out.set(n.key, assetKey(p.kind as AssetKindOfNode, p.name, v));
    }
  }
  return out;
}

type Adjacency = { up: Map<string, LineageEdge[]>; down: Map<string, LineageEdge[]> };
// The cache hands out the same index object while it is unchanged: its adjacency is built once per object.
const adjacencyOf = new WeakMap<LineageIndex, Adjacency>();

function adjacency(index: LineageIndex): Adjacency {
  let a = adjacencyOf.get(index);
  if (a) return a;
  a = { up: new Map(), down: new Map() };
  for (const e of index.edges) {
    (a.up.get(e.to) ?? a.up.set(e.to, []).get(e.to)!).push(e);
    (a.down.get(e.from) ?? a.down.set(e.from, []).get(e.from)!).push(e);
  }
  adjacencyOf.set(index, a);
  return a;
}

export type Direction = "upstream" | "downstream" | "both";

export type LineageNodeView = LineageNode & {
  /** How many nodes are one hop up- and downstream of it in the whole index (the graph offers to expand the rest). */
  degree: { upstream: number; downstream: number };
  /** Hops from the root (negative upstream). */
  distance: number;
};

export type LineageView = {
  root: string;
  direction: Direction;
  hops: number;
  nodes: LineageNodeView[];
  edges: LineageEdge[];
};

/** A node of the index, or the node a key names marked missing (a deleted asset is shown as such, not as an error). */
export function nodeOf(index: LineageIndex, key: string): LineageNode {
  const n = index.nodes[key];
  if (n) return n;
  const p = placeholderNode(key);
  return p.state === "not-checked" && ["job", "step", "model", "data", "component"].includes(p.kind)
    ? { ...p, state: "missing" }
    : p;
}

/** The nodes within `hops` of `root` in `direction`, with the edges walked. */
export function neighbourhood(index: LineageIndex, root: string, direction: Direction, hops: number): LineageView {
  const a = adjacency(index);
  const dist = new Map<string, number>([[root, 0]]);
  const edges: LineageEdge[] = [];
  const walk = (dir: "up" | "down") => {
    let frontier = [root];
    for (let h = 1; h <= hops && frontier.length; h++) {
      const next: string[] = [];
      for (const k of frontier)
        for (const e of (dir === "up" ? a.up : a.down).get(k) ?? []) {
          const other = dir === "up" ? e.from : e.to;
          edges.push(e);
          if (!dist.has(other)) {
            dist.set(other, dir === "up" ? -h : h);
            next.push(other);
          }
        }
      frontier = next;
    }
  };
  if (direction !== "downstream") walk("up");
  if (direction !== "upstream") walk("down");
  const nodes = [...dist].map(([k, d]) => ({
    ...nodeOf(index, k),
    degree: { upstream: a.up.get(k)?.length ?? 0, downstream: a.down.get(k)?.length ?? 0 },
    distance: d,
  }));
  return { root, direction, hops, nodes, edges: [...new Set(edges)] };
}

export type ImpactRow = {
  key: string;
  kind: "job" | "step" | "model";
  name: string;
  version: string;
  state: LineageNode["state"];
  /** Hops downstream of the asset. */
  distance: number;
  /** The node it was reached from. */
  via: string;
};

/** Every job, step and model downstream of `root`, nearest first ("this data was wrong: what must be retrained?"). */
export function impact(index: LineageIndex, root: string): ImpactRow[] {
  const a = adjacency(index);
  const rows: ImpactRow[] = [];
  const seen = new Set([root]);
  let frontier = [root];
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const k of frontier)
      for (const e of a.down.get(k) ?? []) {
        if (seen.has(e.to)) continue;
        seen.add(e.to);
        next.push(e.to);
        const n = nodeOf(index, e.to);
        const p = parseKey(e.to);
        if (n.kind === "job" || n.kind === "model" || n.kind === "step") {
          const name = p?.kind === "step" ? `${p.pipeline}/${p.step}` : p && "name" in p ? p.name : n.label;
          rows.push({
            key: e.to,
            kind: n.kind,
            name,
            version: p && "version" in p ? p.version : "",
            state: n.state,
            distance: d,
            via: k,
          });
        }
      }
    frontier = next;
  }
  return rows;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quoted when needed; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function impactCsv(rows: ImpactRow[]): string {
  const head = ["kind", "name", "version", "state", "distance", "via"];
  return [head, ...rows.map((r) => [r.kind, r.name, r.version, r.state, r.distance, r.via])]
    .map((cols) => cols.map(csvCell).join(","))
    .join("\r\n")
    .concat("\r\n");
}

export { stepKey };
