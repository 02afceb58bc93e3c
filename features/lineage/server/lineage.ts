import "server-only";
import { z } from "@/lib/domain/zod";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import {
  buildIndex,
  impact,
  impactCsv,
  kindOfKey,
  neighbourhood,
  parseKey,
  type ImpactRow,
  type IndexInput,
  type LineageIndex,
  type LineageView,
} from "@/lib/domain/lineage";
import { cacheMetaHeaders, type Cached } from "@/lib/domain/cache-meta";
import { invalidate } from "@/lib/server/cache";
import { ApiError } from "@/lib/server/errors";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";

// ------------------------------------------------------------------ schemas

const nodeKey = z
  .string()
  .min(3)
  .max(2048)
  .refine(
    (k) => parseKey(k) !== null,
    "must be a lineage node: job:<name>, step:<pipeline>/<step>, data|model|environment|component|code:<name>:<version>, path:<datastore>/<path>",
  );

export const lineageParams = workspaceParams;
export const lineageQuery = z.strictObject({
  node: nodeKey,
  direction: z.enum(["upstream", "downstream", "both"], "must be upstream, downstream or both").default("both"),
  hops: z.coerce.number().int("must be a whole number").min(1, "must be 1 to 5").max(5, "must be 1 to 5").default(1),
});
export type LineageQuery = z.infer<typeof lineageQuery>;

export const impactQuery = z.strictObject({
  node: nodeKey.refine(
    (k) => ["data", "environment"].includes(kindOfKey(k)),
    "impact is listed for a data version (data:<name>:<version>) or an environment version (environment:<name>:<version>)",
  ),
  format: z.enum(["json", "csv"], "must be json or csv").default("json"),
});
export type ImpactQuery = z.infer<typeof impactQuery>;

// ------------------------------------------------------------------ the index

const CONCURRENCY = 8;

async function mapLimit<T, R>(items: T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

const notFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/**
 * What the workspace records, read as the caller (so lineage never shows a workspace they cannot read): every job,
 * every version of every model, data asset and component, and the environment and code versions those name.
 */
export async function readLineageInput(ctx: WorkspaceContext): Promise<IndexInput> {
  const { resourceGroup: rg, workspace: ws } = ctx.ref;
  const c = ctx.client;
  const all = { listViewType: "All" as const };
  const versionsOf = async <T>(
    names: Promise<{ name?: string }[]>,
    list: (name: string) => AsyncIterable<T>,
  ): Promise<T[]> => {
    const containers = await names;
    const lists = await mapLimit(
      containers.map((x) => x.name ?? ""),
      (n) => collect(list(n)).catch((e) => (notFound(e) ? [] : Promise.reject(e))),
    );
    return lists.flat();
  };
  const [jobs, models, data, components] = await Promise.all([
    collect(c.jobs.list(rg, ws, all)),
    versionsOf(collect(c.modelContainers.list(rg, ws, all)), (n) => c.modelVersions.list(rg, ws, n, all)),
    versionsOf(collect(c.dataContainers.list(rg, ws, all)), (n) => c.dataVersions.list(rg, ws, n, all)),
    versionsOf(collect(c.componentContainers.list(rg, ws, all)), (n) => c.componentVersions.list(rg, ws, n, all)),
  ]);
  const input: IndexInput = {
    jobs: plain(jobs) as never,
    models: plain(models) as never,
    data: plain(data) as never,
    components: plain(components) as never,
  };
  // Environments and code versions are many (curated environments) and only matter where named: look those up.
  const named = buildIndex(input);
  const wanted = (kind: "environment" | "code") =>
    Object.values(named.nodes)
      .filter((n) => n.kind === kind)
      .map((n) => parseKey(n.key) as { name: string; version: string });
  const envNames = [...new Set(wanted("environment").map((p) => p.name))];
  const envVersions = await mapLimit(envNames, (n) =>
    collect(c.environmentVersions.list(rg, ws, n, all))
      .then((vs) => vs.map((v) => `${n}:${v.name}`))
      .catch((e) => (notFound(e) ? [] : Promise.reject(e))),
  );
  const codes = await mapLimit(wanted("code"), (p) =>
    c.codeVersions
      .get(rg, ws, p.name, p.version)
      .then(() => `${p.name}:${p.version}`)
      .catch((e) => (notFound(e) ? null : Promise.reject(e))),
  );
  return { ...input, known: { environment: envVersions.flat(), code: codes.filter((x): x is string => !!x) } };
}

/** The workspace's lineage index through the one cache (15 s fresh; a new job or asset shows within that). */
export function lineageIndex(ctx: WorkspaceContext): Promise<Cached<LineageIndex>> {
  return ctx.cached("lineage", "index", async () => buildIndex(await readLineageInput(ctx)), { freshMs: 15_000 });
}

/**
 * The index, read again when it does not know the node asked about and was built more than a second ago: the node
 * was most likely registered or submitted since (a model registered from a job, then opened), not deleted.
 */
async function indexKnowing(ctx: WorkspaceContext, node: string): Promise<Cached<LineageIndex>> {
  const got = await lineageIndex(ctx);
  if (got.data.nodes[node] || got.cache.ageMs < 1_000) return got;
  await invalidate(ctx.workspaceId, "lineage");
  return lineageIndex(ctx);
}

/** The nodes within `hops` of a node, up- and/or downstream. A deleted or unknown node comes back `missing`. */
export async function getLineage(ctx: WorkspaceContext, q: LineageQuery): Promise<Cached<LineageView>> {
  const { data, cache } = await indexKnowing(ctx, q.node);
  return { data: neighbourhood(data, q.node, q.direction, q.hops), cache };
}

/** Every job, step and model downstream of a data or environment version; as JSON rows or a CSV download. */
export async function getImpact(ctx: WorkspaceContext, q: ImpactQuery): Promise<Cached<ImpactRow[]> | Response> {
  if (!["data", "environment"].includes(kindOfKey(q.node)))
    throw ApiError.badRequest("Impact is listed for data and environment versions.", "node");
  const { data, cache } = await indexKnowing(ctx, q.node);
  const rows = impact(data, q.node);
  if (q.format === "json") return { data: rows, cache };
  const p = parseKey(q.node) as { name: string; version: string };
  const file = `impact-${kindOfKey(q.node)}-${p.name}-${p.version}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(impactCsv(rows), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "no-store",
      ...cacheMetaHeaders(cache),
    },
  });
}
