/**
 * Incremental layout of a lineage graph on a grid: upstream to the left, downstream to the right. Placing a hop
 * positions only the nodes it adds, next to the node they were reached from; nodes already on the canvas never
 * move (expanding a hop never re-lays the graph). Pure.
 */
import { NODE_WIDTH } from "../pipeline/layout";

export const COLUMN_GAP = 120;
export const ROW_HEIGHT = 72;

export type Cell = { col: number; row: number };
export type Placement = Map<string, Cell>;

export const cellPosition = (c: Cell) => ({ x: c.col * (NODE_WIDTH + COLUMN_GAP), y: c.row * ROW_HEIGHT });

/** What one hop adds: each new node with the placed node it hangs off and on which side of it. */
export type NewNode = { key: string; anchor: string; side: "upstream" | "downstream" };

/**
 * Cells for the new nodes only. Each goes in the column left (upstream) or right (downstream) of its anchor, in
 * the free row nearest the anchor's (0, +1, −1, +2, …), so a hop of 1,000 nodes is one pass over them.
 */
export function placeHop(placed: Placement, added: NewNode[]): Map<string, Cell> {
  const out = new Map<string, Cell>();
  // Occupied rows per column, and per (column, anchor row) where the outward search left off.
  const used = new Map<number, Set<number>>();
  const occupied = (col: number) => {
    let s = used.get(col);
    if (!s) {
      s = new Set();
      used.set(col, s);
      for (const c of placed.values()) if (c.col === col) s.add(c.row);
    }
    return s;
  };
  const cursor = new Map<string, number>();
  for (const n of added) {
    if (placed.has(n.key) || out.has(n.key)) continue;
    const a = placed.get(n.anchor) ?? out.get(n.anchor) ?? { col: 0, row: 0 };
    const col = a.col + (n.side === "upstream" ? -1 : 1);
    const rows = occupied(col);
    const ck = `${col}:${a.row}`;
    let i = cursor.get(ck) ?? 0;
    let row: number;
    for (;;) {
      // 0, +1, −1, +2, −2 …
      row = a.row + (i % 2 === 0 ? i / 2 : -(i + 1) / 2);
      i++;
      if (!rows.has(row)) break;
    }
    cursor.set(ck, i);
    rows.add(row);
    out.set(n.key, { col, row });
  }
  return out;
}

/**
 * The new nodes of a neighbourhood answer in the order to place them: breadth first from nodes already placed,
 * each with the edge's other end as its anchor.
 */
export function newNodesOf(
  placed: Placement,
  edges: readonly { from: string; to: string }[],
  keys: readonly string[],
): NewNode[] {
  const want = new Set(keys.filter((k) => !placed.has(k)));
  const known = new Set(placed.keys());
  const out: NewNode[] = [];
  let progress = true;
  while (want.size && progress) {
    progress = false;
    for (const e of edges) {
      if (known.has(e.to) && want.has(e.from)) {
        out.push({ key: e.from, anchor: e.to, side: "upstream" });
        want.delete(e.from);
        known.add(e.from);
        progress = true;
      } else if (known.has(e.from) && want.has(e.to)) {
        out.push({ key: e.to, anchor: e.from, side: "downstream" });
        want.delete(e.to);
        known.add(e.to);
        progress = true;
      }
    }
  }
  return out;
}
