/**
 * The common shape of one version of any versioned asset (model, environment, data, component), as the one
 * version-history view (components/versions/) shows and compares it. Each feature maps its ARM version
 * resource to this shape on the server; the view and the comparison never look at the ARM body.
 */
import type { Cached } from "./cache-meta";

export type AssetKind = "model" | "environment" | "data" | "component";

/** One file of a version's artifacts, as listed from storage. Hashes are hex; either may be missing. */
export type VersionFile = { path: string; size: number; md5?: string; sha256?: string };

/** A text document that belongs to a version (conda YAML, Dockerfile, MLmodel, component spec). */
export type VersionDocument = { name: string; language: "yaml" | "dockerfile" | "json" | "text"; text: string };

/**
 * What is compared beyond metadata. `fields` are short scalar facts (model type, image, URI, build status);
 * `files` the artifacts with sizes and hashes; `documents` texts compared line by line.
 */
export type VersionContents = {
  fields: Record<string, string>;
  files?: VersionFile[];
  documents?: VersionDocument[];
};

export type AssetVersion = {
  /** ARM id of the version resource. */
  id: string;
  /** The version label ("1", "2", "2024-01-01"): ARM versions are strings. */
  version: string;
  createdBy?: string;
  createdAt?: string;
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  /** Lifecycle stage when the asset kind has one (models: "Development", "Production", …). */
  stage?: string;
  archived: boolean;
  contents: VersionContents;
};

/**
 * One asset (its container) as lists show it, for every kind. Kinds add what their list filters on (a model's
 * type and stage, a data asset's type and latest URI, a component's latest spec).
 */
export type AssetSummary = {
  name: string;
  description: string;
  tags: Record<string, string>;
  latestVersion: string | null;
  nextVersion: string;
  archived: boolean;
  createdAt: string | null;
  createdBy: string | null;
  modifiedAt: string | null;
  modifiedBy: string | null;
};

/** Which assets a list shows: active ones (the default), archived ones, or both. */
export const ARCHIVED_FILTERS = ["exclude", "include", "only"] as const;
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number];

/**
 * The parts of an ARM asset version (ModelVersion, EnvironmentVersion, …) every kind reads: plain JSON of the
 * SDK's model. `P` adds the kind's own properties.
 */
export type ArmAssetVersion<P> = {
  id?: string;
  name?: string;
  properties: {
    description?: string | null;
    tags?: Record<string, string | null> | null;
    properties?: Record<string, string | null> | null;
    isArchived?: boolean;
  } & P;
  systemData?: { createdBy?: string; createdAt?: string | Date; lastModifiedAt?: string | Date };
};

/** ARM's nullable string maps (tags, properties) as plain string maps. */
export const stringMap = (m: Record<string, string | null> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, v ?? ""]));

/**
 * Orders version labels as a person expects: numeric labels by number, others lexically (numeric first).
 * Returns < 0 when a comes before b.
 */
export function compareVersionLabels(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Newest first: the order of the timeline. */
export function sortVersionsNewestFirst<T extends { version: string }>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => compareVersionLabels(b.version, a.version));
}

/** The next free numeric version: one more than the highest numeric label (1 when there is none). */
export function nextVersionLabel(versions: readonly { version: string }[]): string {
  let max = 0;
  for (const v of versions) if (/^\d+$/.test(v.version)) max = Math.max(max, Number(v.version));
  return String(max + 1);
}

// ---------------------------------------------------------------- pages

/**
 * One page of a version history, newest first (the upstream's order: creation time, newest first). `next` is the
 * cursor of the following page, null on the last one; a cursor is opaque to the browser.
 */
export type AssetVersionPage = { versions: AssetVersion[]; next: string | null };

/**
 * What a history page rendered on the server hands to the browser: the first page, and the versions its URL names
 * (`?version=`, `?compare=`) that are not on that page, each read on its own.
 */
export type VersionHistorySeed = { first: Cached<AssetVersionPage>; named: Cached<AssetVersion>[] };

/** The versions a view state names: the selected one, or the two compared. */
export function versionsNamedBy(state: Pick<VersionViewState, "version" | "compare">): string[] {
  return state.compare ? [...new Set(state.compare)] : state.version ? [state.version] : [];
}

// ---------------------------------------------------------------- deep links

/**
 * What the URL says the history view shows: `?version=3` selects a version, `?compare=1,3` compares two,
 * `&diff=only` switches on "only differences", `&metric=accuracy` picks the trend's metric.
 */
export type VersionViewState = {
  version: string | null;
  compare: [string, string] | null;
  diffOnly: boolean;
  metric: string | null;
};

type ParamsLike = { get(name: string): string | null };

export function parseVersionViewState(params: ParamsLike): VersionViewState {
  const version = params.get("version");
  const compareRaw = params.get("compare");
  let compare: [string, string] | null = null;
  if (compareRaw) {
    const parts = compareRaw.split(",").map((s) => s.trim());
    if (parts.length === 2 && parts[0] && parts[1]) compare = [parts[0], parts[1]];
  }
  return {
    version: version || null,
    compare,
    diffOnly: params.get("diff") === "only",
    metric: params.get("metric") || null,
  };
}

/** Writes the view state into search params, keeping every other param (the page's own, such as `?name=`). */
export function versionViewSearch(base: string | URLSearchParams, state: Partial<VersionViewState>): string {
  const p = new URLSearchParams(base);
  const set = (k: string, v: string | null | undefined) => (v ? p.set(k, v) : p.delete(k));
  if ("version" in state) set("version", state.version);
  if ("compare" in state) set("compare", state.compare ? state.compare.join(",") : null);
  if ("diffOnly" in state) set("diff", state.diffOnly ? "only" : null);
  if ("metric" in state) set("metric", state.metric);
  const s = p.toString();
  // URLSearchParams encodes ',' as %2C; the comparison link reads better with a plain comma.
  return s ? `?${s.replace(/%2C/gi, ",")}` : "";
}
