"use client";
import React, { useCallback, useEffect, useMemo, useState } from "react";
import {
  Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow,
  type Connection, type Edge, type FinalConnectionState, type IsValidConnection, type Node, type NodeChange, type OnSelectionChangeParams,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { canConnect, type PipelineGraph, type ValidationProblem } from "@/lib/domain/pipeline";
import { nodeTypes } from "./nodes";

export const PALETTE_MIME = "application/x-ml-studio-palette";

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
    for (const pr of p.problems) if (pr.severity === "error" && pr.nodeId) m.set(pr.nodeId, (m.get(pr.nodeId) ?? 0) + 1);
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

  const derived = useMemo<Node[]>(
    () =>
      p.graph.nodes.map((n) =>
        n.kind === "component"
          ? { id: n.id, type: "component", position: n.position, selected: selected.has(n.id), data: { node: n, errorCount: errorsByNode.get(n.id) ?? 0, connected: connectedByNode.get(n.id) ?? {} } }
          : { id: n.id, type: "data", position: n.position, selected: selected.has(n.id), data: { node: n, errorCount: errorsByNode.get(n.id) ?? 0 } },
      ),
    [p.graph.nodes, selected, errorsByNode, connectedByNode],
  );
  const [nodes, setNodes] = useState<Node[]>(derived);
  useEffect(() => {
    // Keep what React Flow measured, so a graph change does not make every node re-measure.
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]));
      return derived.map((n) => (measured.get(n.id) ? { ...n, measured: measured.get(n.id) } : n));
    });
  }, [derived]);

  const edges = useMemo<Edge[]>(
    () => p.graph.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourcePort, target: e.target, targetHandle: e.targetPort })),
    [p.graph.edges],
  );

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Removal goes through the graph (onNodesDelete); selection is the page's; the rest (drag, measure) is local until drag stop.
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== "remove" && c.type !== "select"), ns));
  }, []);

  const isValidConnection: IsValidConnection = useCallback(
    (c) => !!c.sourceHandle && !!c.targetHandle && canConnect(p.graph, { source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle }).ok,
    [p.graph],
  );
  const onConnect = useCallback((c: Connection) => {
    if (c.sourceHandle && c.targetHandle) p.onConnect({ source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle });
  }, [p]);
  const onConnectEnd = useCallback((_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    // Dropped on a port that does not fit: say why instead of silently not connecting.
    if (state.isValid || !state.fromNode || !state.toNode || !state.fromHandle?.id || !state.toHandle?.id) return;
    const fromIsSource = state.fromHandle.type === "source";
    const c = fromIsSource
      ? { source: state.fromNode.id, sourcePort: state.fromHandle.id, target: state.toNode.id, targetPort: state.toHandle.id }
      : { source: state.toNode.id, sourcePort: state.toHandle.id, target: state.fromNode.id, targetPort: state.fromHandle.id };
    const check = canConnect(p.graph, c);
    if (!check.ok) p.onRefused(check.reason);
  }, [p]);

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
        onNodeDragStop={(_, __, dragged) => p.onMove(Object.fromEntries(dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }])))}
        onSelectionChange={({ nodes: sel }: OnSelectionChangeParams) => {
          const ids = sel.map((n) => n.id);
          if (ids.join() !== p.selection.join()) p.onSelect(ids);
        }}
        onDelete={({ nodes: ns, edges: es }) => p.onDelete(ns.map((n) => n.id), es.map((e) => e.id))}
        onPaneClick={() => p.selection.length && p.onSelect([])}
        nodesDraggable={!p.readOnly}
        nodesConnectable={!p.readOnly}
        deleteKeyCode={p.readOnly ? null : ["Delete", "Backspace"]}
        onlyRenderVisibleElements
        minZoom={0.05}
        maxZoom={2}
        fitView
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
      </ReactFlow>
    </div>
  );
}
