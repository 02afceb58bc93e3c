import "server-only";
import { ApiError } from "@/lib/server/errors";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import {
  dataLineage,
  jobLineage,
  mergeFacts,
  modelLineage,
  type LineageEdge,
  type LineageFacts,
  type LineageNode,
} from "@/lib/domain/lineage";

/** Lineage answers: the node asked for, one hop up and one hop down, each node saying whether it still exists. */
export interface LineageView {
  center: string;
  nodes: (LineageNode & { missing?: boolean })[];
  edges: LineageEdge[];
  /** For a model version: the data its job read (its inputs and its steps' inputs), one click away. */
  trainedOn?: LineageNode[];
}

const NODE_RE = /^(job:[^:]+|(data|model|environment|component|code):[^:]+:[^:]+|path:azureml:\/\/datastores\/.+)$/;

export function checkNodeId(id: string): string {
  if (!NODE_RE.test(id))
    throw ApiError.badRequest(
      `"${id}" is not a lineage node: job:<name>, data|model|environment|component|code:<name>:<version>, or path:azureml://datastores/<store>/paths/<path>.`,
      "node",
    );
  return id;
}

const isNotFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/** What a node's own record says of where it came from (null when it is gone). */
async function ownFacts(ctx: WorkspaceContext, id: string): Promise<LineageFacts | null> {
  const { resourceGroup: rg, workspace: ws } = ctx.ref;
  const [kind, ...rest] = id.split(":");
  try {
    if (kind === "job") {
      const name = rest.join(":");
      const job = plain(await ctx.client.jobs.get(rg, ws, name)) as { properties: Record<string, any> };
      const facts = jobLineage(name, job.properties);
      // A step's own job names the pipeline it belongs to.
      const parent = job.properties.properties?.["azureml.parentJobName"];
      if (typeof parent === "string")
        return mergeFacts(facts, {
          nodes: [{ id: `job:${parent}`, kind: "job", label: parent }],
          edges: [{ from: id, to: `job:${parent}`, via: "step of" }],
        });
      return facts;
    }
    if (kind === "model") {
      const v = plain(await ctx.client.modelVersions.get(rg, ws, rest[0], rest[1])) as { properties: object };
      return modelLineage(rest[0], rest[1], v.properties);
    }
    if (kind === "data") {
      const v = plain(await ctx.client.dataVersions.get(rg, ws, rest[0], rest[1])) as { properties: object };
      return dataLineage(rest[0], rest[1], v.properties);
    }
    if (kind === "environment") await ctx.client.environmentVersions.get(rg, ws, rest[0], rest[1]);
    if (kind === "component") await ctx.client.componentVersions.get(rg, ws, rest[0], rest[1]);
    if (kind === "code") await ctx.client.codeVersions.get(rg, ws, rest[0], rest[1]);
    return { nodes: [], edges: [] };
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/**
 * Every edge the workspace records, for "what used this?": each job's (pipeline steps from its body), each model
 * version's and data version's. Built once and cached 15 s per workspace (read-through, with its access rules).
 */
async function workspaceIndex(ctx: WorkspaceContext): Promise<LineageFacts> {
  const { data } = await ctx.cached(
    "lineage",
    "index",
    async () => {
      const { resourceGroup: rg, workspace: ws } = ctx.ref;
      const [jobs, models, datas] = await Promise.all([
        collect(ctx.client.jobs.list(rg, ws, { listViewType: "All" })),
        collect(ctx.client.modelContainers.list(rg, ws)),
        collect(ctx.client.dataContainers.list(rg, ws)),
      ]);
      const facts: LineageFacts[] = jobs.map((j) => jobLineage(j.name!, plain(j.properties) as Record<string, any>));
      for (const m of models)
        for (const v of await collect(ctx.client.modelVersions.list(rg, ws, m.name!)))
          facts.push(modelLineage(m.name!, v.name!, plain(v.properties) as Record<string, any>));
      for (const d of datas)
        for (const v of await collect(ctx.client.dataVersions.list(rg, ws, d.name!)))
          facts.push(dataLineage(d.name!, v.name!, plain(v.properties) as Record<string, any>));
      return mergeFacts(...facts);
    },
    { freshMs: 15_000 },
  );
  return data;
}

/** One hop around a node: what it was made from (its own record and the index) and what used it (the index). */
export async function lineageOf(ctx: WorkspaceContext, id: string): Promise<LineageView> {
  checkNodeId(id);
  const [own, index] = await Promise.all([ownFacts(ctx, id), workspaceIndex(ctx)]);
  const edges = [...(own?.edges ?? []), ...index.edges.filter((e) => e.to === id || e.from === id)];
  const merged = mergeFacts(own ?? { nodes: [], edges: [] }, { nodes: index.nodes, edges });
  const near = new Set([id, ...edges.flatMap((e) => [e.from, e.to])]);
  const nodes = merged.nodes
    .filter((n) => near.has(n.id))
    .map((n) => (n.id === id && !own ? { ...n, missing: true } : n));
  if (!nodes.some((n) => n.id === id))
    nodes.push({
      id,
      kind: id.split(":")[0] as LineageNode["kind"],
      label: id.split(":").slice(1).join(":"),
      ...(own ? {} : { missing: true }),
    });
  const view: LineageView = { center: id, nodes, edges: mergeFacts({ nodes: [], edges }).edges };
  const trainingJob = id.startsWith("model:")
    ? edges.find((e) => e.to === id && e.from.startsWith("job:"))?.from
    : null;
  if (trainingJob) {
    const job = await ownFacts(ctx, trainingJob);
    view.trainedOn = job
      ? job.nodes.filter((n) => (n.kind === "data" || n.kind === "path") && job.edges.some((e) => e.from === n.id))
      : [];
  }
  return view;
}

/**
 * Impact: every job and model downstream of a node, however far ("this data was wrong: what must be retrained?"),
 * following the index's edges breadth-first.
 */
export async function impactOf(ctx: WorkspaceContext, id: string) {
  checkNodeId(id);
  const index = await workspaceIndex(ctx);
  const byFrom = new Map<string, LineageEdge[]>();
  for (const e of index.edges) byFrom.set(e.from, [...(byFrom.get(e.from) ?? []), e]);
  const nodes = new Map(index.nodes.map((n) => [n.id, n]));
  const seen = new Map<string, { node: LineageNode; depth: number; via: string }>();
  let frontier = [id];
  for (let depth = 1; frontier.length && depth <= 50; depth++) {
    const next: string[] = [];
    for (const at of frontier)
      for (const e of byFrom.get(at) ?? []) {
        if (seen.has(e.to) || e.to === id) continue;
        const node = nodes.get(e.to) ?? { id: e.to, kind: e.to.split(":")[0] as LineageNode["kind"], label: e.to };
        seen.set(e.to, { node, depth, via: `${at} (${e.via})` });
        next.push(e.to);
      }
    frontier = next;
  }
  return [...seen.values()]
    .filter((x) => x.node.kind === "job" || x.node.kind === "model" || x.node.kind === "data")
    .map((x) => ({ id: x.node.id, kind: x.node.kind, name: x.node.label, depth: x.depth, via: x.via }));
}

/** The impact list as CSV (RFC 4180 quoting). */
export function impactCsv(rows: Awaited<ReturnType<typeof impactOf>>): string {
  const q = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return (
    ["kind,name,id,hops,via", ...rows.map((r) => [r.kind, r.name, r.id, r.depth, r.via].map(q).join(","))].join("\n") +
    "\n"
  );
}
