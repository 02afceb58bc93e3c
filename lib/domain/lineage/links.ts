import { studioPath, type WorkspaceRef } from "../arm-names";
import { parseKey } from "./refs";

/** The studio page of a lineage node, or null when it has none (code versions, outside URIs, unknown origins). */
export function nodeHref(ws: WorkspaceRef, key: string): string | null {
  const p = parseKey(key);
  if (!p) return null;
  const base = studioPath(ws);
  const e = encodeURIComponent;
  switch (p.kind) {
    case "job":
      return `${base}/jobs/${e(p.name)}`;
    case "step":
      return `${base}/jobs/${e(p.pipeline)}?tab=graph`;
    case "data":
      return `${base}/data/${e(p.name)}?version=${e(p.version)}`;
    case "model":
      return `${base}/models/${e(p.name)}?version=${e(p.version)}`;
    case "environment":
      return `${base}/environments/${e(p.name)}?version=${e(p.version)}`;
    case "component":
      return `${base}/components?name=${e(p.name)}&version=${e(p.version)}`;
    case "path": {
      const slash = p.path.lastIndexOf("/");
      // A file opens in its folder with the file selected; a folder opens itself.
      const looksLikeFile = /\.[A-Za-z0-9]{1,8}$/.test(p.path);
      const q: Record<string, string> = looksLikeFile
        ? { path: slash < 0 ? "" : p.path.slice(0, slash), file: p.path }
        : { path: p.path };
      return `${base}/datastores/${e(p.datastore)}?${new URLSearchParams(q)}`;
    }
    default:
      return null;
  }
}
