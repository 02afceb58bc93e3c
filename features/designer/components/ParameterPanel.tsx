"use client";
import React, { useEffect, useState } from "react";
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Option,
  Subtitle2,
  Switch,
  Textarea,
  makeStyles,
  shorthands,
  tokens,
} from "@fluentui/react-components";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { LinkRegular } from "@fluentui/react-icons/svg/link";
import { LinkDismissRegular } from "@fluentui/react-icons/svg/link-dismiss";
import {
  DATA_TYPES,
  IO_TYPES,
  coerceLiteral,
  compatibleSources,
  compatibleTargets,
  isDataType,
  outputPorts,
  literalProblem,
  type ComponentInput,
  type ComponentNode,
  type DataNode,
  type DataType,
  type InputBinding,
  type IoType,
  type Literal,
  type PipelineEdge,
  type PipelineGraph,
  type PortRef,
  type ValidationProblem,
} from "@/lib/domain/pipeline";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    ...shorthands.overflow("auto"),
    height: "100%",
    ...shorthands.padding(tokens.spacingVerticalS, tokens.spacingHorizontalM),
  },
  row: { display: "flex", gap: "4px", alignItems: "end" },
  grow: { flexGrow: 1, minWidth: 0 },
  section: { marginTop: tokens.spacingVerticalM },
});

/** A text field that commits on blur or Enter, so typing makes one undo step, not one per key. */
function CommitInput({
  value,
  onCommit,
  label,
  type = "text",
  ...rest
}: {
  value: string;
  onCommit(v: string): void;
  label: string;
  type?: "text" | "number";
  placeholder?: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input
      aria-label={label}
      type={type}
      value={text}
      onChange={(_, d) => setText(d.value)}
      onBlur={() => text !== value && onCommit(text)}
      onKeyDown={(e) => e.key === "Enter" && text !== value && onCommit(text)}
      {...rest}
    />
  );
}

const computeOptions = (computes: string[]) => computes.map((c) => `azureml:${c}`);

type Common = {
  graph: PipelineGraph;
  problems: ValidationProblem[];
  readOnly: boolean;
  computes: string[];
  onChange(change: (g: PipelineGraph) => PipelineGraph): void;
  onError(message: string): void;
  /** Draws an edge (the keyboard's way to connect: pick a port, then one of the ports that fit). */
  onConnect(edge: Omit<PipelineEdge, "id">): void;
};

/**
 * "Connect …": a menu of the ports that fit this one (only those canConnect accepts, so the list never offers a
 * refusal). The keyboard's alternative to dragging an edge on the canvas.
 */
