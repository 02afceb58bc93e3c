/**
 * Reading YAML with positions: syntax errors carry the `yaml` package's line and column, and semantic
 * checks can point at the node a problem is about (`positionOf(path)`).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { SourcePosition, YamlProblem } from "./types";

export class YamlImportError extends Error {
  constructor(readonly problems: YamlProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "YamlImportError";
  }
}

export function formatProblem(p: YamlProblem): string {
  const where = p.pos ? `line ${p.pos.line}, column ${p.pos.col}` : "";
  const at = p.path ? `${p.path}` : "";
  const prefix = [where, at].filter(Boolean).join(" (") + (where && at ? ")" : "");
  return prefix ? `${prefix}: ${p.message}` : p.message;
}

export interface YamlSource {
  /** The plain JS value of the document. */
  value: unknown;
  /** Where the node at a key path starts (keys first, then values), or undefined. */
  positionOf(path: (string | number)[]): SourcePosition | undefined;
  problem(path: (string | number)[], message: string): YamlProblem;
}

/** Parses one YAML document; throws YamlImportError with positions for any syntax error. */
export function readYaml(text: string, what = "YAML"): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new YamlImportError(
      doc.errors.map((e) => ({
        message: `${what} is malformed: ${e.message.split("\n")[0]}`,
        pos: e.linePos ? { line: e.linePos[0].line, col: e.linePos[0].col } : undefined,
      })),
    );
  }
  const value = doc.toJS({ maxAliasCount: 100 });
  const positionOf = (path: (string | number)[]): SourcePosition | undefined => {
    let node: unknown = doc.contents;
    let keyNode: unknown = null;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === String(part),
        );
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        node = node.items[part];
        keyNode = null;
      } else break;
    }
    const target = (keyNode ?? node) as { range?: [number, number, number] } | null;
    if (!target?.range) return undefined;
    const p = lineCounter.linePos(target.range[0]);
    return { line: p.line, col: p.col };
  };
  return {
    value,
    positionOf,
    problem: (path, message) => ({ message, path: path.join("."), pos: positionOf(path) }),
  };
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
