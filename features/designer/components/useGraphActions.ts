"use client";
import { useCallback, useRef, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import {
  addNode,
  GraphError,
  layoutGraph,
  newComponentNode,
  newDataNode,
  pasteNodes,
  LARGE_GRAPH_NODES,
  type PipelineEdge,
  type PipelineGraph,
  type PipelineNode,
} from "@/lib/domain/pipeline";
import type { PaletteItem } from "./Palette";
import type { useGraphHistory } from "./useGraphHistory";

export type Notice = { intent: "error" | "success" | "info"; text: string; href?: string };

/**
 * What the editor does to the graph and the canvas: every change through the history (a refused change is a
 * notice, not a crash), the selection, auto-layout and fitting it into view, focusing a node, adding a palette
 * item, copy and paste of the selected nodes.
 */
export function useGraphActions({
  history,
  readOnly,
  notify,
}: {
  history: ReturnType<typeof useGraphHistory>;
  readOnly: boolean;
  notify(notice: Notice): void;
}) {
  const flow = useReactFlow();
  const [selection, setSelection] = useState<string[]>([]);
  const clipboard = useRef<{ nodes: PipelineNode[]; edges: PipelineEdge[] } | null>(null);
  const change = useCallback(
    (fn: (g: PipelineGraph) => PipelineGraph) => {
      try {
        history.apply(fn);
      } catch (e) {
        if (e instanceof GraphError) notify({ intent: "error", text: e.message });
        else throw e;
      }
    },
    [history, notify],
  );

  const layout = useCallback(() => {
    performance.mark("designer:layout:start");
    const laid = layoutGraph(history.current());
    change(() => laid);
    requestAnimationFrame(() => {
      // Large graphs: 100 % at the start of the flow (only what is on screen is rendered); small ones: fit them.
      if (laid.nodes.length > LARGE_GRAPH_NODES) {
        const minX = Math.min(...laid.nodes.map((n) => n.position.x));
        const minY = Math.min(...laid.nodes.map((n) => n.position.y));
        flow.setViewport({ x: 40 - minX, y: 40 - minY, zoom: 1 });
      } else flow.fitView({ duration: 0, maxZoom: 1 });
      performance.mark("designer:layout:end");
      performance.measure("designer:layout", "designer:layout:start", "designer:layout:end");
    });
  }, [change, flow, history]);

  const focusNode = useCallback(
    (id: string) => {
      const n = history.current().nodes.find((x) => x.id === id);
      if (!n) return;
      setSelection([id]);
      flow.setCenter(n.position.x + 120, n.position.y + 40, { zoom: Math.max(flow.getZoom(), 0.9), duration: 200 });
    },
    [flow, history],
  );

  const addItem = useCallback(
    (item: PaletteItem, position?: { x: number; y: number }) => {
      const at = position ?? flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      let id = "";
      change((g) => {
        const node =
          item.kind === "component"
            ? newComponentNode(g, item.spec, at, item.ref)
            : newDataNode(
                g,
                { dataType: item.dataType, path: item.path, ...(item.label ? { label: item.label } : {}) },
                at,
              );
        id = node.id;
        return addNode(g, node);
      });
      if (id) setSelection([id]);
    },
    [change, flow],
  );

  const copy = useCallback(() => {
    const g = history.current();
    const ids = new Set(selection);
    if (!ids.size) return;
    clipboard.current = {
      nodes: g.nodes.filter((n) => ids.has(n.id)),
      edges: g.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
    notify({ intent: "info", text: `Copied ${ids.size} node${ids.size > 1 ? "s" : ""}.` });
  }, [history, selection, notify]);
  const paste = useCallback(() => {
    const clip = clipboard.current;
    if (!clip || readOnly) return;
    let ids: string[] = [];
    change((g) => {
      const r = pasteNodes(g, clip, { x: 40, y: 40 });
      ids = r.ids;
      return r.graph;
    });
    setSelection(ids);
  }, [change, readOnly]);

  return { selection, setSelection, change, layout, focusNode, addItem, copy, paste };
}
