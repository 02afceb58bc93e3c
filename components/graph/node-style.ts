import type { CSSProperties } from "react";
import { NODE_WIDTH } from "@/lib/domain/pipeline/layout";

/**
 * The one node box of the studio's read-only graphs (a job's pipeline graph, lineage): same width, padding,
 * corners and border, so the two read alike. `accent` is the border; `selected` adds a ring in it.
 */
export function graphNodeStyle(accent: string, selected = false): CSSProperties {
  return {
    width: NODE_WIDTH,
    padding: "8px 10px",
    borderRadius: 6,
    background: "var(--colorNeutralBackground1, #fff)",
    border: `2px solid ${accent}`,
    boxShadow: selected ? `0 0 0 3px ${accent}55` : undefined,
    fontSize: 12,
  };
}

export const graphNodeTitleStyle: CSSProperties = {
  fontWeight: 600,
  overflow: "hidden",
  textOverflow: "ellipsis",
  whiteSpace: "nowrap",
};
