"use client";
import React, { useCallback, useEffect, useMemo, useState } from "react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import {
  Background,
  Controls,
  Handle,
  Position as HandlePosition,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import {
  Badge,
  Button,
  Caption1,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownloadRegular, DatabaseRegular, ExpandUpRightRegular } from "@fluentui/react-icons";
import { ErrorBar } from "@/components/common/ErrorBar";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { lineageHref, nodeHref, type LineageEdge, type LineageNode } from "@/lib/domain/lineage";
import { fetchLineage, impactCsvUrl, useImpact, useLineage } from "../hooks";
import { KIND_LABEL, placeHop, type Position } from "../model";

const KIND_COLOR: Record<LineageNode["kind"], string> = {
  job: "#0f6cbd",
  data: "#107c10",
  model: "#8764b8",
  environment: "#ca5010",
  component: "#038387",
  code: "#616161",
  path: "#4f6bed",
};
/** A letter per kind besides the color, so kinds are told apart without color too. */
const KIND_MARK: Record<LineageNode["kind"], string> = {
  job: "J",
  data: "D",
  model: "M",
  environment: "E",
  component: "C",
  code: "</>",
  path: "P",
};

type GraphNode = LineageNode & { missing?: boolean };
type NodeData = { node: GraphNode; center: boolean; expanded: boolean };

