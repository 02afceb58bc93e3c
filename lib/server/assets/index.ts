import "server-only";
import { getContinuationToken } from "@azure/arm-machinelearning";
import { z } from "@/lib/domain/zod";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import type { Cached } from "@/lib/domain/cache-meta";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import {
  sortVersionsNewestFirst,
  stringMap,
  type ArchivedFilter,
  type ArmAssetVersion,
  type AssetKind,
  type AssetSummary,
  type AssetVersion,
  type AssetVersionPage,
  type VersionHistorySeed,
} from "@/lib/domain/versions";
import { assetVersionProblem, newAssetNameProblem } from "@/lib/domain/storage-names";
import { assetName, assetVersion } from "@/lib/domain/arm-name-schemas";

/**
 * The one versioned-asset kernel of the studio: containers and versions of models, environments, data and
 * components read and written through the cache, always answered in the shared shapes (`AssetSummary` for a
 * container, `AssetVersion` for a version). A kind says only how its ARM version maps to `AssetVersion` and what
 * else it guards; registering a new version stays with the kind (each has its own sources and checks).
 */

/** An ARM version as plain JSON; each kind reads its own properties from it. */
export type ArmVersion = ArmAssetVersion<Record<string, unknown>>;

/** An ARM asset container as plain JSON. */
export type ArmContainer = {
  id?: string;
  name?: string;
  properties: {
    description?: string | null;
    tags?: Record<string, string | null> | null;
    isArchived?: boolean;
    latestVersion?: string | null;
    nextVersion?: string | null;
  } & Record<string, unknown>;
  systemData?: {
    createdBy?: string;
    createdAt?: string | Date;
    lastModifiedBy?: string;
    lastModifiedAt?: string | Date;
  };
};

export type AssetSpec<Latest extends object = object> = {
  kind: AssetKind;
  /** What messages call one ("model", "environment", "data asset", "component"). */
  noun: string;
  toAsset(name: string, v: ArmVersion): AssetVersion;
  /** The tag that holds the lifecycle stage, for kinds that have one (models). */
  stageTag?: string;
  /** Refuses writes to assets the studio must leave alone (curated environments); throws an ApiError. */
  checkWritable?(name: string): void;
  /** Container properties a container PUT must repeat (a data asset's dataType). */
  keepContainerProperties?: readonly string[];
  /** What the kind's summaries add from the container itself (a data asset's dataType, curated environments). */
  containerFields?(c: ArmContainer): object;
  /**
   * What the kind's list (`listAssets`) shows of each asset's latest version (null: it has none, or it is gone):
   * a data asset's URI, a component's ports. The 2022-10-01 API lists containers without them, so a list that has
   * them reads each latest version once per refresh (16 at a time). Also what `readVersionExtras` answers.
   */
  latestFields?(name: string, latest: ArmVersion | null): Latest;
  /** The order of the kind's list (default: by name). */
  listOrder?(a: AssetSummary, b: AssetSummary): number;
};

/** The SDK's operation groups of every versioned kind share these calls (typed loosely: bodies differ by kind). */
type ContainerOps = {
  list(rg: string, ws: string, o?: { listViewType?: string }): AsyncIterable<unknown>;
  get(rg: string, ws: string, name: string): Promise<unknown>;
  createOrUpdate(rg: string, ws: string, name: string, body: never): Promise<unknown>;
};
type VersionOps = {
  list(
    rg: string,
    ws: string,
    name: string,
    o?: { listViewType?: string; orderBy?: string; skip?: string },
  ): AsyncIterable<unknown> & { byPage(): AsyncIterator<unknown[]> };
  get(rg: string, ws: string, name: string, version: string): Promise<unknown>;
  createOrUpdate(rg: string, ws: string, name: string, version: string, body: never): Promise<unknown>;
};

function operations(ctx: WorkspaceContext, kind: AssetKind): { containers: ContainerOps; versions: VersionOps } {
  const c = ctx.client;
  const groups = {
    model: [c.modelContainers, c.modelVersions],
    environment: [c.environmentContainers, c.environmentVersions],
    data: [c.dataContainers, c.dataVersions],
    component: [c.componentContainers, c.componentVersions],
  }[kind];
  return { containers: groups[0] as unknown as ContainerOps, versions: groups[1] as unknown as VersionOps };
}

