"use client";
import dynamic from "next/dynamic";
import { Spinner } from "@fluentui/react-components";

/**
 * The Lineage tab's panel, fetched when a page first shows the tab: the graph's code (React Flow, dagre, d3) is most
 * of what an asset or job page would otherwise load first (issue 14: first-load JavaScript).
 */
export const LineagePanel = dynamic(() => import("./LineagePanel").then((m) => m.LineagePanel), {
  ssr: false,
  loading: () => <Spinner size="small" label="Loading lineage…" />,
});
