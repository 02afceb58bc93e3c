/**
 * Lineage edges from what the workspace records, one ARM body at a time (jobs, model versions, data versions,
 * component versions). An edge points downstream: `from` was used to make `to`. Pure: no I/O.
 */
import { parseAssetVersionId } from "../arm-names";
import {
  assetKey,
  assetRef,
  externalKey,
  isUploadPath,
  jobKey,
  jobOutputOfPath,
  kindOfKey,
  parseKey,
  stepKey,
  unknownKey,
  uriRef,
  type AssetKindOfNode,
  type NodeKind,
  type Ref,
} from "./refs";

export type NodeState = "present" | "missing" | "not-checked";

export type LineageNode = {
  key: string;
  kind: NodeKind;
  /** What the graph writes on the node: a job's display name, `name:version`, a path. */
  label: string;
  state: NodeState;
  /** A second line: a job's type and status, an asset's type, why an origin is unknown. */
  detail?: string;
  createdAt?: string;
  /** A step's pipeline job. */
  parent?: string;
};

export type LineageEdge = { from: string; to: string; label: string };

export type Extracted = { nodes: LineageNode[]; edges: LineageEdge[] };

type Body = { name?: string; id?: string; properties?: Record<string, any>; systemData?: { createdAt?: unknown } };

const MODEL_INPUT_TYPES = new Set(["mlflow_model", "custom_model", "triton_model"]);

/** A node as an edge names it, before the index knows whether it exists. */
export function placeholderNode(key: string): LineageNode {
  const p = parseKey(key);
  const kind = kindOfKey(key);
  let label = key.slice(key.indexOf(":") + 1);
  if (p && "version" in p) label = `${p.name}:${p.version}`;
  if (p?.kind === "step") label = p.step;
  if (p?.kind === "unknown") label = "origin not recorded";
  return {
    key,
    kind,
    label,
    state: kind === "path" || kind === "external" || kind === "unknown" ? "present" : "not-checked",
    ...(p?.kind === "step" ? { parent: jobKey(p.pipeline) } : {}),
    ...(p?.kind === "unknown" ? { detail: "registered from an upload or a source the workspace does not record" } : {}),
  };
}

/** The value a job input or output binds: `uri` for data, `value` for literal bindings (`${{parent…}}`). */
function bound(x: unknown): unknown {
  if (!x || typeof x !== "object") return undefined;
  const o = x as Record<string, unknown>;
  return o.uri ?? o.value ?? o.path;
}

function inputKind(x: unknown): AssetKindOfNode {
  const o = (x ?? {}) as Record<string, unknown>;
  const t = String(o.jobInputType ?? o.job_input_type ?? o.type ?? "");
  return MODEL_INPUT_TYPES.has(t) ? "model" : "data";
}

const createdAtOf = (b: Body) => {
  const c = b.systemData?.createdAt;
  return typeof c === "string" ? c : c instanceof Date ? c.toISOString() : undefined;
};

/** The node a resolved reference stands for, or null (bindings inside a pipeline are resolved by the caller). */
function refNode(ref: Ref): { key: string; output?: string } | null {
  if (ref.to === "node") return { key: ref.key };
  if (ref.to === "job-output") return { key: jobKey(ref.job), output: ref.output };
  return null;
}

class Collector {
  nodes = new Map<string, LineageNode>();
  edges: LineageEdge[] = [];
  node(n: LineageNode) {
    this.nodes.set(n.key, n);
  }
  edge(from: string, to: string, label: string) {
    if (from === to) return;
    if (this.edges.some((e) => e.from === from && e.to === to && e.label === label)) return;
    this.edges.push({ from, to, label });
    if (!this.nodes.has(from)) this.nodes.set(from, placeholderNode(from));
    if (!this.nodes.has(to)) this.nodes.set(to, placeholderNode(to));
  }
  done(): Extracted {
    return { nodes: [...this.nodes.values()], edges: this.edges };
  }
}

/** Edges into `target` from a URI of an input; `portLabel` names the input. */
function inputEdge(c: Collector, target: string, uri: unknown, kind: AssetKindOfNode, portLabel: string) {
  const r = refNode(uriRef(uri, kind));
  if (r) c.edge(r.key, target, r.output ? `${portLabel} ← output ${r.output}` : portLabel);
}

/** Edges from `source` to where an output was written. */
function outputEdge(c: Collector, source: string, uri: unknown, portLabel: string) {
  const ref = uriRef(uri);
  if (ref.to === "node") c.edge(source, ref.key, portLabel);
}

