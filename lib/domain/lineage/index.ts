/**
 * Lineage edges from what a workspace records, as ARM returns it (pure; the studio's lineage feature and its tests
 * share it). Nodes are named by kind: `job:<name>`, `data:<name>:<version>`, `model:<name>:<version>`,
 * `environment:<name>:<version>`, `component:<name>:<version>`, `code:<name>:<version>`, `path:<azureml:// uri>`.
 * An edge runs from what was used to what used it or came of it: data → job, environment → job, job → model.
 * Where the record cannot say where something came from (an asset registered from an upload, a model with no
 * job), the node is marked `unknownOrigin` instead of guessing.
 */

export type LineageKind = "job" | "data" | "model" | "environment" | "component" | "code" | "path";

export interface LineageNode {
  id: string;
  kind: LineageKind;
  label: string;
  /** The record says nothing of where this came from. */
  unknownOrigin?: string;
}

export interface LineageEdge {
  from: string;
  to: string;
  /** How they are linked: an input or output port, "environment", "component", "code", "step of", "registered from". */
  via: string;
}

export interface LineageFacts {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

const ASSET_KINDS = {
  data: "data",
  models: "model",
  environments: "environment",
  components: "component",
  codes: "code",
} as const;

/**
 * An asset reference as jobs and assets write it: an ARM id (…/data/<name>/versions/<v>), `azureml:<name>:<v>`,
 * `azureml:<name>@latest` (kept as `latest`), or a registry id. `kind` applies to the short forms.
 */
export function assetNode(ref: string, kind: Exclude<LineageKind, "job" | "path">): LineageNode | null {
  const arm = /\/(data|models|environments|components|codes)\/([^/]+)\/versions\/([^/]+)$/i.exec(ref);
  if (arm) {
    const k = ASSET_KINDS[arm[1].toLowerCase() as keyof typeof ASSET_KINDS];
    return { id: `${k}:${arm[2]}:${arm[3]}`, kind: k, label: `${arm[2]}:${arm[3]}` };
  }
  const short = /^azureml:([^:@/]+)(?::([^:@/]+)|@([A-Za-z]+))$/.exec(ref.trim());
  if (short) {
    const version = short[2] ?? short[3];
    return { id: `${kind}:${short[1]}:${version}`, kind, label: `${short[1]}:${version}` };
  }
  return null;
}

export const jobNode = (name: string, label?: string): LineageNode => ({
  id: `job:${name}`,
  kind: "job",
  label: label ?? name,
});

/** A datastore path, or a job output (`azureml://jobs/<job>/outputs/<port>`), or null for anything else. */
export function uriNode(uri: string): { node: LineageNode; job?: string; output?: string } | null {
  const out = /^azureml:\/\/jobs\/([^/]+)\/outputs\/([^/]+)/.exec(uri);
  if (out) return { node: jobNode(out[1]), job: out[1], output: out[2] };
  const path =
    /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+\/workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/(.*)$/i.exec(
      uri,
    );
  if (path) {
    const clean = `azureml://datastores/${path[1]}/paths/${path[2].replace(/\/+$/, "")}`;
    return { node: { id: `path:${clean}`, kind: "path", label: `${path[1]}/${path[2].replace(/\/+$/, "")}` } };
  }
  return null;
}

/** Where an input of a job comes from: a data asset version, a datastore path or a job output; null for literals. */
function inputSource(input: Record<string, unknown> | null | undefined): LineageNode | null {
  if (!input || input.jobInputType === "literal") return null;
  const uri = typeof input.uri === "string" ? input.uri : null;
  if (!uri) return null;
  if (/^azureml:[^/]/.test(uri) || /\/data\/[^/]+\/versions\//i.test(uri)) return assetNode(uri, "data");
  return uriNode(uri)?.node ?? null;
}

/**
 * Upstream of a job (and, for a pipeline, of each step written in its body): inputs, environment, component and
 * code, and the pipeline each step belongs to. `stepJobName` names a step's own job (the local service and Azure ML
 * both give steps jobs of their own).
 */
export function jobLineage(
  name: string,
  props: Record<string, any>,
  stepJobName: (step: string) => string = (step) => `${name}-${step}`,
): LineageFacts {
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const add = (n: LineageNode | null) => (n ? (nodes.get(n.id) ?? (nodes.set(n.id, n), n)) : null);
  const me = add(jobNode(name, props.displayName ?? name))!;
  const usedBy = (n: LineageNode | null, via: string, to = me) => {
    const node = add(n);
    if (node && node.id !== to.id) edges.push({ from: node.id, to: to.id, via });
  };
  for (const [port, input] of Object.entries((props.inputs ?? {}) as Record<string, any>))
    usedBy(inputSource(input), `input ${port}`);
  const trial = (props.trial ?? {}) as Record<string, any>;
  const envId = props.environmentId ?? trial.environmentId;
  if (typeof envId === "string") usedBy(assetNode(envId, "environment"), "environment");
  const codeId = props.codeId ?? trial.codeId;
  if (typeof codeId === "string") usedBy(assetNode(codeId, "code"), "code");
  if (typeof props.componentId === "string") usedBy(assetNode(props.componentId, "component"), "component");
  for (const [port, output] of Object.entries((props.outputs ?? {}) as Record<string, any>)) {
    const uri = typeof output?.uri === "string" ? output.uri : null;
    const target = uri ? uriNode(uri) : null;
    if (target && target.node.kind === "path") {
      add(target.node);
      edges.push({ from: me.id, to: target.node.id, via: `output ${port}` });
    }
  }
  for (const [stepName, step] of Object.entries((props.jobs ?? {}) as Record<string, any>)) {
    const stepNode = add(jobNode(stepJobName(stepName), stepName))!;
    edges.push({ from: stepNode.id, to: me.id, via: "step of" });
    if (typeof step.componentId === "string") usedBy(assetNode(step.componentId, "component"), "component", stepNode);
    for (const [port, input] of Object.entries((step.inputs ?? {}) as Record<string, any>)) {
      const value = typeof input?.value === "string" ? input.value : "";
      const fromStep = /^\$\{\{\s*parent\.jobs\.([^.]+)\.outputs\.([^}\s]+)\s*\}\}$/.exec(value);
      if (fromStep) {
        const up = add(jobNode(stepJobName(fromStep[1]), fromStep[1]))!;
        edges.push({ from: up.id, to: stepNode.id, via: `input ${port} ← ${fromStep[2]}` });
        continue;
      }
      const fromParent = /^\$\{\{\s*parent\.inputs\.([^}\s]+)\s*\}\}$/.exec(value);
      if (fromParent) {
        usedBy(inputSource((props.inputs ?? {})[fromParent[1]]), `input ${port}`, stepNode);
        continue;
      }
      usedBy(inputSource(input), `input ${port}`, stepNode);
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** Where a model version came from: its job (`jobName`, or a job-output `modelUri`), else the path it names. */
export function modelLineage(name: string, version: string, props: Record<string, any>): LineageFacts {
  const me: LineageNode = { id: `model:${name}:${version}`, kind: "model", label: `${name}:${version}` };
  const uri = typeof props.modelUri === "string" ? props.modelUri : "";
  const fromUri = uri ? uriNode(uri) : null;
  const job = typeof props.jobName === "string" && props.jobName ? props.jobName : fromUri?.job;
  if (job) {
    const j = jobNode(job);
    return {
      nodes: [me, j],
      edges: [{ from: j.id, to: me.id, via: fromUri?.output ? `output ${fromUri.output}` : "registered from" }],
    };
  }
  if (fromUri?.node.kind === "path" && !/\/paths\/LocalUpload\//.test(uri))
    return { nodes: [me, fromUri.node], edges: [{ from: fromUri.node.id, to: me.id, via: "registered from" }] };
  return {
    nodes: [
      {
        ...me,
        unknownOrigin: uri
          ? `Registered from ${uri}: an upload, not a job or a datastore folder the workspace records.`
          : "No job or source path is recorded.",
      },
    ],
    edges: [],
  };
}

/** Where a data asset version came from: a job output or a datastore folder its `dataUri` names. */
export function dataLineage(name: string, version: string, props: Record<string, any>): LineageFacts {
  const me: LineageNode = { id: `data:${name}:${version}`, kind: "data", label: `${name}:${version}` };
  const uri = typeof props.dataUri === "string" ? props.dataUri : "";
  const source = uri ? uriNode(uri) : null;
  if (source && !/\/paths\/LocalUpload\//.test(uri))
    return {
      nodes: [me, source.node],
      edges: [{ from: source.node.id, to: me.id, via: source.output ? `output ${source.output}` : "registered from" }],
    };
  return {
    nodes: [
      {
        ...me,
        unknownOrigin: uri
          ? `Registered from ${uri}, which is not a job output or a datastore folder.`
          : "No source is recorded.",
      },
    ],
    edges: [],
  };
}

/** Facts merged: nodes by id (an unknown-origin mark kept), edges without repeats. */
export function mergeFacts(...all: LineageFacts[]): LineageFacts {
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, LineageEdge>();
  for (const f of all) {
    for (const n of f.nodes) {
      // The first label seen wins (a job's own record has its display name); an unknown-origin mark is kept.
      const prev = nodes.get(n.id);
      nodes.set(n.id, prev ? { ...prev, unknownOrigin: prev.unknownOrigin ?? n.unknownOrigin } : n);
    }
    for (const e of f.edges) edges.set(`${e.from}→${e.to}→${e.via}`, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The studio page of a node (null for code versions, which have no page). */
export function nodeHref(base: string, node: Pick<LineageNode, "id" | "kind">): string | null {
  const [, ...rest] = node.id.split(":");
  const e = encodeURIComponent;
  switch (node.kind) {
    case "job":
      return `${base}/jobs/${e(rest.join(":"))}`;
    case "model":
      return `${base}/models/${e(rest[0])}?version=${e(rest[1])}`;
    case "data":
      return `${base}/data/${e(rest[0])}?version=${e(rest[1])}`;
    case "environment":
      return `${base}/environments/${e(rest[0])}?version=${e(rest[1])}`;
    case "component":
      return `${base}/components?name=${e(rest[0])}&version=${e(rest[1])}`;
    case "path": {
      const m = /^path:azureml:\/\/datastores\/([^/]+)\/paths\/(.*)$/.exec(node.id);
      return m ? `${base}/datastores/${e(m[1])}?path=${e(m[2])}` : null;
    }
    default:
      return null;
  }
}

/** The lineage page of a node. */
export const lineageHref = (base: string, nodeId: string) => `${base}/lineage?node=${encodeURIComponent(nodeId)}`;
