/** Which previewer a file gets, and content types by extension. Pure: shared by server and browser. */
export type PreviewKind = "csv" | "tsv" | "parquet" | "json" | "jsonl" | "text" | "image" | "none";

const EXT_KIND: Record<string, PreviewKind> = {
  csv: "csv",
  tsv: "tsv",
  tab: "tsv",
  parquet: "parquet",
  pq: "parquet",
  json: "json",
  jsonl: "jsonl",
  ndjson: "jsonl",
  txt: "text",
  log: "text",
  md: "text",
  py: "text",
  yml: "text",
  yaml: "text",
  sh: "text",
  ipynb: "json",
  r: "text",
  sql: "text",
  xml: "text",
  html: "text",
  ini: "text",
  cfg: "text",
  toml: "text",
  png: "image",
  jpg: "image",
  jpeg: "image",
  gif: "image",
  webp: "image",
  bmp: "image",
  svg: "none",
};

const EXT_TYPE: Record<string, string> = {
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  jsonl: "application/jsonl",
  ndjson: "application/jsonl",
  parquet: "application/vnd.apache.parquet",
  txt: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  py: "text/x-python",
  yml: "application/yaml",
  yaml: "application/yaml",
  ipynb: "application/x-ipynb+json",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
};

function ext(name: string) {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const i = base.lastIndexOf(".");
  return i <= 0 ? "" : base.slice(i + 1).toLowerCase();
}

export function previewKindFor(name: string): PreviewKind {
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (base === "MLTable") return "text";
  return EXT_KIND[ext(name)] ?? "none";
}

export function contentTypeFor(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (base === "MLTable") return "application/yaml";
  return EXT_TYPE[ext(name)] ?? "application/octet-stream";
}

/** Image types the browser may show inline from a storage URL (never SVG: it can carry script). */
export const INLINE_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"]);

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return "";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