function ConnectMenu({
  label,
  ports,
  disabled,
  onPick,
}: {
  label: string;
  ports: PortRef[];
  disabled: boolean;
  onPick(port: PortRef): void;
}) {
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button size="small" icon={<LinkRegular />} disabled={disabled || ports.length === 0}>
          {ports.length ? label : `${label} (nothing fits)`}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList aria-label={label}>
          {ports.map((p) => (
            <MenuItem key={`${p.node}.${p.port}`} onClick={() => onPick(p)}>
              {p.node}.{p.port}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

export function ParameterPanel(
  p: Common & { nodeId: string | null; onRename(from: string, to: string): void; onDisconnect(edgeId: string): void },
) {
  const node = p.nodeId ? p.graph.nodes.find((n) => n.id === p.nodeId) : undefined;
  if (!node) return <PipelinePanel {...p} />;
  return node.kind === "component" ? <StepPanel {...p} node={node} /> : <DataPanel {...p} node={node} />;
}

function StepPanel({
  node,
  graph,
  problems,
  readOnly,
  computes,
  onChange,
  onRename,
  onDisconnect,
  onConnect,
}: Common & { node: ComponentNode; onRename(from: string, to: string): void; onDisconnect(edgeId: string): void }) {
  const s = useStyles();
  const update = (patch: (n: ComponentNode) => ComponentNode) =>
    onChange((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === node.id && n.kind === "component" ? patch(n) : n)) }));
  const setInput = (port: string, binding: InputBinding | null) =>
    update((n) => {
      const inputs = { ...n.inputs };
      if (binding) inputs[port] = binding;
      else delete inputs[port];
      return { ...n, inputs };
    });
  const parentInputs = Object.entries(graph.inputs);
  return (
    <aside className={s.root} aria-label={`Parameters of ${node.id}`}>
      <Subtitle2 as="h2">Step {node.id}</Subtitle2>
      <Caption1>
        {node.componentRef}
        {node.component.description ? ` — ${node.component.description}` : ""}
      </Caption1>
      <Field label="Name (job key)">
        <CommitInput
          label="Step name"
          value={node.id}
          disabled={readOnly}
          onCommit={(v) => onRename(node.id, v.trim())}
        />
      </Field>
      <Field label="Display name">
        <CommitInput
          label="Display name"
          value={node.displayName ?? ""}
          disabled={readOnly}
          onCommit={(v) => update((n) => ({ ...n, displayName: v.trim() || undefined }))}
        />
      </Field>
      <Field
        label="Compute"
        hint={node.compute ? undefined : `Pipeline default: ${graph.settings.defaultCompute ?? "none set"}`}
        validationMessage={
          problems.find((x) => x.nodeId === node.id && (x.code === "missing-compute" || x.code === "unknown-compute"))
            ?.message
        }
      >
        <Dropdown
          aria-label="Step compute"
          disabled={readOnly}
          value={node.compute ?? "(pipeline default)"}
          selectedOptions={[node.compute ?? ""]}
          onOptionSelect={(_, d) => update((n) => ({ ...n, compute: d.optionValue || undefined }))}
        >
          <Option value="">(pipeline default)</Option>
          {computeOptions(computes).map((c) => (
            <Option key={c} value={c}>
              {c}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Subtitle2 as="h3" className={s.section}>
        Inputs
      </Subtitle2>
      {Object.entries(node.component.inputs).map(([port, spec]) => {
        const edge = graph.edges.find((e) => e.target === node.id && e.targetPort === port);
        const binding = node.inputs[port];
        const problem = problems.find(
          (x) => x.nodeId === node.id && x.port === port && x.severity === "error",
        )?.message;
        const label = `${port} (${spec.type}${spec.optional ? ", optional" : ""})`;
        if (edge)
          return (
            <Field key={port} label={label} validationMessage={problem}>
              <div className={s.row}>
                <Input
                  className={s.grow}
                  readOnly
                  value={`← ${edge.source}.${edge.sourcePort}`}
                  aria-label={`${port} source`}
                />
                <Button
                  icon={<LinkDismissRegular />}
                  aria-label={`Disconnect ${port}`}
                  disabled={readOnly}
                  onClick={() => onDisconnect(edge.id)}
                />
              </div>
            </Field>
          );
        const compatibleParents = parentInputs.filter(([, i]) => isDataType(i.type) === isDataType(spec.type));
        return (
          <Field
            key={port}
            label={label}
            hint={spec.description}
            validationMessage={problem}
            validationState={problem ? "error" : "none"}
          >
            {compatibleParents.length > 0 && (
              <Dropdown
                aria-label={`${port} binding`}
                size="small"
                disabled={readOnly}
                value={
                  binding?.kind === "parent"
                    ? `pipeline input ${binding.input}`
                    : isDataType(spec.type)
                      ? "connect on the canvas"
                      : "value"
                }
                selectedOptions={[binding?.kind === "parent" ? binding.input : ""]}
                onOptionSelect={(_, d) =>
                  setInput(port, d.optionValue ? { kind: "parent", input: d.optionValue } : null)
                }
              >
                <Option value="">{isDataType(spec.type) ? "connect on the canvas" : "value"}</Option>
                {compatibleParents.map(([name]) => (
                  <Option key={name} value={name} text={`pipeline input ${name}`}>
                    pipeline input {name}
                  </Option>
                ))}
              </Dropdown>
            )}
            {binding?.kind !== "parent" && !isDataType(spec.type) && (
              <LiteralField
                port={port}
                spec={spec}
                value={binding?.kind === "literal" ? binding.value : undefined}
                readOnly={readOnly}
                onSet={(v) => setInput(port, v === undefined ? null : { kind: "literal", value: v })}
              />
            )}
            {binding?.kind !== "parent" && isDataType(spec.type) && (
              <>
                <ConnectMenu
                  label={`Connect ${port} from…`}
                  ports={readOnly ? [] : compatibleSources(graph, node.id, port)}
                  disabled={readOnly}
                  onPick={(src) =>
                    onConnect({ source: src.node, sourcePort: src.port, target: node.id, targetPort: port })
                  }
                />
                <Caption1>Or drag from an output or a data node to this input on the canvas.</Caption1>
              </>
            )}
          </Field>
        );
      })}
      {Object.keys(node.component.inputs).length === 0 && <Caption1>No inputs.</Caption1>}
      <Subtitle2 as="h3" className={s.section}>
        Outputs
      </Subtitle2>
      {Object.entries(node.component.outputs).map(([port, spec]) => {
        const out = node.outputs[port] ?? {};
        return (
          <Field key={port} label={`${port} (${spec.type})`}>
            <ConnectMenu
              label={`Connect ${port} to…`}
              ports={readOnly ? [] : compatibleTargets(graph, node.id, port)}
              disabled={readOnly}
              onPick={(to) => onConnect({ source: node.id, sourcePort: port, target: to.node, targetPort: to.port })}
            />
            <Dropdown
              aria-label={`${port} pipeline output`}
              size="small"
              disabled={readOnly}
              value={out.parentOutput ? `pipeline output ${out.parentOutput}` : "not a pipeline output"}
              selectedOptions={[out.parentOutput ?? ""]}
              onOptionSelect={(_, d) =>
                update((n) => ({
                  ...n,
                  outputs: { ...n.outputs, [port]: { ...out, parentOutput: d.optionValue || undefined } },
                }))
              }
            >
              <Option value="">not a pipeline output</Option>
              {Object.keys(graph.outputs).map((o) => (
                <Option key={o} value={o} text={`pipeline output ${o}`}>
                  pipeline output {o}
                </Option>
              ))}
            </Dropdown>
          </Field>
        );
      })}
      <Subtitle2 as="h3" className={s.section}>
        Command
      </Subtitle2>
      <Textarea readOnly value={node.component.command} aria-label="Command" resize="vertical" />
    </aside>
  );
}

/** A typed field from the component's spec: enum → choice, boolean → switch, numbers with min/max, text. */
function LiteralField({
  port,
  spec,
  value,
  readOnly,
  onSet,
}: {
  port: string;
  spec: ComponentInput;
  value: Literal | undefined;
  readOnly: boolean;
  onSet(v: Literal | undefined): void;
}) {
  const placeholder =
    spec.default !== undefined ? `default: ${String(spec.default)}` : spec.optional ? "optional" : "required";
  if (spec.enum)
    return (
      <Dropdown
        aria-label={port}
        disabled={readOnly}
        placeholder={placeholder}
        value={value === undefined ? "" : String(value)}
        selectedOptions={value === undefined ? [] : [String(value)]}
        onOptionSelect={(_, d) => onSet(d.optionValue === "" ? undefined : d.optionValue)}
      >
        <Option value="">{placeholder}</Option>
        {spec.enum.map((e) => (
          <Option key={e} value={e}>
            {e}
          </Option>
        ))}
      </Dropdown>
    );
  if (spec.type === "boolean")
    return (
      <Switch
        aria-label={port}
        disabled={readOnly}
        checked={value === undefined ? spec.default === true : value === true}
        onChange={(_, d) => onSet(d.checked)}
        label={value === undefined ? `${placeholder}` : String(value)}
      />
    );
  const range = [spec.min !== undefined ? `≥ ${spec.min}` : "", spec.max !== undefined ? `≤ ${spec.max}` : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <CommitInput
      label={port}
      type={spec.type === "integer" || spec.type === "number" ? "number" : "text"}
      placeholder={range ? `${placeholder} (${range})` : placeholder}
      value={value === undefined ? "" : String(value)}
      disabled={readOnly}
      onCommit={(text) => {
        if (text.trim() === "") return onSet(undefined);
        onSet(literalProblem(spec, text) ? text : coerceLiteral(spec.type, text));
      }}
    />
  );
}

function DataPanel({ node, graph, readOnly, onChange, onConnect }: Common & { node: DataNode }) {
  const s = useStyles();
  const update = (patch: Partial<DataNode>) =>
    onChange((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === node.id ? ({ ...n, ...patch } as DataNode) : n)) }));
  return (
    <aside className={s.root} aria-label={`Data ${node.id}`}>
      <Subtitle2 as="h2">Data {node.id}</Subtitle2>
      <Field label="Type">
        <Dropdown
          aria-label="Data node type"
          disabled={readOnly}
          value={node.dataType}
          selectedOptions={[node.dataType]}
          onOptionSelect={(_, d) => update({ dataType: d.optionValue as DataType })}
        >
          {DATA_TYPES.map((t) => (
            <Option key={t} value={t}>
              {t}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Path" hint="azureml:name:version, azureml://datastores/<ds>/paths/<p>, https://…">
        <CommitInput
          label="Data node path"
          value={node.path}
          disabled={readOnly}
          onCommit={(v) => update({ path: v.trim() })}
        />
      </Field>
      {outputPorts(node).map((port) => (
        <ConnectMenu
          key={port}
          label="Connect to…"
          ports={readOnly ? [] : compatibleTargets(graph, node.id, port)}
          disabled={readOnly}
          onPick={(to) => onConnect({ source: node.id, sourcePort: port, target: to.node, targetPort: to.port })}
        />
      ))}
      <Field label="Mode">
        <Dropdown
          aria-label="Mode"
          disabled={readOnly}
          value={node.mode ?? "(default)"}
          selectedOptions={[node.mode ?? ""]}
          onOptionSelect={(_, d) => update({ mode: d.optionValue || undefined })}
        >
          {["", "ro_mount", "download", "direct", "rw_mount"].map((m) => (
            <Option key={m} value={m}>
              {m || "(default)"}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </aside>
  );
}

function PipelinePanel({ graph, readOnly, computes, onChange, onError }: Common) {
  const s = useStyles();
  const [newInput, setNewInput] = useState({ name: "", type: "string" as IoType });
  const [newOutput, setNewOutput] = useState("");
  const set = (patch: Partial<PipelineGraph>) => onChange((g) => ({ ...g, ...patch }));
  const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
  return (
    <aside className={s.root} aria-label="Pipeline settings">
      <Subtitle2 as="h2">Pipeline</Subtitle2>
      <Caption1>Select a step to set its parameters.</Caption1>
      <Field label="Display name">
        <CommitInput
          label="Pipeline display name"
          value={graph.displayName ?? ""}
          disabled={readOnly}
          onCommit={(v) => set({ displayName: v.trim() || undefined })}
        />
      </Field>
      <Field label="Description">
        <CommitInput
          label="Pipeline description"
          value={graph.description ?? ""}
          disabled={readOnly}
          onCommit={(v) => set({ description: v.trim() || undefined })}
        />
      </Field>
      <Field label="Experiment">
        <CommitInput
          label="Experiment name"
          value={graph.experimentName ?? ""}
          placeholder="Default"
          disabled={readOnly}
          onCommit={(v) => set({ experimentName: v.trim() || undefined })}
        />
      </Field>
      <Field label="Default compute">
        <Dropdown
          aria-label="Default compute"
          disabled={readOnly}
          placeholder="none"
          value={graph.settings.defaultCompute ?? ""}
          selectedOptions={[graph.settings.defaultCompute ?? ""]}
          onOptionSelect={(_, d) =>
            set({ settings: { ...graph.settings, defaultCompute: d.optionValue || undefined } })
          }
        >
          <Option value="">none</Option>
          {["azureml:serverless", ...computeOptions(computes)].map((c) => (
            <Option key={c} value={c}>
              {c}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Subtitle2 as="h3" className={s.section}>
        Pipeline inputs
      </Subtitle2>
      {Object.entries(graph.inputs).map(([name, i]) => (
        <div key={name} className={s.row}>
          <Field className={s.grow} label={`${name} (${i.type})`}>
            <CommitInput
              label={`Pipeline input ${name}`}
              value={isDataType(i.type) ? (i.path ?? "") : i.value === undefined ? "" : String(i.value)}
              disabled={readOnly}
              onCommit={(v) =>
                set({
                  inputs: {
                    ...graph.inputs,
                    [name]: isDataType(i.type)
                      ? { ...i, path: v.trim() }
                      : { ...i, value: v === "" ? undefined : coerceLiteral(i.type, v) },
                  },
                })
              }
            />
          </Field>
          <Button
            icon={<DeleteRegular />}
            aria-label={`Remove pipeline input ${name}`}
            disabled={readOnly}
            onClick={() => {
              const inputs = { ...graph.inputs };
              delete inputs[name];
              set({ inputs });
            }}
          />
        </div>
      ))}
      <div className={s.row}>
        <Input
          className={s.grow}
          size="small"
          aria-label="New pipeline input name"
          placeholder="name"
          value={newInput.name}
          disabled={readOnly}
          onChange={(_, d) => setNewInput({ ...newInput, name: d.value })}
        />
        <Dropdown
          size="small"
          aria-label="New pipeline input type"
          style={{ minWidth: "110px" }}
          disabled={readOnly}
          value={newInput.type}
          selectedOptions={[newInput.type]}
          onOptionSelect={(_, d) => setNewInput({ ...newInput, type: d.optionValue as IoType })}
        >
          {IO_TYPES.map((t) => (
            <Option key={t} value={t}>
              {t}
            </Option>
          ))}
        </Dropdown>
        <Button
          size="small"
          disabled={readOnly || !newInput.name}
          onClick={() => {
            if (!NAME.test(newInput.name) || newInput.name in graph.inputs)
              return onError(
                `"${newInput.name}" is not a valid new input name: letters, digits and '_', not starting with a digit, not used yet.`,
              );
            set({ inputs: { ...graph.inputs, [newInput.name]: { type: newInput.type } } });
            setNewInput({ ...newInput, name: "" });
          }}
        >
          Add
        </Button>
      </div>
      <Subtitle2 as="h3" className={s.section}>
        Pipeline outputs
      </Subtitle2>
      {Object.entries(graph.outputs).map(([name, o]) => (
        <div key={name} className={s.row}>
          <Caption1 className={s.grow}>
            {name}
            {o.mode ? ` · ${o.mode}` : ""}
            {o.path ? ` → ${o.path}` : ""}
          </Caption1>
          <Button
            size="small"
            icon={<DeleteRegular />}
            aria-label={`Remove pipeline output ${name}`}
            disabled={readOnly}
            onClick={() => {
              const outputs = { ...graph.outputs };
              delete outputs[name];
              set({ outputs });
            }}
          />
        </div>
      ))}
      <div className={s.row}>
        <Input
          className={s.grow}
          size="small"
          aria-label="New pipeline output name"
          placeholder="name"
          value={newOutput}
          disabled={readOnly}
          onChange={(_, d) => setNewOutput(d.value)}
        />
        <Button
          size="small"
          disabled={readOnly || !newOutput}
          onClick={() => {
            if (!NAME.test(newOutput) || newOutput in graph.outputs)
              return onError(`"${newOutput}" is not a valid new output name.`);
            set({ outputs: { ...graph.outputs, [newOutput]: { mode: "upload" } } });
            setNewOutput("");
          }}
        >
          Add
        </Button>
      </div>
    </aside>
  );
}