/** A job's environment, code and component, wherever the job type keeps them. */
function runtimeEdges(c: Collector, target: string, p: Record<string, any>) {
  const env = typeof p.environmentId === "string" ? assetRef(p.environmentId, "environment") : null;
  if (env) c.edge(env, target, "environment");
  const code = typeof p.codeId === "string" ? assetRef(p.codeId, "code") : null;
  if (code) c.edge(code, target, "code");
  const comp = typeof p.componentId === "string" ? assetRef(p.componentId, "component") : null;
  if (comp) c.edge(comp, target, "component");
}

/**
 * A job's edges: its inputs (data versions, datastore paths, models, other jobs' outputs), its outputs (datastore
 * paths), its environment, code and component; a Sweep's trial; a Pipeline's steps with their components, inputs
 * (pipeline inputs and upstream steps' outputs `${{parent.jobs.x.outputs.y}}`) and the pipeline outputs they bind.
 */
export function jobLineage(body: Body): Extracted {
  const c = new Collector();
  const name =
    body.name ??
    String(body.id ?? "")
      .split("/")
      .pop() ??
    "";
  const p = body.properties ?? {};
  const self = jobKey(name);
  const parent = p.properties?.["azureml.parentJobName"];
  c.node({
    key: self,
    kind: "job",
    label: p.displayName || name,
    state: "present",
    detail: [p.jobType, p.status].filter(Boolean).join(" · "),
    createdAt: createdAtOf(body),
    ...(parent ? { parent: jobKey(String(parent)) } : {}),
  });
  const inputs = (p.inputs ?? {}) as Record<string, unknown>;
  for (const [port, inp] of Object.entries(inputs)) {
    if (!inp) continue;
    const o = inp as Record<string, unknown>;
    // A literal input is a value, not a link (pipeline steps' literal bindings are handled with the steps).
    if ((o.jobInputType ?? o.job_input_type) === "literal") continue;
    inputEdge(c, self, bound(inp), inputKind(inp), `input ${port}`);
  }
  for (const [port, out] of Object.entries((p.outputs ?? {}) as Record<string, unknown>))
    if (out) outputEdge(c, self, bound(out), `output ${port}`);
  runtimeEdges(c, self, p);
  if (p.jobType === "Sweep" && p.trial) runtimeEdges(c, self, p.trial);

  if (p.jobType === "Pipeline") {
    for (const [stepName, raw] of Object.entries((p.jobs ?? {}) as Record<string, Record<string, any>>)) {
      if (!raw) continue;
      const step = stepKey(name, stepName);
      c.node({
        key: step,
        kind: "step",
        label: raw.displayName || stepName,
        state: "present",
        detail: `step of ${name}${raw.type ? ` · ${raw.type}` : ""}`,
        parent: self,
      });
      runtimeEdges(c, step, raw);
      for (const [port, inp] of Object.entries((raw.inputs ?? {}) as Record<string, unknown>)) {
        const ref = uriRef(bound(inp), inputKind(inp));
        if (ref.to === "step-output") c.edge(stepKey(name, ref.step), step, `input ${port} ← output ${ref.output}`);
        else if (ref.to === "pipeline-input")
          inputEdge(c, step, bound(inputs[ref.input]), inputKind(inputs[ref.input]), `input ${port}`);
        else {
          const r = refNode(ref);
          if (r) c.edge(r.key, step, r.output ? `input ${port} ← output ${r.output}` : `input ${port}`);
        }
      }
      let bindsOutput = false;
      for (const [port, out] of Object.entries((raw.outputs ?? {}) as Record<string, unknown>)) {
        const ref = uriRef(bound(out));
        if (ref.to === "pipeline-output") {
          bindsOutput = true;
          c.edge(step, self, `output ${ref.output} ← ${port}`);
        } else if (ref.to === "node") c.edge(step, ref.key, `output ${port}`);
      }
      // Every step is part of what made the pipeline's result.
      if (!bindsOutput) c.edge(step, self, "step");
    }
  }
  return c.done();
}

/** Where a model's or data version's files came from: a job output, a datastore path, an upload, elsewhere. */
function sourceEdges(c: Collector, self: string, uri: unknown, label: string) {
  const ref = uriRef(uri, kindOfKey(self) === "model" ? "model" : "data");
  if (ref.to === "job-output") {
    c.edge(jobKey(ref.job), self, ref.output ? `output ${ref.output}` : "run artifacts");
    return;
  }
  if (ref.to === "node") {
    const p = parseKey(ref.key);
    if (p?.kind === "path" && isUploadPath(p.path)) {
      c.edge(unknownKey(self), self, "uploaded");
      return;
    }
    c.edge(ref.key, self, label);
    return;
  }
  c.edge(unknownKey(self), self, "source not recorded");
}

