/**
 * Types of the pipeline designer's graph model and of Azure ML command components.
 * Everything here is plain JSON: graphs are stored as draft rows, sent to the browser and
 * read by the local service's runner, so no class instances and no functions.
 */

/** Data types an input or output can carry (Azure ML CLI v2 names). */
export const DATA_TYPES = ["uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model"] as const;
/** Literal (primitive) input types. */
export const PRIMITIVE_TYPES = ["string", "integer", "number", "boolean"] as const;
export const IO_TYPES = [...DATA_TYPES, ...PRIMITIVE_TYPES] as const;

export type DataType = (typeof DATA_TYPES)[number];
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];
export type IoType = (typeof IO_TYPES)[number];

export const isDataType = (t: string): t is DataType => (DATA_TYPES as readonly string[]).includes(t);
export const isPrimitiveType = (t: string): t is PrimitiveType => (PRIMITIVE_TYPES as readonly string[]).includes(t);
export const isIoType = (t: string): t is IoType => (IO_TYPES as readonly string[]).includes(t);

export type Literal = string | number | boolean;

/** One input of a component, as its YAML declares it. */
export interface ComponentInput {
  type: IoType;
  description?: string;
  optional?: boolean;
  default?: Literal;
  enum?: string[];
  min?: number;
  max?: number;
}

/** One output of a component (always a data type). */
export interface ComponentOutput {
  type: DataType;
  description?: string;
}

/**
 * A command component (Azure ML CLI v2 commandComponent schema), normalised.
 * `source` is the YAML mapping as parsed (what ARM stores as componentSpec, with `code` possibly rewritten).
 */
export interface ComponentSpec {
  name: string;
  version?: string;
  displayName?: string;
  description?: string;
  type: "command";
  tags?: Record<string, string>;
  isDeterministic?: boolean;
  inputs: Record<string, ComponentInput>;
  outputs: Record<string, ComponentOutput>;
  command: string;
  /** `azureml:name:version`, `azureml:name@label`, `azureml://registries/...` or an inline definition. */
  environment: string | Record<string, unknown>;
  /** A local folder (`./src`) before registration, a code asset reference after. */
  code?: string;
  source: Record<string, unknown>;
}

/** A node's binding of one component input. Edges are not bindings: they live in `edges`. */
export type InputBinding =
  | { kind: "literal"; value: Literal }
  /** `${{parent.inputs.<name>}}` */
  | { kind: "parent"; input: string };

/** A node's settings for one component output. */
export interface OutputBinding {
  /** `${{parent.outputs.<name>}}` */
  parentOutput?: string;
  mode?: string;
  path?: string;
  /** Anything else the YAML carried (name, version, type override), kept for export. */
  extra?: Record<string, unknown>;
}

export interface Position {
  x: number;
  y: number;
}

/** A step of the pipeline: one job running a component. `id` is the job's name in YAML. */
export interface ComponentNode {
  kind: "component";
  id: string;
  /** How the YAML names the component: `azureml:name:version`, `azureml:name@latest`, `./file.yml`, or `inline`. */
  componentRef: string;
  /** The resolved component the node was built from (a snapshot: ports and types are read from it). */
  component: ComponentSpec;
  /**
   * The step is written as a command job (command, environment and code on the step, no `component:`), as in Azure
   * ML's hello-pipeline examples. Its component is anonymous, derived from the step; export writes it back inline.
   */
  inlineCommand?: true;
  displayName?: string;
  /** `azureml:<compute>`; falls back to the pipeline's default compute. */
  compute?: string;
  inputs: Record<string, InputBinding>;
  outputs: Record<string, OutputBinding>;
  /** Job keys the designer does not edit (limits, services, resources, environment_variables, …), kept verbatim. */
  extra?: Record<string, unknown>;
  position: Position;
}

/** A data source feeding component inputs: a data asset, a datastore path or a URL. Inlined into job inputs on export. */
export interface DataNode {
  kind: "data";
  id: string;
  dataType: DataType;
  /** `azureml:name:version`, `azureml:name@latest`, `azureml://datastores/<ds>/paths/<p>`, `https://…` or a local path. */
  path: string;
  mode?: string;
  label?: string;
  position: Position;
}

export type PipelineNode = ComponentNode | DataNode;

/** Output port name of a data node. */
export const DATA_NODE_PORT = "data";

/** A connection from a component output (or a data node) to a component input. */
export interface PipelineEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** A pipeline-level input: a literal (type inferred or declared) or a data input. */
export interface PipelineInput {
  type: IoType;
  value?: Literal;
  path?: string;
  mode?: string;
  description?: string;
  optional?: boolean;
}

export interface PipelineOutput {
  type?: DataType;
  mode?: string;
  path?: string;
  description?: string;
}

export interface PipelineSettings {
  /** `azureml:<compute>` */
  defaultCompute?: string;
  defaultDatastore?: string;
  continueOnStepFailure?: boolean;
  /** Other settings keys, kept verbatim. */
  extra?: Record<string, unknown>;
}

export interface PipelineGraph {
  displayName?: string;
  description?: string;
  experimentName?: string;
  tags?: Record<string, string>;
  settings: PipelineSettings;
  inputs: Record<string, PipelineInput>;
  outputs: Record<string, PipelineOutput>;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

export const emptyGraph = (): PipelineGraph => ({ settings: {}, inputs: {}, outputs: {}, nodes: [], edges: [] });

/** A position in a YAML text, 1-based like editors show. */
export interface SourcePosition {
  line: number;
  col: number;
}

/** A problem found while reading YAML: what, and where. */
export interface YamlProblem {
  message: string;
  path?: string;
  pos?: SourcePosition;
}
