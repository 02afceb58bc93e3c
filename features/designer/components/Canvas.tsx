"use client";
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import {
  canConnect,
  LARGE_GRAPH_NODES,
  NODE_WIDTH,
  type PipelineGraph,
  type ValidationProblem,
} from "@/lib/domain/pipeline";
import { nodeTypes } from "./nodes";

export const PALETTE_MIME = "application/x-ml-studio-palette";

/** The viewport in flow coordinates, grown by half a screen each way and snapped to a coarse grid: "x0,y0,x1,y1". */
function viewportTile([tx, ty, zoom]: [number, number, number], width: number, height: number): string {
  if (!width || !height) return "";
  const w = width / zoom;
  const h = height / zoom;
  const step = Math.max(w, h) / 2;
  const snap = (v: number, up: boolean) => (up ? Math.ceil(v / step) : Math.floor(v / step)) * step;
  const x = -tx / zoom;
  const y = -ty / zoom;
  return [snap(x - w / 2, false), snap(y - h / 2, false), snap(x + w * 1.5, true), snap(y + h * 1.5, true)]
    .map(Math.round)
    .join(",");
}

type Props = {
  graph: PipelineGraph;
  problems: ValidationProblem[];
  readOnly: boolean;
  selection: string[];
  onSelect(ids: string[]): void;
  onConnect(c: { source: string; sourcePort: string; target: string; targetPort: string }): void;
  onRefused(reason: string): void;
  onMove(positions: Record<string, { x: number; y: number }>): void;
  onDelete(nodeIds: string[], edgeIds: string[]): void;
  onDropItem(payload: string, position: { x: number; y: number }): void;
};

/**
 * The React Flow canvas over the graph model. The graph is the source of truth; React Flow's node list is
 * derived from it and only holds what moves between commits (a drag in progress, measured sizes).
 * `onlyRenderVisibleElements` keeps pipelines of thousands of steps smooth: only what is on screen is in the DOM.
 */
