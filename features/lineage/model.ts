import type { LineageEdge, LineageNode } from "@/lib/domain/lineage";

export type Position = { x: number; y: number };

export const COLUMN_GAP = 280;
export const ROW_GAP = 72;

/**
 * Where the nodes of one new hop go, leaving every node already on the canvas where it is (expanding never
 * re-lays the graph): what the expanded node was made from in the column to its left, what used it to its right,
 * each column stacked around the node's row and past any slot already taken.
 */
export function placeHop(
  placed: ReadonlyMap<string, Position>,
  center: string,
  nodes: readonly LineageNode[],
  edges: readonly LineageEdge[],
): Map<string, Position> {
  const origin = placed.get(center) ?? { x: 0, y: 0 };
  const taken = new Set([...placed.values()].map((p) => `${p.x}/${p.y}`));
  const out = new Map<string, Position>();
  const column = (ids: string[], x: number) => {
    let k = 0;
    for (const id of ids) {
      if (placed.has(id) || out.has(id)) continue;
      // 0, +1, -1, +2, -2, … rows around the expanded node.
      for (;;) {
        const step = Math.ceil(k / 2) * (k % 2 ? 1 : -1);
        k++;
        const y = origin.y + step * ROW_GAP;
        if (!taken.has(`${x}/${y}`)) {
          taken.add(`${x}/${y}`);
          out.set(id, { x, y });
          break;
        }
      }
    }
  };
  if (!placed.has(center)) {
    out.set(center, origin);
    taken.add(`${origin.x}/${origin.y}`);
  }
  const known = new Set(nodes.map((n) => n.id));
  column(
    edges.filter((e) => e.to === center && known.has(e.from)).map((e) => e.from),
    origin.x - COLUMN_GAP,
  );
  column(
    edges.filter((e) => e.from === center && known.has(e.to)).map((e) => e.to),
    origin.x + COLUMN_GAP,
  );
  return out;
}

export const KIND_LABEL: Record<LineageNode["kind"], string> = {
  job: "Job",
  data: "Data",
  model: "Model",
  environment: "Environment",
  component: "Component",
  code: "Code",
  path: "Datastore path",
};
