"use client";
import React, { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
  useReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { Button, Caption1, Spinner, makeStyles, tokens } from "@fluentui/react-components";
import { FlowRegular } from "@fluentui/react-icons/svg/flow";
import { TableRegular } from "@fluentui/react-icons/svg/table";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import {
  cellPosition,
  newNodesOf,
  nodeHref,
  placeHop,
  type Cell,
  type LineageEdge,
  type LineageNodeView,
  type LineageView,
} from "@/lib/domain/lineage";
import { NODE_WIDTH } from "@/lib/domain/pipeline/layout";
import { graphNodeStyle, graphNodeTitleStyle } from "@/components/graph/node-style";
import { ErrorBar } from "@/components/common/ErrorBar";
import { CacheStatus } from "@/components/common/CacheStatus";
import { useFetchHop, useLineage } from "../hooks";
import { KIND_LOOK } from "./kinds";

const useStyles = makeStyles({
  bar: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", marginBottom: tokens.spacingVerticalS },
  canvas: { height: "520px", border: "1px solid #e1dfdd", borderRadius: "6px" },
  table: { borderCollapse: "collapse", width: "100%", "& th, & td": { textAlign: "left", padding: "4px 8px" } },
});

type Side = "upstream" | "downstream";
type Canvas = {
  nodes: Map<string, LineageNodeView>;
  edges: Map<string, LineageEdge>;
  placed: Map<string, Cell>;
  /** `<key>|<side>` once that side of a node was expanded. */
  expanded: Set<string>;
};
const edgeId = (e: LineageEdge) => `${e.from}\u0000${e.to}\u0000${e.label}`;

/** Adds a neighbourhood answer to the canvas, placing only the nodes it adds. Returns how many it added. */
export function mergeHop(c: Canvas, view: LineageView, from: string, side: Side | "both"): number {
  const placement = placeHop(
    c.placed,
    newNodesOf(
      c.placed,
      view.edges,
      view.nodes.map((n) => n.key),
    ),
  );
  for (const [k, cell] of placement) c.placed.set(k, cell);
  // Every answer carries fresh states and degrees; cells stay where they were.
  for (const n of view.nodes) {
    const had = c.nodes.get(n.key);
    // Distances are relative to the hop's own root: keep the first one a node was seen with.
    c.nodes.set(n.key, had ? { ...n, distance: had.distance } : n);
  }
  for (const e of view.edges) c.edges.set(edgeId(e), e);
  if (side !== "downstream") c.expanded.add(`${from}|upstream`);
  if (side !== "upstream") c.expanded.add(`${from}|downstream`);
  return placement.size;
}

export function emptyCanvas(root: string): Canvas {
  return { nodes: new Map(), edges: new Map(), placed: new Map([[root, { col: 0, row: 0 }]]), expanded: new Set() };
}

/** Stable for the graph's life (a changing context value would re-render every node); what is loading is node data. */
type Actions = { workspace: WorkspaceRef; expand(key: string, side: Side): void };
const ActionsContext = createContext<Actions | null>(null);

type NodeData = {
  node: LineageNodeView;
  canUp: boolean;
  canDown: boolean;
  root: boolean;
  cell: Cell;
  /** The side of this node being loaded, if any. */
  busy: Side | null;
};

function ExpandButton({
  node,
  side,
  count,
  busy = false,
}: {
  node: LineageNodeView;
  side: Side;
  count: number;
  busy?: boolean;
}) {
  const a = useContext(ActionsContext)!;
  return (
    <button
      type="button"
      className="nodrag nopan"
      onClick={() => a.expand(node.key, side)}
      disabled={busy}
      aria-label={`Show ${count} ${side} of ${KIND_LOOK[node.kind].label} ${node.label}`}
      style={{ fontSize: 11, padding: "0 4px", cursor: "pointer" }}
    >
      {side === "upstream" ? "◀ " : ""}
      {count} {side}
      {side === "downstream" ? " ▶" : ""}
    </button>
  );
}

const LineageNodeBox = React.memo(function LineageNodeBox({ data }: NodeProps<Node<NodeData>>) {
  const a = useContext(ActionsContext)!;
  const { node } = data;
  const look = KIND_LOOK[node.kind];
  const href = nodeHref(a.workspace, node.key);
  return (
    <div
      data-testid={`lineage-node-${node.key}`}
      data-kind={node.kind}
      data-state={node.state}
      data-col={data.cell.col}
      data-row={data.cell.row}
      style={{ ...graphNodeStyle(look.color, data.root), borderStyle: node.state === "missing" ? "dashed" : "solid" }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {/* The kind's colour marks the border and icon; text takes the theme's colours (contrast in both themes). */}
      <div
        style={{
          display: "flex",
          alignItems: "center",
          gap: 4,
          color: "var(--colorNeutralForeground2, #424242)",
          fontWeight: 600,
        }}
      >
        <span style={{ color: look.color, display: "inline-flex" }}>{look.icon}</span>
        <span>{look.label}</span>
        {node.state === "missing" ? (
          <span style={{ color: "var(--colorPaletteRedForeground1, #bc2f32)" }}>· missing</span>
        ) : null}
      </div>
      <div style={graphNodeTitleStyle} title={node.label}>
        {href ? (
          <Link className="nodrag nopan" href={href}>
            {node.label}
          </Link>
        ) : (
          node.label
        )}
      </div>
      {node.detail ? (
        <div
          style={{
            color: "var(--colorNeutralForeground3, #616161)",
            overflow: "hidden",
            textOverflow: "ellipsis",
            whiteSpace: "nowrap",
          }}
        >
          {node.detail}
        </div>
      ) : null}
      {data.canUp || data.canDown ? (
        <div style={{ display: "flex", justifyContent: "space-between", marginTop: 4 }}>
          {data.canUp ? (
            <ExpandButton node={node} side="upstream" count={node.degree.upstream} busy={data.busy === "upstream"} />
          ) : (
            <span />
          )}
          {data.canDown ? (
            <ExpandButton
              node={node}
              side="downstream"
              count={node.degree.downstream}
              busy={data.busy === "downstream"}
            />
          ) : null}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { lineage: LineageNodeBox };

/**
 * The lineage of one node on a React Flow canvas: its first hop up- and downstream, then one hop at a time from
 * any node's ◀ / ▶ buttons. A hop places only the nodes it adds (lib/domain/lineage/layout): nodes already on the
 * canvas keep their place and their node objects, so an expansion neither re-lays nor re-renders the graph. A
 * table view lists the same nodes (with the same expand buttons) for screen readers and keyboard users.
 */
export function LineageGraph({ workspace, node }: { workspace: WorkspaceRef; node: string }) {
  const s = useStyles();
  const first = useLineage(workspace, node, "both", 1);
  const fetchHop = useFetchHop(workspace);
  // One canvas per root (the panel is keyed by its node, so a new root mounts a new graph).
  const canvas = useRef<Canvas>(emptyCanvas(node));
  const [version, setVersion] = useState(0);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asTable, setAsTable] = useState(false);
  /** Where to look after an expansion: the expanded node and what it added (the viewport pans; nothing moves). */
  const [focus, setFocus] = useState<{ x: number; y: number } | null>(null);

  useEffect(() => {
    if (!first.data) return;
    // A refetch of the first hop (window focus, a newer index) adds to the canvas; it never starts it over.
    if (first.data.data.root !== node) return;
    mergeHop(canvas.current, first.data.data, node, "both");
    setVersion((v) => v + 1);
  }, [first.data, node]);

  const expand = useCallback(
    (key: string, side: Side) => {
      setPending(`${key}|${side}`);
      setError(null);
      fetchHop(key, side)
        .then((r) => {
          const before = new Set(canvas.current.placed.keys());
          mergeHop(canvas.current, r.data, key, side);
          const cells = [key, ...[...canvas.current.placed.keys()].filter((k) => !before.has(k)).slice(0, 8)]
            .map((k) => canvas.current.placed.get(k))
            .filter((c): c is Cell => !!c)
            .map(cellPosition);
          if (cells.length)
            setFocus({
              x: cells.reduce((a, p) => a + p.x, 0) / cells.length + NODE_WIDTH / 2,
              y: cells.reduce((a, p) => a + p.y, 0) / cells.length + 30,
            });
          setVersion((v) => v + 1);
        })
        .catch(setError)
        .finally(() => setPending(null));
    },
    [fetchHop],
  );
  // fetchHop changes with the workspace only; the expand function handed to nodes never changes.
  const expandRef = useRef(expand);
  expandRef.current = expand;
  const actions = useMemo<Actions>(
    () => ({ workspace, expand: (key, side) => expandRef.current(key, side) }),
    [workspace],
  );

  // Node objects are kept while what they show is unchanged (React Flow then skips them).
  const nodeCache = useRef(new Map<string, Node<NodeData>>());
  const nodes = useMemo(() => {
    const c = canvas.current;
    const next = new Map<string, Node<NodeData>>();
    const out: Node<NodeData>[] = [];
    for (const [key, n] of c.nodes) {
      const cell = c.placed.get(key);
      if (!cell) continue;
      const canUp = n.degree.upstream > 0 && !c.expanded.has(`${key}|upstream`);
      const canDown = n.degree.downstream > 0 && !c.expanded.has(`${key}|downstream`);
      const busy = pending?.startsWith(`${key}|`) ? (pending.slice(key.length + 1) as Side) : null;
      const prev = nodeCache.current.get(key);
      const rf =
        prev &&
        prev.data.node === n &&
        prev.data.canUp === canUp &&
        prev.data.canDown === canDown &&
        prev.data.busy === busy
          ? prev
          : {
              id: key,
              type: "lineage",
              position: cellPosition(cell),
              draggable: false,
              connectable: false,
              // React Flow turns pointer events off on nodes that are neither draggable nor selectable: the links and
              // expand buttons inside need them.
              style: { pointerEvents: "all" as const },
              ariaLabel: `${KIND_LOOK[n.kind].label} ${n.label}${n.state === "missing" ? " (missing)" : ""}`,
              data: { node: n, canUp, canDown, root: key === node, cell, busy },
            };
      next.set(key, rf);
      out.push(rf);
    }
    nodeCache.current = next;
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, node, pending]);
  const edges = useMemo<Edge[]>(
    () =>
      [...canvas.current.edges.entries()].map(([id, e]) => ({
        id,
        source: e.from,
        target: e.to,
        label: e.label,
        labelStyle: { fontSize: 10 },
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version],
  );

  return (
    <ActionsContext.Provider value={actions}>
      <div className={s.bar}>
        <Button
          icon={asTable ? <FlowRegular /> : <TableRegular />}
          aria-pressed={asTable}
          onClick={() => setAsTable((t) => !t)}
        >
          {asTable ? "Show as graph" : "Show as table"}
        </Button>
        <Caption1>
          {nodes.length} node{nodes.length === 1 ? "" : "s"} · upstream on the left, downstream on the right
        </Caption1>
        <CacheStatus cache={first.data?.cache} />
        {pending ? <Spinner size="tiny" label="Loading a hop…" /> : null}
      </div>
      <ErrorBar error={first.error ?? error} title="The lineage could not be loaded" />
      {first.isLoading ? <Spinner label="Loading lineage…" /> : null}
      {asTable ? (
        <LineageTable canvas={canvas.current} root={node} workspace={workspace} version={version} />
      ) : first.data ? (
        <div className={s.canvas} data-testid="lineage-graph">
          <ReactFlowProvider>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              fitView
              minZoom={0.05}
              onlyRenderVisibleElements
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              proOptions={{ hideAttribution: true }}
            >
              <Background />
              <Controls showInteractive={false} />
              <PanTo focus={focus} />
            </ReactFlow>
          </ReactFlowProvider>
        </div>
      ) : null}
    </ActionsContext.Provider>
  );
}

/** Pans (keeping the zoom) so the nodes an expansion added are in view; positions on the canvas do not change. */
function PanTo({ focus }: { focus: { x: number; y: number } | null }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (focus) void flow.setCenter(focus.x, focus.y, { zoom: Math.max(flow.getZoom(), 0.6) });
  }, [focus, flow]);
  return null;
}

function LineageTable({
  canvas,
  root,
  workspace,
}: {
  canvas: Canvas;
  root: string;
  workspace: WorkspaceRef;
  version: number;
}) {
  const s = useStyles();
  const rows = [...canvas.nodes.values()]
    .filter((n) => canvas.placed.has(n.key))
    .sort((a, b) => {
      const ca = canvas.placed.get(a.key)!;
      const cb = canvas.placed.get(b.key)!;
      return ca.col - cb.col || ca.row - cb.row;
    });
  return (
    <table className={s.table} aria-label="Lineage as a table" data-testid="lineage-table">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Name</th>
          <th scope="col">Where</th>
          <th scope="col">State</th>
          <th scope="col">More</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => {
          const col = canvas.placed.get(n.key)!.col;
          const href = nodeHref(workspace, n.key);
          return (
            <tr key={n.key}>
              <td>
                {KIND_LOOK[n.kind].icon} {KIND_LOOK[n.kind].label}
              </td>
              <td>{href ? <Link href={href}>{n.label}</Link> : n.label}</td>
              <td>
                {n.key === root
                  ? "this node"
                  : col === 0
                    ? "beside this node"
                    : `${Math.abs(col)} column${Math.abs(col) === 1 ? "" : "s"} ${col < 0 ? "upstream" : "downstream"}`}
              </td>
              <td>{n.state === "missing" ? "missing (deleted or never registered)" : n.detail || ""}</td>
              <td>
                {n.degree.upstream > 0 && !canvas.expanded.has(`${n.key}|upstream`) ? (
                  <ExpandButton node={n} side="upstream" count={n.degree.upstream} />
                ) : null}{" "}
                {n.degree.downstream > 0 && !canvas.expanded.has(`${n.key}|downstream`) ? (
                  <ExpandButton node={n} side="downstream" count={n.degree.downstream} />
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
