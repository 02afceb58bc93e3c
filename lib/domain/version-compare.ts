import { diffLines } from "diff";
import { compareVersionLabels, type AssetVersion, type VersionDocument, type VersionFile } from "./versions";

/**
 * Side-by-side comparison of two versions of one asset: pure, no I/O, shared by the history view, the bench and
 * the tests. "left" is the first version picked (usually the older), "right" the second.
 */
export type DiffStatus = "same" | "changed" | "added" | "removed";

export type KeyValueDiff = { key: string; left?: string; right?: string; status: DiffStatus };

export type FileDiff = {
  path: string;
  left?: VersionFile;
  right?: VersionFile;
  status: DiffStatus;
  /** What differs in a changed file. */ reasons: ("size" | "md5" | "sha256")[];
};

/** One row of a line-by-line diff; line numbers are 1-based and absent on the side a line is missing from. */
export type LineDiffRow = { kind: "same" | "added" | "removed"; text: string; leftLine?: number; rightLine?: number };

export type DocumentDiff = {
  name: string;
  language: VersionDocument["language"];
  status: DiffStatus;
  rows: LineDiffRow[];
  added: number;
  removed: number;
};

export type MetadataField = "description" | "createdBy" | "createdAt" | "stage" | "archived";

export type VersionComparison = {
  left: string;
  right: string;
  metadata: KeyValueDiff[];
  properties: KeyValueDiff[];
  tags: KeyValueDiff[];
  fields: KeyValueDiff[];
  files: FileDiff[];
  documents: DocumentDiff[];
  /** Number of rows of every section that are not "same" (a document counts once). */
  differenceCount: number;
};

function statusOf(left: string | undefined, right: string | undefined): DiffStatus {
  if (left === undefined && right === undefined) return "same";
  if (left === undefined) return "added";
  if (right === undefined) return "removed";
  return left === right ? "same" : "changed";
}

/** Keys of both maps, sorted, each with its two values and whether they differ. */
export function diffKeyValues(left: Record<string, string> = {}, right: Record<string, string> = {}): KeyValueDiff[] {
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort((a, b) => a.localeCompare(b));
  return keys.map((key) => {
    const l = Object.prototype.hasOwnProperty.call(left, key) ? left[key] : undefined;
    const r = Object.prototype.hasOwnProperty.call(right, key) ? right[key] : undefined;
    return { key, left: l, right: r, status: statusOf(l, r) };
  });
}

/** Files matched by path; a file changed when its size or any hash both sides know differs. */
export function diffFiles(left: readonly VersionFile[] = [], right: readonly VersionFile[] = []): FileDiff[] {
  const l = new Map(left.map((f) => [f.path, f]));
  const r = new Map(right.map((f) => [f.path, f]));
  const paths = [...new Set([...l.keys(), ...r.keys()])].sort((a, b) => a.localeCompare(b));
  return paths.map((path) => {
    const a = l.get(path);
    const b = r.get(path);
    if (!a) return { path, right: b, status: "added" as const, reasons: [] };
    if (!b) return { path, left: a, status: "removed" as const, reasons: [] };
    const reasons: FileDiff["reasons"] = [];
    if (a.size !== b.size) reasons.push("size");
    if (a.md5 && b.md5 && a.md5 !== b.md5) reasons.push("md5");
    if (a.sha256 && b.sha256 && a.sha256 !== b.sha256) reasons.push("sha256");
    return { path, left: a, right: b, status: reasons.length ? ("changed" as const) : ("same" as const), reasons };
  });
}

/** Line-by-line diff of two texts, with the line number of each row on each side. */
export function diffText(left: string, right: string): { rows: LineDiffRow[]; added: number; removed: number } {
  const rows: LineDiffRow[] = [];
  let leftLine = 1;
  let rightLine = 1;
  let added = 0;
  let removed = 0;
  for (const part of diffLines(normalizeEol(left), normalizeEol(right))) {
    const lines = part.value.split("\n");
    // diffLines keeps each line's "\n"; the split leaves one empty string after the last one.
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    for (const text of lines) {
      if (part.added) {
        rows.push({ kind: "added", text, rightLine: rightLine++ });
        added++;
      } else if (part.removed) {
        rows.push({ kind: "removed", text, leftLine: leftLine++ });
        removed++;
      } else rows.push({ kind: "same", text, leftLine: leftLine++, rightLine: rightLine++ });
    }
  }
  return { rows, added, removed };
}

const normalizeEol = (s: string) => {
  const t = s.replace(/\r\n?/g, "\n");
  return t === "" || t.endsWith("\n") ? t : `${t}\n`;
};

