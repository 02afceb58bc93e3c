"use client";
import React, { memo } from "react";
import { Handle, Position, type NodeProps, type Node } from "@xyflow/react";
import { makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";
import { DATA_NODE_PORT, NODE_WIDTH, type ComponentNode, type DataNode } from "@/lib/domain/pipeline";

export type ComponentFlowNode = Node<
  { node: ComponentNode; errorCount: number; connected: Record<string, boolean> },
  "component"
>;
export type DataFlowNode = Node<{ node: DataNode; errorCount: number }, "data">;

const useStyles = makeStyles({
  box: {
    width: NODE_WIDTH + "px",
    background: tokens.colorNeutralBackground1,
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke1),
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    fontSize: tokens.fontSizeBase200,
  },
  selected: { ...shorthands.outline("2px", "solid", tokens.colorBrandStroke1) },
  error: { ...shorthands.borderColor(tokens.colorPaletteRedBorder2) },
  head: {
    ...shorthands.padding("6px", "8px"),
    ...shorthands.borderBottom("1px", "solid", tokens.colorNeutralStroke2),
    display: "flex",
    justifyContent: "space-between",
    gap: "4px",
  },
  title: {
    fontWeight: tokens.fontWeightSemibold,
    ...shorthands.overflow("hidden"),
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  sub: {
    color: tokens.colorNeutralForeground3,
    ...shorthands.overflow("hidden"),
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  ports: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", ...shorthands.padding("4px", "0") },
  port: {
    position: "relative",
    height: "22px",
    lineHeight: "22px",
    ...shorthands.padding("0", "10px"),
    whiteSpace: "nowrap",
  },
  label: { display: "block", ...shorthands.overflow("hidden"), textOverflow: "ellipsis" },
  out: { textAlign: "right" },
  type: { color: tokens.colorNeutralForeground3, marginLeft: "4px" },
  missing: { color: tokens.colorPaletteRedForeground1 },
  badge: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  data: { background: tokens.colorPaletteLightTealBackground2 },
  handle: { width: "9px", height: "9px" },
});

export const ComponentNodeView = memo(function ComponentNodeView({ data, selected }: NodeProps<ComponentFlowNode>) {
  const s = useStyles();
  const n = data.node;
  const inputs = Object.entries(n.component.inputs);
  const outputs = Object.entries(n.component.outputs);
  return (
    <div
      className={mergeClasses(s.box, selected && s.selected, data.errorCount > 0 && s.error)}
      data-testid={`node-${n.id}`}
      aria-label={`Step ${n.id}`}
    >
      <div className={s.head}>
        <div style={{ minWidth: 0 }}>
          <div className={s.title}>{n.displayName ?? n.id}</div>
          <div className={s.sub}>
            {n.component.name}
            {n.component.version ? `:${n.component.version}` : ""}
          </div>
        </div>
        {data.errorCount > 0 && (
          <span className={s.badge} title={`${data.errorCount} problem${data.errorCount > 1 ? "s" : ""}`}>
            {data.errorCount}
          </span>
        )}
      </div>
      <div className={s.ports}>
        <div>
          {inputs.map(([name, i]) => {
            const unset = !i.optional && i.default === undefined && !data.connected[name] && !n.inputs[name];
            return (
              <div
                key={name}
                className={mergeClasses(s.port, unset && s.missing)}
                title={`${name}: ${i.type}${i.optional ? " (optional)" : ""}`}
              >
                <Handle type="target" position={Position.Left} id={name} className={s.handle} style={{ top: "50%" }} />
                <span className={s.label}>
                  {name}
                  <span className={s.type}>{i.type}</span>
                </span>
              </div>
            );
          })}
        </div>
        <div>
          {outputs.map(([name, o]) => (
            <div key={name} className={mergeClasses(s.port, s.out)} title={`${name}: ${o.type}`}>
              <span className={s.label}>
                {name}
                <span className={s.type}>{o.type}</span>
              </span>
              <Handle type="source" position={Position.Right} id={name} className={s.handle} style={{ top: "50%" }} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
});

export const DataNodeView = memo(function DataNodeView({ data, selected }: NodeProps<DataFlowNode>) {
  const s = useStyles();
  const n = data.node;
  return (
    <div
      className={mergeClasses(s.box, s.data, selected && s.selected, data.errorCount > 0 && s.error)}
      data-testid={`node-${n.id}`}
      aria-label={`Data ${n.id}`}
    >
      <div className={s.head}>
        <div style={{ minWidth: 0 }}>
          <div className={s.title}>{n.label ?? n.id}</div>
          <div className={s.sub} title={n.path}>
            {n.path}
          </div>
        </div>
      </div>
      <div className={mergeClasses(s.port, s.out)}>
        {n.dataType}
        {n.mode ? ` · ${n.mode}` : ""}
        <Handle
          type="source"
          position={Position.Right}
          id={DATA_NODE_PORT}
          className={s.handle}
          style={{ top: "50%" }}
        />
      </div>
    </div>
  );
});

export const nodeTypes = { component: ComponentNodeView, data: DataNodeView };
