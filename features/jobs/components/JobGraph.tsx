"use client";
import React, { useMemo, useRef } from "react";
import {
  Background,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { PipelineGraph } from "@/lib/domain/pipeline";
import { graphNodeStyle, graphNodeTitleStyle } from "@/components/graph/node-style";
import { NODE_WIDTH } from "@/lib/domain/pipeline/layout";
import type { StepTimeline } from "@/lib/domain/jobs/timeline";
import { STATUS_COLORS } from "./JobStatusBadge";
import { useHydrated } from "@/lib/client/hydrated";

type StepData = { label: string; status: string; kind: "component" | "data"; selected: boolean };

const StepNode = React.memo(function StepNode({ data }: NodeProps<Node<StepData>>) {
  const color = STATUS_COLORS[data.status] ?? "#c8c6c4";
  return (
    <div
      data-testid={`graph-node-${data.label}`}
      data-status={data.status}
      style={{
        ...graphNodeStyle(data.kind === "data" ? "#8a8886" : color),
        boxShadow: data.selected ? `0 0 0 3px ${color}55` : undefined,
      }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div style={graphNodeTitleStyle}>{data.label}</div>
      {data.kind === "component" ? (
        <div style={{ display: "flex", alignItems: "center", gap: 6 }}>
          <span style={{ width: 10, height: 10, borderRadius: 5, background: color, display: "inline-block" }} />
          <span>{data.status}</span>
        </div>
      ) : (
        <div style={{ color: "var(--colorNeutralForeground3, #616161)" }}>data</div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { step: StepNode };

/**
 * A step box's size and where its two handles sit, declared up front: React Flow otherwise draws every node once
 * to measure it, visible or not, so a 1,000-step graph put 1,000 boxes in the DOM before its first paint. Declared,
 * only the boxes on screen are drawn (each is measured again when it is). Only for a big graph: a small one is
 * measured and fitted whole, as React Flow fits only measured nodes exactly.
 */
const STEP_HEIGHT = 52;
const STEP_HANDLES: NonNullable<Node["handles"]> = [
  { type: "target", position: Position.Left, x: -3, y: STEP_HEIGHT / 2 - 3, width: 6, height: 6 },
  { type: "source", position: Position.Right, x: NODE_WIDTH - 3, y: STEP_HEIGHT / 2 - 3, width: 6, height: 6 },
];

const CANVAS_HEIGHT = 520;
/** The canvas's width as the server assumes it (the job page's content column in a 1,440-pixel window). */
const SERVER_CANVAS_WIDTH = 1000;

/** Steps a graph may have and still open fitted whole; a bigger one opens on its first OPEN_ON_FIRST steps. */
const FIT_WHOLE_UP_TO = 150;
const OPEN_ON_FIRST = 24;

/**
 * A pipeline job on a React Flow canvas, each step coloured by its live status. Node objects are reused while a
 * step's status and selection are unchanged, so a status change re-renders one node, not the whole graph, and
 * only what is on screen is in the DOM (onlyRenderVisibleElements): pipelines of thousands of steps stay smooth.
 */
export const JobGraph = React.memo(function JobGraph({
  graph,
  steps,
  selected,
  onSelect,
}: {
  graph: PipelineGraph;
  steps: StepTimeline[];
  selected: string | null;
  onSelect(stepJob: string): void;
}) {
  const byStep = useMemo(() => new Map(steps.map((s) => [s.step, s])), [steps]);
  const open = (id: string) => {
    const st = byStep.get(id);
    if (st) onSelect(st.jobName);
  };
  const big = graph.nodes.length > FIT_WHOLE_UP_TO;
  const cache = useRef(new Map<string, Node<StepData>>());
  const nodes = useMemo(() => {
    const next = new Map<string, Node<StepData>>();
    const out = graph.nodes.map((n) => {
      const st = byStep.get(n.id);
      const status = n.kind === "component" ? (st?.status ?? "NotStarted") : "data";
      const isSel = !!st && st.jobName === selected;
      const prev = cache.current.get(n.id);
      const label = n.kind === "component" ? (n.displayName ?? n.id) : (n.label ?? n.path);
      const node: Node<StepData> =
        prev && prev.data.status === status && prev.data.selected === isSel
          ? prev
          : {
              id: n.id,
              type: "step",
              position: n.position,
              ...(big ? { initialWidth: NODE_WIDTH, initialHeight: STEP_HEIGHT, handles: STEP_HANDLES } : {}),
              draggable: false,
              connectable: false,
              // React Flow makes nodes focusable (Tab walks them). A step is a button named by what it shows, its
              // name and status; Enter or Space opens it as a click does (the canvas's key handler below).
              ...(n.kind === "component"
                ? { ariaRole: "button", domAttributes: { "aria-pressed": isSel } }
                : { ariaLabel: `${label}: data` }),
              data: {
                label,
                status,
                kind: n.kind,
                selected: isSel,
              },
            };
      next.set(n.id, node);
      return node;
    });
    cache.current = next;
    return out;
  }, [graph.nodes, byStep, selected, big]);
  // A big pipeline opens on its first steps at a readable zoom rather than fitted whole: fitted, every one of a
  // thousand steps is on screen at 5 % and in the DOM at once (seconds before the first paint), and unreadable.
  // The minimap, zooming out and the table view show the whole.
  const fitViewOptions = useMemo(() => {
    if (graph.nodes.length <= FIT_WHOLE_UP_TO) return undefined;
    const first = [...graph.nodes]
      .sort((a, b) => a.position.x + a.position.y - (b.position.x + b.position.y))
      .slice(0, OPEN_ON_FIRST);
    return { nodes: first.map((n) => ({ id: n.id })), maxZoom: 1 };
  }, [graph.nodes]);
  const hydrated = useHydrated();
  const edgeCache = useRef(new Map<string, Edge>());
  const edges = useMemo<Edge[]>(() => {
    // Like the nodes: an edge object changes only when its animation does.
    const next = new Map<string, Edge>();
    const out = graph.edges.map((e) => {
      const animated = byStep.get(e.target)?.status === "Running";
      const prev = edgeCache.current.get(e.id);
      const edge =
        prev && prev.animated === animated ? prev : { id: e.id, source: e.source, target: e.target, animated };
      next.set(e.id, edge);
      return edge;
    });
    edgeCache.current = next;
    return out;
  }, [graph.edges, byStep]);
  return (
    <div
      style={{ height: CANVAS_HEIGHT, border: "1px solid #e1dfdd", borderRadius: 6 }}
      data-testid="job-graph"
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== " ") return;
        const id = (e.target as HTMLElement).closest(".react-flow__node")?.getAttribute("data-id");
        if (!id || !byStep.has(id)) return;
        e.preventDefault();
        open(id);
      }}
    >
      {/* A size to draw with before the browser has measured the canvas: the server draws a big graph's first
          steps into the page's HTML (issue 14: a 1,000-step graph shows its first nodes ≤ 1.5 s after navigation,
          where waiting for hydration, this code and a first client render took most of that), and the first client
          render matches it; the real size and the fit follow at once. */}
      <ReactFlowProvider
        initialNodes={nodes}
        initialEdges={edges}
        initialWidth={SERVER_CANVAS_WIDTH}
        initialHeight={CANVAS_HEIGHT}
      >
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={fitViewOptions}
          minZoom={0.05}
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          onNodeClick={(_, n) => open(n.id)}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
          {/* After hydration only: it draws every step (1,000 rects, ~150 KB of a big graph's HTML), which the
              browser would parse before it could show the first steps. */}
          {hydrated ? (
            <MiniMap pannable zoomable nodeColor={(n) => STATUS_COLORS[(n.data as StepData).status] ?? "#c8c6c4"} />
          ) : null}
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
});
