/**
 * The command palette's pure logic: what a query means (a name, optionally with a version: `iris:3`, `iris 3`,
 * `iris@latest`), how well a candidate matches it, and the order of the answer.
 */

export const PALETTE_KINDS = [
  "section",
  "action",
  "workspace",
  "compute",
  "datastore",
  "data",
  "model",
  "environment",
  "component",
  "job",
] as const;
export type PaletteKind = (typeof PALETTE_KINDS)[number];

/** Kinds whose items have versions a query can name. */
export const VERSIONED_KINDS = ["data", "model", "environment", "component"] as const;
export type VersionedKind = (typeof VERSIONED_KINDS)[number];

export interface PaletteItem {
  kind: PaletteKind;
  /** What the item is called (a job's name; a version's `name:version`). */
  name: string;
  /** A second line: display name, type, state, status. */
  detail: string;
  /** The studio page it opens. */
  href: string;
}

export interface PaletteAnswer {
  items: PaletteItem[];
  /** Kinds that could not be searched (their list failed upstream), each with why. */
  unavailable: { kind: PaletteKind; reason: string }[];
}

export interface PaletteQuery {
  /** Lowercased text to find in names. */
  text: string;
  /** A version the query names (`3`, `latest`), or null. */
  version: string | null;
}

/** `iris:3`, `iris 3`, `iris@latest` → a name and a version; anything else is text to find. */
export function parsePaletteQuery(raw: string): PaletteQuery {
  const q = raw
    .trim()
    .toLowerCase()
    .replace(/^azureml:/, "");
  const m = /^(.+?)(?::|@|\s+v?)([0-9][\w.-]*|latest)$/.exec(q);
  return m ? { text: m[1].trim(), version: m[2] } : { text: q, version: null };
}

/** A candidate with its name split and lowercased once, so a list searched again and again is not re-split. */
export interface Searchable<T> {
  value: T;
  name: string;
  words: string[];
  detail: string;
}

export function searchable<T>(value: T, name: string, detail = ""): Searchable<T> {
  const n = name.toLowerCase();
  return { value, name: n, words: n.split(/[\s_\-.:/]+/), detail: detail.toLowerCase() };
}

/**
 * How well a name (and its detail) matches: 0 = not at all; exact name 100, name prefix 80, a word of the name
 * starting with the text 60, anywhere in the name 40, anywhere in the detail 20. Shorter names win ties.
 */
export function searchableScore(text: string, c: Searchable<unknown>): number {
  if (!text) return 1;
  const n = c.name;
  let score = 0;
  if (n === text) score = 100;
  else if (n.startsWith(text)) score = 80;
  else if (c.words.some((w) => w.startsWith(text))) score = 60;
  else if (n.includes(text)) score = 40;
  else if (c.detail.includes(text)) score = 20;
  return score === 0 ? 0 : score - Math.min(n.length, 19) / 20;
}

export function matchScore(text: string, name: string, detail = ""): number {
  return searchableScore(text, searchable(null, name, detail));
}

/** The best `limit` candidates by a score (0 = left out), best first (one pass; only the kept ones are sorted). */
function best<T>(candidates: Iterable<T>, scoreOf: (t: T) => number, limit: number): T[] {
  const kept: { t: T; score: number }[] = [];
  let floor = 0;
  for (const t of candidates) {
    const score = scoreOf(t);
    if (score === 0 || (kept.length >= limit && score <= floor)) continue;
    kept.push({ t, score });
    if (kept.length > limit * 4) {
      kept.sort((a, b) => b.score - a.score);
      kept.length = limit;
      floor = kept[limit - 1].score;
    }
  }
  return kept
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((k) => k.t);
}

/** The best `limit` matches of many candidates, best first. */
export function bestMatches<T>(
  candidates: Iterable<T>,
  text: string,
  nameOf: (t: T) => string,
  detailOf: (t: T) => string,
  limit: number,
): T[] {
  return best(candidates, (t) => matchScore(text, nameOf(t), detailOf(t)), limit);
}

/** The same over candidates prepared once (`searchable`): what the server does with lists of thousands. */
export function bestSearchable<T>(candidates: Iterable<Searchable<T>>, text: string, limit: number): T[] {
  return best(candidates, (c) => searchableScore(text, c), limit).map((c) => c.value);
}
