import "server-only";
import { z } from "@/lib/domain/zod";
import { studioPath } from "@/lib/domain/arm-names";
import type { Principal } from "@/lib/server/auth";
import { ApiError } from "@/lib/server/errors";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { listComputes } from "@/features/compute/server";
import { listDatastores } from "@/features/datastores/server";
import { listDataAssetSummaries, listVersions as listDataVersions } from "@/features/data-assets/server";
import { listModelSummaries, listModelVersions } from "@/features/models/server";
import { listEnvironments, listEnvironmentVersions } from "@/features/environments/server";
import { getComponent, listComponentSummaries } from "@/features/components/server";
import { listJobs } from "@/features/jobs/server";
import { listWorkspaces } from "@/features/workspaces/server";
import {
  bestMatches,
  bestSearchable,
  parsePaletteQuery,
  searchable,
  type Searchable,
  type PaletteAnswer,
  type PaletteItem,
  type PaletteKind,
  type VersionedKind,
} from "../model";

export const paletteQuery = z.strictObject({
  q: z.string().trim().min(1, "q is required: the text to find").max(200, "q is at most 200 characters"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type PaletteQueryInput = z.infer<typeof paletteQuery>;

const PER_KIND = 8;
/**
 * How old a list the palette searches may be. A change made through the studio invalidates its list at once; one
 * made elsewhere, or a state shown beside a name, may lag a minute. In return typing does not make the server fetch
 * 10,000 models or jobs again every few seconds (each list's own page keeps its own, shorter freshness).
 */
const SEARCH_FRESH_MS = 60_000;
/** Assets per kind whose versions a `name:version` query looks up (each is one cached versions list). */
const VERSION_LOOKUPS = 3;
const enc = encodeURIComponent;

type Source = {
  kind: PaletteKind;
  list: () => Promise<Searchable<PaletteItem>[]>;
};

/**
 * Each cached list made searchable once: the cache hands out the same list object while it is unchanged, so a
 * palette over 10,000 models and 10,000 jobs maps and lowercases them once, not on every keystroke.
 */
const prepared = new WeakMap<object, Searchable<PaletteItem>[]>();
function prepare<T>(list: T[], toItem: (t: T) => PaletteItem): Searchable<PaletteItem>[] {
  const known = prepared.get(list);
  if (known) return known;
  const out = list.map((t) => {
    const item = toItem(t);
    return searchable(item, item.name, item.detail);
  });
  prepared.set(list, out);
  return out;
}

/**
 * Finds workspaces, computes, datastores, data assets, models, environments, components and jobs of a workspace by
 * name, over the same cached lists the sections show (the one read-through cache: no upstream call while a list is
 * fresh, and only lists the caller may read). A query that names a version (`iris:3`, `iris@latest`, `ir:3`) also
 * answers that version of the assets whose names start with it, checked against each asset's versions. A list that fails upstream
 * leaves its kind out and says so; the others still answer.
 */
export async function searchWorkspace(
  caller: WorkspaceContext,
  principal: Principal,
  input: PaletteQueryInput,
): Promise<{ data: PaletteAnswer }> {
  const ctx = searchContext(caller);
  const query = parsePaletteQuery(input.q);
  const base = studioPath(ctx.ref);
  const sources: Source[] = [
    {
      kind: "workspace",
      list: async () =>
        prepare((await listWorkspaces(principal)).data, (w) => ({
          kind: "workspace" as const,
          name: w.name,
          detail: `${w.resourceGroup} · ${w.location}`,
          href: `${studioPath({ subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspace: w.name })}/compute`,
        })),
    },
    {
      kind: "compute",
      list: async () =>
        prepare((await listComputes(ctx)).data, (c) => ({
          kind: "compute" as const,
          name: c.name,
          detail: `${c.computeType} · ${c.state}`,
          href: `${base}/compute?name=${enc(c.name)}`,
        })),
    },
    {
      kind: "datastore",
      list: async () =>
        prepare((await listDatastores(ctx)).data, (d) => ({
          kind: "datastore" as const,
          name: d.name,
          detail: `${d.type}${d.container ? ` · ${d.container}` : ""}`,
          href: `${base}/datastores/${enc(d.name)}`,
        })),
    },
    // Names and latest versions only: the full lists read each asset's latest version (one call per asset).
    assetSource("data", "data", async () => (await listDataAssetSummaries(ctx, "active")).data, base),
    assetSource("model", "models", async () => (await listModelSummaries(ctx, "exclude")).data, base),
    assetSource("environment", "environments", async () => (await listEnvironments(ctx, "exclude")).data, base),
    {
      kind: "component",
      list: async () =>
        prepare((await listComponentSummaries(ctx)).data, (c) => ({
          kind: "component" as const,
          name: c.name,
          detail: c.latestVersion ? `latest ${c.latestVersion}` : c.description,
          href: `${base}/components?name=${enc(c.name)}`,
        })),
    },
    {
      kind: "job",
      list: async () =>
        prepare((await listJobs(ctx)).data, (j) => ({
          kind: "job" as const,
          name: j.name,
          detail: [j.displayName !== j.name ? j.displayName : null, j.jobType, j.status].filter(Boolean).join(" · "),
          href: `${base}/jobs/${enc(j.name)}`,
        })),
    },
  ];

  const answers = await Promise.allSettled(sources.map((s) => s.list()));
  const items: PaletteItem[] = [];
  const unavailable: PaletteAnswer["unavailable"] = [];
  const versionLookups: Promise<PaletteItem | null>[] = [];
  answers.forEach((a, i) => {
    const kind = sources[i].kind;
    if (a.status === "rejected") {
      const e = a.reason as unknown;
      // A kind the caller may not read (403) is simply not searched; anything else is reported.
      if (!(e instanceof ApiError && e.status === 403))
        unavailable.push({ kind, reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    const list = a.value;
    if (query.version && isVersioned(kind)) {
      // `fraud-det:3`: the version of the assets whose names start with the text (the closest few).
      const named = bestSearchable(
        list.filter((c) => c.name.startsWith(query.text)),
        query.text,
        VERSION_LOOKUPS,
      );
      for (const asset of named) versionLookups.push(versionItem(ctx, kind, asset, query.version, base));
    }
    items.push(...bestSearchable(list, query.version ? query.text : input.q.trim().toLowerCase(), PER_KIND));
  });
  const versions = (await Promise.all(versionLookups)).filter((v): v is PaletteItem => v !== null);
  // Versions the query named first, then every kind's best, best overall first.
  const ranked = bestMatches(
    items,
    query.version ? query.text : input.q.trim().toLowerCase(),
    (it) => it.name,
    (it) => it.detail,
    input.limit,
  );
  return { data: { items: [...versions, ...ranked].slice(0, input.limit), unavailable } };
}

/** The caller's workspace context, its cached reads accepting lists up to SEARCH_FRESH_MS old. */
function searchContext(ctx: WorkspaceContext): WorkspaceContext {
  return {
    ...ctx,
    cached: (kind, key, fetch, opts) =>
      ctx.cached(kind, key, fetch, { ...opts, freshMs: Math.max(opts?.freshMs ?? 0, SEARCH_FRESH_MS) }),
  };
}

function isVersioned(kind: PaletteKind): kind is VersionedKind {
  return kind === "data" || kind === "model" || kind === "environment" || kind === "component";
}

function assetSource(
  kind: "data" | "model" | "environment",
  segment: string,
  list: () => Promise<{ name: string; latestVersion: string | null; description: string }[]>,
  base: string,
): Source {
  return {
    kind,
    list: async () =>
      prepare(await list(), (a) => ({
        kind,
        name: a.name,
        detail: a.latestVersion
          ? `latest ${a.latestVersion}${a.description ? ` · ${a.description}` : ""}`
          : a.description,
        href: `${base}/${segment}/${enc(a.name)}`,
      })),
  };
}

/** The asset's version the query named, if it has one (`latest` is its newest); null when it does not. */
async function versionItem(
  ctx: WorkspaceContext,
  kind: VersionedKind,
  asset: PaletteItem,
  version: string,
  base: string,
): Promise<PaletteItem | null> {
  const versions = await (
    kind === "model"
      ? listModelVersions(ctx, asset.name).then((r) => r.data)
      : kind === "environment"
        ? listEnvironmentVersions(ctx, asset.name).then((r) => r.data)
        : kind === "data"
          ? listDataVersions(ctx, asset.name).then((r) => r.data)
          : getComponent(ctx, asset.name).then((r) => r.data.versions)
  ).catch(() => []);
  const found =
    version === "latest"
      ? versions[0]
      : versions.find((v: { version: string }) => v.version.toLowerCase() === version.toLowerCase());
  if (!found) return null;
  const page = kind === "component" ? `${base}/components?name=${enc(asset.name)}&` : `${asset.href}?`;
  return {
    kind,
    name: `${asset.name}:${found.version}`,
    detail: `version ${found.version} of ${kind === "data" ? "data asset" : kind} ${asset.name}`,
    href: `${page}version=${enc(found.version)}`,
  };
}