export function diffDocuments(
  left: readonly VersionDocument[] = [],
  right: readonly VersionDocument[] = [],
): DocumentDiff[] {
  const l = new Map(left.map((d) => [d.name, d]));
  const r = new Map(right.map((d) => [d.name, d]));
  const names = [...new Set([...l.keys(), ...r.keys()])];
  return names.map((name) => {
    const a = l.get(name);
    const b = r.get(name);
    const { rows, added, removed } = diffText(a?.text ?? "", b?.text ?? "");
    const status: DiffStatus = !a
      ? "added"
      : !b
        ? "removed"
        : a.text.replace(/\r\n?/g, "\n") === b.text.replace(/\r\n?/g, "\n")
          ? "same"
          : "changed";
    return { name, language: (a ?? b)!.language, status, rows, added, removed };
  });
}

function metadataOf(v: AssetVersion): Record<MetadataField, string> {
  const m: Record<string, string> = { archived: v.archived ? "yes" : "no" };
  if (v.description !== undefined && v.description !== "") m.description = v.description;
  if (v.createdBy) m.createdBy = v.createdBy;
  if (v.createdAt) m.createdAt = v.createdAt;
  if (v.stage) m.stage = v.stage;
  return m as Record<MetadataField, string>;
}

export function compareVersions(left: AssetVersion, right: AssetVersion): VersionComparison {
  const metadata = diffKeyValues(metadataOf(left), metadataOf(right));
  const properties = diffKeyValues(left.properties, right.properties);
  const tags = diffKeyValues(left.tags, right.tags);
  const fields = diffKeyValues(left.contents.fields, right.contents.fields);
  const files = diffFiles(left.contents.files, right.contents.files);
  const documents = diffDocuments(left.contents.documents, right.contents.documents);
  const count = (rows: { status: DiffStatus }[]) => rows.reduce((n, r) => n + (r.status === "same" ? 0 : 1), 0);
  return {
    left: left.version,
    right: right.version,
    metadata,
    properties,
    tags,
    fields,
    files,
    documents,
    differenceCount:
      count(metadata) + count(properties) + count(tags) + count(fields) + count(files) + count(documents),
  };
}

/** The rows a section shows: all of them, or with "only differences" on, those that are not the same. */
export function visibleRows<T extends { status: DiffStatus }>(rows: readonly T[], onlyDifferences: boolean): T[] {
  return onlyDifferences ? rows.filter((r) => r.status !== "same") : [...rows];
}

/**
 * Collapses long runs of unchanged lines to `context` lines around each change, so "only differences" on a
 * document shows the hunks; a gap becomes one `{ kind: "gap", hidden }` row.
 */
export type CollapsedRow = LineDiffRow | { kind: "gap"; hidden: number };
export function collapseUnchanged(rows: readonly LineDiffRow[], context = 2): CollapsedRow[] {
  const keep = new Array<boolean>(rows.length).fill(false);
  rows.forEach((r, i) => {
    if (r.kind === "same") return;
    for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++) keep[j] = true;
  });
  const out: CollapsedRow[] = [];
  let hidden = 0;
  rows.forEach((r, i) => {
    if (keep[i]) {
      if (hidden) out.push({ kind: "gap", hidden });
      hidden = 0;
      out.push(r);
    } else hidden++;
  });
  if (hidden) out.push({ kind: "gap", hidden });
  return out;
}

// ---------------------------------------------------------------- metrics across versions

/** A property counts as a metric when its value is a finite number in at least one version. */
export function parseMetric(value: string | undefined): number | null {
  if (value === undefined) return null;
  const t = value.trim();
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?%?$/.test(t)) return null;
  const n = Number(t.endsWith("%") ? t.slice(0, -1) : t);
  return Number.isFinite(n) ? (t.endsWith("%") ? n / 100 : n) : null;
}

export function metricNames(versions: readonly Pick<AssetVersion, "properties">[]): string[] {
  const names = new Set<string>();
  for (const v of versions)
    for (const [k, val] of Object.entries(v.properties)) if (parseMetric(val) !== null) names.add(k);
  return [...names].sort((a, b) => a.localeCompare(b));
}

export type MetricPoint = { version: string; value: number | null };

/** The metric's value per version, oldest first; versions without it have `value: null` (a gap in the line). */
export function metricTrend(
  versions: readonly Pick<AssetVersion, "version" | "properties">[],
  metric: string,
): MetricPoint[] {
  return [...versions]
    .sort((a, b) => compareVersionLabels(a.version, b.version))
    .map((v) => ({ version: v.version, value: parseMetric(v.properties[metric]) }));
}