export function Canvas(p: Props) {
  const flow = useReactFlow();
  const errorsByNode = useMemo(() => {
    const m = new Map<string, number>();
    for (const pr of p.problems)
      if (pr.severity === "error" && pr.nodeId) m.set(pr.nodeId, (m.get(pr.nodeId) ?? 0) + 1);
    return m;
  }, [p.problems]);
  const connectedByNode = useMemo(() => {
    const m = new Map<string, Record<string, boolean>>();
    for (const e of p.graph.edges) {
      const rec = m.get(e.target) ?? {};
      rec[e.targetPort] = true;
      m.set(e.target, rec);
    }
    return m;
  }, [p.graph.edges]);
  const selected = useMemo(() => new Set(p.selection), [p.selection]);

  // Large graphs: React Flow renders every node once to measure its handles (even with onlyRenderVisibleElements),
  // so only the nodes near the viewport (a coarse tile of it, plus what they connect to, plus the selection) are
  // handed to it; the tile changes a few times per pan, not per frame.
  const large = p.graph.nodes.length > LARGE_GRAPH_NODES;
  const tile = useStore((st) => (large ? viewportTile(st.transform, st.width, st.height) : ""));
  const shown = useMemo(() => {
    if (!large) return p.graph.nodes;
    // Not before React Flow knows the canvas's size (its first render): every node would be mounted and measured once.
    if (!tile) return [];
    const [x0, y0, x1, y1] = tile.split(",").map(Number);
    const near = new Set<string>();
    for (const n of p.graph.nodes)
      if (n.position.x + NODE_WIDTH >= x0 && n.position.x <= x1 && n.position.y + 400 >= y0 && n.position.y <= y1)
        near.add(n.id);
    const keep = new Set(near);
    for (const e of p.graph.edges) {
      if (near.has(e.source)) keep.add(e.target);
      if (near.has(e.target)) keep.add(e.source);
    }
    for (const id of selected) keep.add(id);
    return p.graph.nodes.filter((n) => keep.has(n.id));
  }, [large, tile, p.graph.nodes, p.graph.edges, selected]);

  const derived = useMemo<Node[]>(
    () =>
      shown.map((n) =>
        n.kind === "component"
          ? {
              id: n.id,
              type: "component",
              position: n.position,
              selected: selected.has(n.id),
              data: { node: n, errorCount: errorsByNode.get(n.id) ?? 0, connected: connectedByNode.get(n.id) ?? {} },
            }
          : {
              id: n.id,
              type: "data",
              position: n.position,
              selected: selected.has(n.id),
              data: { node: n, errorCount: errorsByNode.get(n.id) ?? 0 },
            },
      ),
    [shown, selected, errorsByNode, connectedByNode],
  );
  const [nodes, setNodes] = useState<Node[]>(derived);
  // Fit the view only to a draft that opens with nodes (fitting an empty canvas to its first node would zoom to 2×),
  // and only when it is small: a large one opens at 100 % on its first steps, so the DOM holds what is on screen.
  const [fitOnOpen] = useState(p.graph.nodes.length > 0 && p.graph.nodes.length <= LARGE_GRAPH_NODES);
  const [openViewport] = useState(() => {
    if (fitOnOpen || p.graph.nodes.length === 0) return undefined;
    const minX = Math.min(...p.graph.nodes.map((n) => n.position.x));
    const minY = Math.min(...p.graph.nodes.map((n) => n.position.y));
    return { x: 40 - minX, y: 40 - minY, zoom: 1 };
  });
  useEffect(() => {
    // Keep what React Flow measured, so a graph change does not make every node re-measure.
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]));
      return derived.map((n) => (measured.get(n.id) ? { ...n, measured: measured.get(n.id) } : n));
    });
  }, [derived]);

  const edges = useMemo<Edge[]>(() => {
    const ids = large ? new Set(shown.map((n) => n.id)) : null;
    return p.graph.edges
      .filter((e) => !ids || (ids.has(e.source) && ids.has(e.target)))
      .map((e) => ({
        id: e.id,
        source: e.source,
        sourceHandle: e.sourcePort,
        target: e.target,
        targetHandle: e.targetPort,
      }));
  }, [p.graph.edges, large, shown]);

  const selectionRef = useRef(p.selection);
  selectionRef.current = p.selection;
  const onSelect = p.onSelect;
  // Arrow keys move the selected nodes (React Flow's keyboard moves): such moves arrive as position changes outside
  // a drag, and are committed together once the keys rest, so a run of presses is one undo step.
  const dragging = useRef(false);
  const keyboardMoves = useRef<Record<string, { x: number; y: number }>>({});
  const keyboardTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onMoveRef = useRef(p.onMove);
  onMoveRef.current = p.onMove;
  useEffect(() => () => void (keyboardTimer.current && clearTimeout(keyboardTimer.current)), []);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      if (!dragging.current) {
        const moved = changes.filter(
          (c): c is Extract<NodeChange, { type: "position" }> =>
            c.type === "position" && !!c.position && c.dragging === false,
        );
        if (moved.length) {
          for (const c of moved)
            keyboardMoves.current[c.id] = { x: Math.round(c.position!.x), y: Math.round(c.position!.y) };
          if (keyboardTimer.current) clearTimeout(keyboardTimer.current);
          keyboardTimer.current = setTimeout(() => {
            onMoveRef.current(keyboardMoves.current);
            keyboardMoves.current = {};
          }, 400);
        }
      }
      // Selection is the page's (it drives the parameter panel): user selections go up from here, and only from here,
      // so the canvas never answers the page's own selection back. Removal goes through the graph (onDelete);
      // drags and measurements stay local until the drag stops.
      const selects = changes.filter((c): c is Extract<NodeChange, { type: "select" }> => c.type === "select");
      if (selects.length) {
        const next = new Set(selectionRef.current);
        for (const c of selects) {
          if (c.selected) next.add(c.id);
          else next.delete(c.id);
        }
        const ids = [...next];
        if (ids.join() !== selectionRef.current.join()) onSelect(ids);
      }
      setNodes((ns) =>
        applyNodeChanges(
          changes.filter((c) => c.type !== "remove"),
          ns,
        ),
      );
    },
    [onSelect],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (c) =>
      !!c.sourceHandle &&
      !!c.targetHandle &&
      canConnect(p.graph, {
        source: c.source,
        sourcePort: c.sourceHandle,
        target: c.target,
        targetPort: c.targetHandle,
      }).ok,
    [p.graph],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.sourceHandle && c.targetHandle)
        p.onConnect({ source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle });
    },
    [p],
  );
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      // Dropped on a port that does not fit: say why instead of silently not connecting.
      if (state.isValid || !state.fromNode || !state.toNode || !state.fromHandle?.id || !state.toHandle?.id) return;
      const fromIsSource = state.fromHandle.type === "source";
      const c = fromIsSource
        ? {
            source: state.fromNode.id,
            sourcePort: state.fromHandle.id,
            target: state.toNode.id,
            targetPort: state.toHandle.id,
          }
        : {
            source: state.toNode.id,
            sourcePort: state.toHandle.id,
            target: state.fromNode.id,
            targetPort: state.fromHandle.id,
          };
      const check = canConnect(p.graph, c);
      if (!check.ok) p.onRefused(check.reason);
    },
    [p],
  );

  return (
    <div
      style={{ width: "100%", height: "100%" }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(PALETTE_MIME)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        }
      }}
      onDrop={(e) => {
        const payload = e.dataTransfer.getData(PALETTE_MIME);
        if (!payload) return;
        e.preventDefault();
        p.onDropItem(payload, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => {
          dragging.current = true;
        }}
        onNodeDragStop={(_, __, dragged) => {
          dragging.current = false;
          p.onMove(
            Object.fromEntries(
              dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
            ),
          );
        }}
        onDelete={({ nodes: ns, edges: es }) =>
          p.onDelete(
            ns.map((n) => n.id),
            es.map((e) => e.id),
          )
        }
        nodesDraggable={!p.readOnly}
        nodesConnectable={!p.readOnly}
        deleteKeyCode={p.readOnly ? null : ["Delete", "Backspace"]}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2}
        fitView={fitOnOpen}
        defaultViewport={openViewport}
        fitViewOptions={{ maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
        {/* For large graphs the minimap shows the nodes handed to React Flow: the neighbourhood of the view. */}
        <MiniMap pannable zoomable ariaLabel="Minimap" />
      </ReactFlow>
    </div>
  );
}