function assetNode(kind: "model" | "data" | "component", body: Body, name: string, version: string, detail?: string) {
  return {
    key: assetKey(kind, name, version),
    kind,
    label: `${name}:${version}`,
    state: "present" as const,
    createdAt: createdAtOf(body),
    ...(detail ? { detail } : {}),
  };
}

/** The name and version of a version body: from the ARM id `…/<name>/versions/<v>`, else the given ones. */
export function versionOf(body: Body, name?: string, version?: string): { name: string; version: string } {
  const m = parseAssetVersionId(String(body.id ?? ""));
  return { name: name ?? m?.name ?? "", version: version ?? m?.version ?? body.name ?? "" };
}

/**
 * A model version's edges: the job that trained it (`jobName`) and where its files are (`modelUri`: a job output
 * `azureml://jobs/<job>/outputs/<out>`, `runs:/<run>/…`, a datastore path, itself maybe a job's output folder).
 * An upload or no source at all: an explicit "origin not recorded" node.
 */
export function modelLineage(body: Body, name?: string, version?: string): Extracted {
  const c = new Collector();
  const v = versionOf(body, name, version);
  const p = body.properties ?? {};
  const self = assetKey("model", v.name, v.version);
  c.node(assetNode("model", body, v.name, v.version, p.modelType));
  const job = typeof p.jobName === "string" && p.jobName ? jobKey(p.jobName) : null;
  const ref = uriRef(p.modelUri, "model");
  const fromJob = ref.to === "job-output" ? jobKey(ref.job) : null;
  if (job && job !== fromJob) c.edge(job, self, "trained");
  if (ref.to === "job-output")
    c.edge(
      jobKey(ref.job),
      self,
      `${job === fromJob ? "trained · " : ""}${ref.output ? `output ${ref.output}` : "run artifacts"}`,
    );
  else if (ref.to === "node") {
    const path = parseKey(ref.key);
    // Files uploaded for a model that names its job: the job is the origin, the upload only where its files were put.
    if (path?.kind === "path" && isUploadPath(path.path)) {
      if (!job) c.edge(unknownKey(self), self, "uploaded");
    } else c.edge(ref.key, self, "files");
  } else if (!job) c.edge(unknownKey(self), self, "source not recorded");
  return c.done();
}

/** A data version's edges: its `dataUri` (a job output, a datastore folder or file, an upload) and an MLTable's referenced URIs. */
export function dataLineage(body: Body, name?: string, version?: string): Extracted {
  const c = new Collector();
  const v = versionOf(body, name, version);
  const p = body.properties ?? {};
  const self = assetKey("data", v.name, v.version);
  c.node(assetNode("data", body, v.name, v.version, p.dataType));
  sourceEdges(c, self, p.dataUri, "registered from");
  for (const u of (p.referencedUris ?? []) as unknown[]) {
    const r = uriRef(u);
    if (r.to === "node") c.edge(r.key, self, "referenced");
  }
  return c.done();
}

/** A component version's environment and code (registered references; inline environments have no node). */
export function componentLineage(body: Body, name?: string, version?: string): Extracted {
  const c = new Collector();
  const v = versionOf(body, name, version);
  const spec = (body.properties?.componentSpec ?? {}) as Record<string, unknown>;
  const self = assetKey("component", v.name, v.version);
  c.node(assetNode("component", body, v.name, v.version, typeof spec.type === "string" ? spec.type : undefined));
  if (typeof spec.environment === "string") {
    const env = assetRef(spec.environment, "environment");
    if (env) c.edge(env, self, "environment");
  } else if (spec.environment && typeof spec.environment === "object") {
    const img = (spec.environment as Record<string, unknown>).image;
    if (typeof img === "string") c.edge(externalKey(`docker://${img}`), self, "inline environment image");
  }
  if (typeof spec.code === "string") {
    const code = assetRef(spec.code, "code");
    if (code) c.edge(code, self, "code");
  }
  return c.done();
}

/** A datastore path that is a job's output folder (`azureml/<job>/<output>/…`) was written by that job. */
export function pathLineage(key: string): LineageEdge[] {
  const p = parseKey(key);
  if (p?.kind !== "path") return [];
  const out = jobOutputOfPath(p.path);
  return out ? [{ from: jobKey(out.job), to: key, label: `output ${out.output}` }] : [];
}