const LIST_VIEW: Record<ArchivedFilter, string> = { exclude: "ActiveOnly", include: "All", only: "ArchivedOnly" };
const iso = (d: string | Date | undefined) => (d ? new Date(d).toISOString() : null);
const notFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

function containerSummary(spec: AssetSpec, c: ArmContainer): AssetSummary {
  return {
    ...spec.containerFields?.(c),
    name: c.name ?? "",
    description: c.properties.description ?? "",
    tags: stringMap(c.properties.tags),
    latestVersion: c.properties.latestVersion ?? null,
    nextVersion: c.properties.nextVersion ?? "1",
    archived: !!c.properties.isArchived,
    createdAt: iso(c.systemData?.createdAt),
    createdBy: c.systemData?.createdBy ?? null,
    modifiedAt: iso(c.systemData?.lastModifiedAt),
    modifiedBy: c.systemData?.lastModifiedBy ?? null,
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/**
 * The assets of a kind in the kind's `listOrder` (by name), each with its `latestFields` when the kind has them.
 * A write revises this list's cached rows in place (`invalidateAssets`).
 */
export function listAssets<Latest extends object>(
  ctx: WorkspaceContext,
  spec: AssetSpec<Latest>,
  archived: ArchivedFilter,
) {
  return ctx.cached(spec.kind, listKey(archived), async (): Promise<(AssetSummary & Latest)[]> => {
    const containers = await readContainers(ctx, spec, archived);
    const rows = await mapLimit(containers, 16, async (c): Promise<AssetSummary & Latest> => {
      const summary = containerSummary(spec, c);
      // A kind without latestFields has `object` for Latest: its rows are the summaries.
      if (!spec.latestFields) return summary as AssetSummary & Latest;
      const latest = summary.latestVersion
        ? await findArmVersion(ctx, spec, summary.name, summary.latestVersion).catch(() => null)
        : null;
      return { ...summary, ...spec.latestFields(summary.name, latest) };
    });
    return rows.sort(spec.listOrder ?? byName);
  });
}

/**
 * The assets of a kind as their containers alone (name, latest version, description, dates), sorted by name: one
 * paged upstream list and no read per asset, whatever `listAssets` adds for its kind. For what names assets and
 * needs nothing of their latest version (the overview, the palette): a list that reads each latest version costs a
 * workspace of 10,000 models 10,000 upstream calls per refresh. A cache row of its own (the shapes differ).
 */
export function listAssetSummaries(ctx: WorkspaceContext, spec: AssetSpec, archived: ArchivedFilter) {
  return ctx.cached(spec.kind, listKey(`${archived}:summaries`), async (): Promise<AssetSummary[]> =>
    (await readContainers(ctx, spec, archived)).map((c) => containerSummary(spec, c)).sort(byName),
  );
}

/** A version of an asset as a list names it: `name@version` in a query (neither part may hold '@' or ','). */
export type VersionRef = { name: string; version: string };

/**
 * What a list shows of the latest versions of the rows on screen: the kind's `latestFields` of each named version,
 * each through a cached row of its own (dropped with the kind's rows on any write), at most 16 upstream reads at a
 * time. A list of containers (`listAssetSummaries`) and this for the rows in view cost a workspace of 10,000 assets
 * one paged list and a screenful of reads, where `listAssets` costs 10,000 reads on every refresh. A version that
 * no longer exists gives `latestFields(name, null)`; any other failure fails the read. Answered as one cached read
 * whose metadata is that of its oldest (or stale) row.
 */
export async function readVersionExtras<Latest extends object>(
  ctx: WorkspaceContext,
  spec: AssetSpec<Latest> & Required<Pick<AssetSpec<Latest>, "latestFields">>,
  refs: VersionRef[],
): Promise<Cached<Record<string, Latest>>> {
  const rows = await mapLimit(refs, 16, ({ name, version }) =>
    ctx.cached(spec.kind, `extra:${name.toLowerCase()}:${version}`, async () =>
      spec.latestFields(name, await findArmVersion(ctx, spec, name, version)),
    ),
  );
  const oldest = rows.reduce<Cached<Latest>["cache"] | null>(
    (worst, r) => (!worst || rank(r.cache) > rank(worst) ? r.cache : worst),
    null,
  ) ?? { source: "cache", ageMs: 0 };
  return { data: Object.fromEntries(refs.map((r, i) => [`${r.name}@${r.version}`, rows[i].data])), cache: oldest };
}

/** Which of two rows' metadata a batch reports: a stale row over any other, then the older. */
const rank = (c: Cached<unknown>["cache"]) => (c.source === "stale" ? 1e15 : 0) + c.ageMs;

async function readContainers(ctx: WorkspaceContext, spec: AssetSpec, archived: ArchivedFilter) {
  const ops = operations(ctx, spec.kind);
  const listed = ops.containers.list(ctx.ref.resourceGroup, ctx.ref.workspace, { listViewType: LIST_VIEW[archived] });
  return plain(await collect(listed)) as ArmContainer[];
}

/** One asset's container; 404 when it does not exist. */
export function getAsset(ctx: WorkspaceContext, spec: AssetSpec, name: string) {
  return ctx.cached(spec.kind, `item:${name.toLowerCase()}`, async () =>
    containerSummary(spec, await armContainer(ctx, spec, name)),
  );
}

/** The upstream's order of a history, which every page follows (Azure documents `createdtime desc` for versions). */
const VERSION_ORDER = "createdtime desc";

/**
 * A page cursor as the browser holds it: the upstream's continuation (`$skip` of its nextLink: an offset here, an
 * opaque token in Azure) wrapped so that anything else is refused here with a clear 400 rather than sent upstream.
 */
const cursorOf = (skip: string) => Buffer.from(JSON.stringify({ skip })).toString("base64url");

function skipOf(cursor: string): string | null {
  try {
    const { skip } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { skip?: unknown };
    return typeof skip === "string" && /^[\x21-\x7e]{1,2048}$/.test(skip) ? skip : null;
  } catch {
    return null;
  }
}

/** `?cursor=` of a version list route: absent for the first page, else the `next` of the page before. */
export const versionPageQuery = z
  .object({
    cursor: z
      .string()
      .max(4096)
      .transform((cursor, check) => {
        const skip = skipOf(cursor);
        if (skip === null)
          check.addIssue({
            code: "custom",
            message: "is not a cursor of this version history; load the first page again (no cursor)",
          });
        return skip ?? "";
      })
      .optional(),
  })
  .strict();

/** The most versions one `versionRefsQuery` names: a screenful of rows and their overscan, with room to spare. */
export const MAX_VERSION_REFS = 100;

/**
 * `?versions=name@version,…`: the versions a list asks about for the rows on screen (what `readVersionExtras`
 * reads). Each part is checked as a path's name and version would be; a bad one is a 400 naming it.
 */
export const versionRefsQuery = z
  .object({
    versions: z
      .string()
      .max(MAX_VERSION_REFS * 512)
      .transform((text, check): VersionRef[] => {
        const items = [...new Set(text.split(",").filter(Boolean))];
        if (items.length === 0 || items.length > MAX_VERSION_REFS)
          check.addIssue({ code: "custom", message: `must name 1 to ${MAX_VERSION_REFS} versions as name@version` });
        return items.flatMap((item) => {
          const [name, version, ...rest] = item.split("@");
          const nameOk = assetName.safeParse(name ?? "");
          const versionOk = assetVersion.safeParse(version ?? "");
          if (rest.length || !nameOk.success || !versionOk.success) {
            const why = !nameOk.success
              ? `its name ${nameOk.error.issues[0].message}`
              : !versionOk.success
                ? `its version ${versionOk.error.issues[0].message}`
                : "it has more than one '@'";
            check.addIssue({ code: "custom", message: `"${item.slice(0, 300)}" is not name@version: ${why}` });
            return [];
          }
          return [{ name: name!, version: version! }];
        });
      }),
  })
  .strict();

/** The upstream's continuation of a page (`$skip` of its nextLink), or null on the last page. */
function continuationOf(page: unknown[]): string | null {
  const nextLink = getContinuationToken(page);
  if (!nextLink) return null;
  const url = new URL(nextLink);
  const skip = url.searchParams.get("$skip") ?? url.searchParams.get("$skipToken");
  if (!skip) throw new ApiError(502, "UpstreamError", `The service's next page link has no $skip: ${nextLink}`);
  return skip;
}

/**
 * One page of an asset's versions (archived too), newest first, in the common version shape, with the cursor of
 * the next page: `skip` null for the first page (404 when there is no such asset), else a continuation from
 * `versionPageQuery`. Each page is one upstream page (100 versions on the local service) and one cached row, so a
 * history of 10,000 versions costs its first page what one of 100 does; writes drop them all with the kind's rows.
 */
export function listAssetVersionPage(ctx: WorkspaceContext, spec: AssetSpec, name: string, skip: string | null) {
  const key = `versions:${name.toLowerCase()}:${skip === null ? "first" : `skip:${skip}`}`;
  return ctx.cached(spec.kind, key, async (): Promise<AssetVersionPage> => {
    const ops = operations(ctx, spec.kind);
    const options = { listViewType: "All", orderBy: VERSION_ORDER, ...(skip === null ? {} : { skip }) };
    const firstUpstreamPage = async () => {
      const page = await ops.versions.list(ctx.ref.resourceGroup, ctx.ref.workspace, name, options).byPage().next();
      return page.done ? [] : page.value;
    };
    // The first page also says whether the asset exists (a 404 naming it), asked alongside, not before.
    const [container, page] = await Promise.allSettled([
      skip === null ? armContainer(ctx, spec, name) : null,
      firstUpstreamPage(),
    ]);
    if (container.status === "rejected") throw container.reason;
    if (page.status === "rejected") throw page.reason;
    const next = continuationOf(page.value);
    const versions = (plain(page.value) as ArmVersion[]).map((v) => spec.toAsset(name, v));
    return { versions, next: next === null ? null : cursorOf(next) };
  });
}

/** Every version of an asset, newest first, read page by page through the same cached pages; 404 for no such asset. */
export async function listAssetVersions(ctx: WorkspaceContext, spec: AssetSpec, name: string) {
  const first = await listAssetVersionPage(ctx, spec, name, null);
  const versions = [...first.data.versions];
  for (let next = first.data.next; next !== null;) {
    const skip = skipOf(next);
    if (skip === null) throw new Error(`unreadable cursor in the cached history of ${name}: ${next}`);
    const page = await listAssetVersionPage(ctx, spec, name, skip);
    versions.push(...page.data.versions);
    next = page.data.next;
  }
  return { data: sortVersionsNewestFirst(versions), cache: first.cache };
}

/**
 * What a history page rendered on the server starts with: the first page, plus each version the URL names that
 * is not on it (a deep link to version 3 of 10,000). A named version that cannot be read is left to the browser,
 * which asks for it again and shows why it failed.
 */
export async function readVersionHistory(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  named: string[],
): Promise<VersionHistorySeed> {
  const first = await listAssetVersionPage(ctx, spec, name, null);
  const missing = named.filter((v) => !first.data.versions.some((x) => x.version === v));
  const read = await Promise.all(missing.map((v) => getAssetVersion(ctx, spec, name, v).catch(() => null)));
  return { first, named: read.filter((r) => r !== null) };
}

/** One version in the common shape; 404 naming the asset when it does not exist. */
export function getAssetVersion(ctx: WorkspaceContext, spec: AssetSpec, name: string, version: string) {
  return ctx.cached(spec.kind, `version:${name.toLowerCase()}:${version}`, async () =>
    spec.toAsset(name, await armVersion(ctx, spec, name, version)),
  );
}

/** The ARM container, or null when there is none. */
export async function findArmContainer(ctx: WorkspaceContext, spec: AssetSpec, name: string) {
  try {
    return plain(
      await operations(ctx, spec.kind).containers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name),
    ) as ArmContainer;
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
}

/** The ARM version, or null when there is none. */
async function findArmVersion(ctx: WorkspaceContext, spec: AssetSpec, name: string, version: string) {
  try {
    return plain(
      await operations(ctx, spec.kind).versions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, version),
    ) as ArmVersion;
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
}

async function armContainer(ctx: WorkspaceContext, spec: AssetSpec, name: string): Promise<ArmContainer> {
  const c = await findArmContainer(ctx, spec, name);
  if (!c) throw ApiError.notFound(`The ${spec.noun} ${name} does not exist.`);
  return c;
}

/** The ARM version; 404 naming the asset and version when it does not exist. */
export async function armVersion(ctx: WorkspaceContext, spec: AssetSpec, name: string, version: string) {
  const v = await findArmVersion(ctx, spec, name, version);
  if (!v) throw ApiError.notFound(`Version ${version} of ${spec.noun} ${name} does not exist.`);
  return v;
}

/**
 * Checks the name (a new asset: no '.') and version label, and refuses a version that exists, before anything is
 * written: 409 `VersionExists` naming the next free version. Without a version, the container's next one (or 1).
 * Answers the container (null for a new asset) and the version, from one read of the container.
 */
export async function refuseExistingVersion(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  wanted: string | undefined,
): Promise<{ container: ArmContainer | null; version: string }> {
  const versionProblem = wanted === undefined ? null : assetVersionProblem(wanted);
  if (versionProblem) throw ApiError.badRequest(`"${wanted}" is not a version label. ${versionProblem}`, "version");
  const container = await findArmContainer(ctx, spec, name);
  const version = wanted ?? container?.properties.nextVersion ?? "1";
  // Reads take Azure's dotted curated names; a new asset takes the service's create rule.
  const nameProblem = container ? null : newAssetNameProblem(name);
  if (nameProblem) throw ApiError.badRequest(`"${name}" cannot name a new ${spec.noun}. ${nameProblem}`, "name");
  if (container && (await findArmVersion(ctx, spec, name, version)))
    throw new ApiError(
      409,
      "VersionExists",
      `Version ${version} of ${spec.noun} ${name} already exists. Versions cannot be overwritten; use version ${container.properties.nextVersion ?? "another number"}.`,
      "version",
    );
  return { container, version };
}

/** Creates a version (the kind has checked and prepared its properties) and answers it in the common shape. */
export async function putAssetVersion(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  version: string,
  properties: Record<string, unknown>,
): Promise<AssetVersion> {
  const ops = operations(ctx, spec.kind);
  const created = await ops.versions.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, version, {
    properties,
  } as never);
  const written = plain(created) as ArmVersion;
  await invalidateAssets(ctx, spec, name, { version: written });
  return spec.toAsset(name, written);
}

type AssetVersionPatch = {
  description?: string;
  tags?: Record<string, string>;
  /** Kinds with a stage tag only; null removes the stage. */
  stage?: string | null;
  archived?: boolean;
};

/**
 * Edits a version's description, tags or stage, archives or restores it. An archived version takes no edits until
 * restored (409 `VersionArchived`), as the service refuses them too.
 */
export async function patchAssetVersion(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  version: string,
  body: AssetVersionPatch,
): Promise<AssetVersion> {
  spec.checkWritable?.(name);
  if (body.stage !== undefined && !spec.stageTag) throw ApiError.badRequest(`A ${spec.noun} has no stage.`, "stage");
  const current = await armVersion(ctx, spec, name, version);
  const editing = body.description !== undefined || body.tags !== undefined || body.stage !== undefined;
  const archivedAfter = body.archived ?? !!current.properties.isArchived;
  if (editing && archivedAfter)
    throw new ApiError(
      409,
      "VersionArchived",
      `Version ${version} of ${spec.noun} ${name} is archived and cannot be edited. Restore it first.`,
      "archived",
    );
  const currentTags = stringMap(current.properties.tags);
  let tags = body.tags ?? currentTags;
  if (spec.stageTag) {
    const stage = body.stage === undefined ? currentTags[spec.stageTag] : body.stage;
    const rest = Object.fromEntries(Object.entries(tags).filter(([k]) => k !== spec.stageTag));
    tags = { ...rest, ...(stage ? { [spec.stageTag]: stage } : {}) };
  }
  return putAssetVersion(ctx, spec, name, version, {
    ...current.properties,
    description: body.description ?? current.properties.description,
    tags,
    isArchived: archivedAfter,
  });
}

/** Edits an asset's description or tags, archives or restores it (the service archives its versions with it). */
export async function patchAsset(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  body: { description?: string; tags?: Record<string, string>; archived?: boolean },
): Promise<AssetSummary> {
  spec.checkWritable?.(name);
  const current = await armContainer(ctx, spec, name);
  const p = current.properties;
  const kept = Object.fromEntries((spec.keepContainerProperties ?? []).map((k) => [k, p[k]]));
  const saved = await operations(ctx, spec.kind).containers.createOrUpdate(
    ctx.ref.resourceGroup,
    ctx.ref.workspace,
    name,
    {
      properties: {
        ...kept,
        description: body.description ?? p.description,
        tags: body.tags ?? p.tags,
        isArchived: body.archived ?? p.isArchived,
      },
    } as never,
  );
  const container = plain(saved) as ArmContainer;
  await invalidateAssets(ctx, spec, name, { container });
  return containerSummary(spec, container);
}

const ARCHIVED_FILTERS: readonly ArchivedFilter[] = ["exclude", "include", "only"];
const inView = (archived: ArchivedFilter, s: AssetSummary) =>
  archived === "include" || (archived === "only") === s.archived;

/**
 * After a write to the asset `name`: its cached rows are dropped (container, versions, pages, details; other assets'
 * are not: a write changes one asset), and so are the kind's lists (`listAssets`, `listAssetSummaries`) but
 * for a revision: the asset's row in each is replaced by the asset as it is
 * now (its container: `written.container`, else read once here; its latest version when the list shows
 * `latestFields`: `written.version` when that is the latest, else read once here),
 * or removed when it left that view (or is gone). A write to one of 10,000 models then costs its list's next
 * reader nothing upstream, not 101 pages and 10,000 reads. When the asset cannot be read now, the lists are
 * dropped: the write is done and must not fail for it.
 */
export async function invalidateAssets(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  written: { container?: ArmContainer; version?: ArmVersion } = {},
) {
  const lower = name.toLowerCase();
  // The asset's own rows (the keys above; "item:name" also takes "item:name-longer": a re-read, no harm).
  const ownRows = { startsWith: [`item:${lower}`, `version:${lower}:`, `versions:${lower}:`, `extra:${lower}:`] };
  const now = await currentRows(ctx, spec, name, written).catch(() => undefined);
  if (now === undefined) return invalidate(ctx.workspaceId, spec.kind, ownRows);
  const lists = ARCHIVED_FILTERS.flatMap((archived) => [
    { key: listKey(`${archived}:summaries`), archived, row: now?.summary, order: byName },
    { key: listKey(archived), archived, row: now?.listed, order: spec.listOrder ?? byName },
  ]);
  const byKey = new Map(lists.map((l) => [l.key, l]));
  await invalidate(ctx.workspaceId, spec.kind, ownRows, {
    keys: [...byKey.keys()],
    apply(key, data) {
      const { archived, row, order } = byKey.get(key)!;
      const others = (data as AssetSummary[]).filter((s) => s.name.toLowerCase() !== lower);
      return row && inView(archived, row) ? [...others, row].sort(order) : others;
    },
  });
}

/** The asset's row in each kind of list as it is now, or null when it is gone; reads only what the write did not answer. */
async function currentRows(
  ctx: WorkspaceContext,
  spec: AssetSpec,
  name: string,
  written: { container?: ArmContainer; version?: ArmVersion },
) {
  const c = written.container ?? (await findArmContainer(ctx, spec, name));
  if (!c) return null;
  const summary = containerSummary(spec, c);
  if (!spec.latestFields) return { summary, listed: summary };
  const latest = !summary.latestVersion
    ? null
    : written.version?.name === summary.latestVersion
      ? written.version
      : await findArmVersion(ctx, spec, summary.name, summary.latestVersion);
  return { summary, listed: { ...summary, ...spec.latestFields(summary.name, latest) } };
}