const LineageNodeView = React.memo(function LineageNodeView({ data }: NodeProps<Node<NodeData>>) {
  const { node } = data;
  const color = KIND_COLOR[node.kind];
  return (
    <div
      data-testid={`lineage-node-${node.id}`}
      aria-label={`${KIND_LABEL[node.kind]} ${node.label}${node.missing ? ", deleted" : ""}${node.unknownOrigin ? ", origin unknown" : ""}`}
      style={{
        width: 220,
        padding: "6px 10px",
        borderRadius: 6,
        background: "var(--colorNeutralBackground1, #fff)",
        border: `2px ${node.missing ? "dashed" : "solid"} ${color}`,
        boxShadow: data.center ? `0 0 0 3px ${color}55` : undefined,
        fontSize: 12,
        color: "var(--colorNeutralForeground1, #242424)",
      }}
    >
      <Handle type="target" position={HandlePosition.Left} isConnectable={false} />
      <div style={{ display: "flex", gap: 6, alignItems: "center" }}>
        <span
          aria-hidden
          style={{ background: color, color: "#fff", borderRadius: 4, padding: "0 5px", fontWeight: 700, fontSize: 11 }}
        >
          {KIND_MARK[node.kind]}
        </span>
        <span style={{ fontWeight: 600, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
          {node.label}
        </span>
      </div>
      <div style={{ opacity: 0.8 }}>
        {KIND_LABEL[node.kind]}
        {node.missing ? " · deleted" : ""}
        {node.unknownOrigin ? " · origin unknown" : ""}
        {data.expanded ? "" : " · more"}
      </div>
      <Handle type="source" position={HandlePosition.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { lineage: LineageNodeView };

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  head: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
  canvas: {
    height: "520px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  panel: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
});

/** The lineage of one node (`?node=`): one hop each way, expandable one hop at a time, and its impact. */
export function LineagePage({ workspace }: { workspace: WorkspaceRef }) {
  const params = useSearchParams();
  const center = params.get("node") ?? "";
  if (!center) return <ErrorBar error={new Error("No node given: open lineage from an asset version or a job.")} />;
  return (
    <ReactFlowProvider>
      <LineageExplorer key={center} workspace={workspace} center={center} />
    </ReactFlowProvider>
  );
}

function LineageExplorer({ workspace, center }: { workspace: WorkspaceRef; center: string }) {
  const s = useStyles();
  const router = useRouter();
  const base = studioPath(workspace);
  const first = useLineage(workspace, center);
  const [nodes, setNodes] = useState(new Map<string, GraphNode>());
  const [edges, setEdges] = useState(new Map<string, LineageEdge>());
  const [positions, setPositions] = useState(new Map<string, Position>());
  const [expanded, setExpanded] = useState(new Set<string>());
  const [selected, setSelected] = useState<string>(center);
  const [asTable, setAsTable] = useState(false);
  const [expandError, setExpandError] = useState<Error | null>(null);

  const addHop = useCallback((at: string, view: { nodes: GraphNode[]; edges: LineageEdge[] }) => {
    setPositions((prev) => new Map([...prev, ...placeHop(prev, at, view.nodes, view.edges)]));
    setNodes((prev) => {
      const next = new Map(prev);
      for (const n of view.nodes) next.set(n.id, { ...next.get(n.id), ...n });
      return next;
    });
    setEdges((prev) => {
      const next = new Map(prev);
      for (const e of view.edges) next.set(`${e.from}→${e.to}→${e.via}`, e);
      return next;
    });
    setExpanded((prev) => new Set([...prev, at]));
  }, []);

  useEffect(() => {
    if (first.data) addHop(center, first.data);
  }, [first.data, center, addHop]);

  const expand = useCallback(
    (id: string) => {
      if (expanded.has(id)) return;
      setExpandError(null);
      fetchLineage(workspace, id).then((view) => addHop(id, view), setExpandError);
    },
    [expanded, workspace, addHop],
  );

  const flowNodes: Node<NodeData>[] = useMemo(
    () =>
      [...nodes.values()].map((n) => ({
        id: n.id,
        type: "lineage",
        position: positions.get(n.id) ?? { x: 0, y: 0 },
        data: { node: n, center: n.id === center, expanded: expanded.has(n.id) },
        ariaLabel: `${KIND_LABEL[n.kind]} ${n.label}`,
      })),
    [nodes, positions, center, expanded],
  );
  const flowEdges: Edge[] = useMemo(
    () =>
      [...edges.values()].map((e) => ({
        id: `${e.from}→${e.to}→${e.via}`,
        source: e.from,
        target: e.to,
        label: e.via,
        ariaLabel: `${e.from} to ${e.to}: ${e.via}`,
      })),
    [edges],
  );

  if (first.isLoading) return <Spinner label="Reading the lineage…" />;
  if (first.error) return <ErrorBar error={first.error} title="The lineage could not be read" />;
  const view = first.data!;
  const me = nodes.get(center) ?? view.nodes.find((n) => n.id === center);
  const chosen = nodes.get(selected);
  const impactable = center.startsWith("data:") || center.startsWith("environment:") || center.startsWith("path:");

  return (
    <div className={s.page}>
      <div className={s.head}>
        <Title2 as="h1">Lineage of {me?.label ?? center}</Title2>
        {me ? <Badge appearance="outline">{KIND_LABEL[me.kind]}</Badge> : null}
        {me?.missing ? <Badge color="danger">deleted</Badge> : null}
        {me && nodeHref(base, me) ? <Link href={nodeHref(base, me)!}>Open its page</Link> : null}
      </div>
      {me?.unknownOrigin ? <Caption1>Where it came from is not recorded: {me.unknownOrigin}</Caption1> : null}
      {view.trainedOn ? (
        <div className={s.panel} data-testid="trained-on">
          <Caption1>Trained on:</Caption1>
          {view.trainedOn.length === 0 ? <Caption1>no data inputs recorded on its job</Caption1> : null}
          {view.trainedOn.map((d) => (
            <Button key={d.id} icon={<DatabaseRegular />} onClick={() => router.push(lineageHref(base, d.id))}>
              {d.label}
            </Button>
          ))}
        </div>
      ) : null}
      {expandError ? <ErrorBar error={expandError} title="That hop could not be read" /> : null}
      <Switch label="Show as a table" checked={asTable} onChange={(_, d) => setAsTable(d.checked)} />
      {asTable ? (
        <Table size="small" aria-label="Lineage edges">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell>How</TableHeaderCell>
              <TableHeaderCell>To</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...edges.values()].map((e) => (
              <TableRow key={`${e.from}→${e.to}→${e.via}`}>
                <TableCell>
                  <NodeLink base={base} node={nodes.get(e.from)} id={e.from} />
                </TableCell>
                <TableCell>{e.via}</TableCell>
                <TableCell>
                  <NodeLink base={base} node={nodes.get(e.to)} id={e.to} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <div className={s.canvas} data-testid="lineage-graph">
          <ReactFlow
            nodes={flowNodes}
            edges={flowEdges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable
            fitView
            minZoom={0.05}
            onNodeClick={(_, n) => {
              setSelected(n.id);
              expand(n.id);
            }}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
      {chosen ? (
        <div className={s.panel} aria-live="polite">
          <Caption1>
            Selected: {KIND_LABEL[chosen.kind]} {chosen.label}
            {chosen.missing ? " (deleted)" : ""}
          </Caption1>
          {nodeHref(base, chosen) ? <Link href={nodeHref(base, chosen)!}>Open</Link> : null}
          <Button
            icon={<ExpandUpRightRegular />}
            disabledFocusable={expanded.has(chosen.id)}
            onClick={() => expand(chosen.id)}
          >
            {expanded.has(chosen.id) ? "Expanded" : "Expand one hop"}
          </Button>
          <Link href={lineageHref(base, chosen.id)}>Center on it</Link>
        </div>
      ) : null}
      {impactable ? <ImpactList workspace={workspace} node={center} /> : null}
    </div>
  );
}

function NodeLink({ base, node, id }: { base: string; node?: GraphNode; id: string }) {
  const href = node ? nodeHref(base, node) : null;
  const text = node ? `${KIND_LABEL[node.kind]} ${node.label}` : id;
  return href ? <Link href={href}>{text}</Link> : <>{text}</>;
}

/** "This data was wrong: what must be retrained?" — every job and model downstream, with a CSV download. */
function ImpactList({ workspace, node }: { workspace: WorkspaceRef; node: string }) {
  const impact = useImpact(workspace, node, true);
  const base = studioPath(workspace);
  return (
    <section aria-labelledby="impact-heading">
      <div style={{ display: "flex", gap: 12, alignItems: "center" }}>
        <h2 id="impact-heading" style={{ fontSize: 16, margin: 0 }}>
          Impact: everything downstream
        </h2>
        <Button as="a" href={impactCsvUrl(workspace, node)} icon={<ArrowDownloadRegular />} download>
          Download CSV
        </Button>
      </div>
      {impact.isLoading ? <Spinner size="tiny" label="Following every use…" /> : null}
      {impact.error ? <ErrorBar error={impact.error} /> : null}
      {impact.data ? (
        impact.data.length === 0 ? (
          <Caption1>Nothing recorded uses it.</Caption1>
        ) : (
          <Table size="small" aria-label="Impact">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Kind</TableHeaderCell>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Hops</TableHeaderCell>
                <TableHeaderCell>Through</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {impact.data.map((r) => {
                const href = nodeHref(base, { id: r.id, kind: r.kind as LineageNode["kind"] });
                return (
                  <TableRow key={r.id} data-testid={`impact-${r.id}`}>
                    <TableCell>{r.kind}</TableCell>
                    <TableCell>{href ? <Link href={href}>{r.name}</Link> : r.name}</TableCell>
                    <TableCell>{r.depth}</TableCell>
                    <TableCell>{r.via}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )
      ) : null}
    </section>
  );
}
