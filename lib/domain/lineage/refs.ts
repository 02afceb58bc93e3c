/**
 * Lineage node keys and the references ARM bodies use to point at them. A key names one node of the lineage graph:
 *
 *   job:<name>                     a job (top-level, or any job the workspace lists)
 *   step:<pipeline>/<step>         a step of a pipeline job (Azure ML runs each step as a child job)
 *   data:<name>:<version>          model:<name>:<version>   environment:<name>:<version>
 *   component:<name>:<version>     code:<name>:<version>
 *   path:<datastore>/<path>        a datastore path (folder or file)
 *   external:<uri>                 storage or web URIs outside the workspace's datastores, registry assets
 *   unknown:<key of the node>      "where this came from is not recorded" (an upload): said, not guessed
 *
 * Pure: no I/O.
 */

export const NODE_KINDS = [
  "job",
  "step",
  "data",
  "model",
  "environment",
  "component",
  "code",
  "path",
  "external",
  "unknown",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export type AssetKindOfNode = "data" | "model" | "environment" | "component" | "code";
const ASSET_KINDS: readonly string[] = ["data", "model", "environment", "component", "code"];

/** The ARM collection segment of each versioned kind (`…/workspaces/ws/<segment>/<name>/versions/<v>`). */
const SEGMENT_KIND: Record<string, AssetKindOfNode> = {
  data: "data",
  models: "model",
  environments: "environment",
  components: "component",
  codes: "code",
};

export const jobKey = (name: string) => `job:${name}`;
export const stepKey = (pipeline: string, step: string) => `step:${pipeline}/${step}`;
export const assetKey = (kind: AssetKindOfNode, name: string, version: string) => `${kind}:${name}:${version}`;
export const pathKey = (datastore: string, path: string) => `path:${datastore}/${path.replace(/^\/+|\/+$/g, "")}`;
export const externalKey = (uri: string) => `external:${uri}`;
export const unknownKey = (of: string) => `unknown:${of}`;

export type ParsedKey =
  | { kind: "job"; name: string }
  | { kind: "step"; pipeline: string; step: string }
  | { kind: AssetKindOfNode; name: string; version: string }
  | { kind: "path"; datastore: string; path: string }
  | { kind: "external"; uri: string }
  | { kind: "unknown"; of: string };

/** A node key back to its parts; null when it is not a key (the route answers 400 naming the problem). */
export function parseKey(key: string): ParsedKey | null {
  const i = key.indexOf(":");
  if (i <= 0) return null;
  const kind = key.slice(0, i);
  const rest = key.slice(i + 1);
  if (!rest) return null;
  switch (kind) {
    case "job":
      return /^[^/:]+$/.test(rest) ? { kind, name: rest } : null;
    case "step": {
      const m = /^([^/]+)\/([^/]+)$/.exec(rest);
      return m ? { kind, pipeline: m[1], step: m[2] } : null;
    }
    case "path": {
      const m = /^([^/]+)\/?(.*)$/.exec(rest);
      return m ? { kind, datastore: m[1], path: m[2] } : null;
    }
    case "external":
      return { kind, uri: rest };
    case "unknown":
      return parseKey(rest) ? { kind, of: rest } : null;
    default: {
      if (!ASSET_KINDS.includes(kind)) return null;
      const j = rest.lastIndexOf(":");
      if (j <= 0 || j === rest.length - 1) return null;
      return { kind: kind as AssetKindOfNode, name: rest.slice(0, j), version: rest.slice(j + 1) };
    }
  }
}

export const kindOfKey = (key: string): NodeKind => key.slice(0, key.indexOf(":")) as NodeKind;

/**
 * Where a reference in an ARM body points. Inside a pipeline, `${{parent.jobs.x.outputs.y}}` is the output y of
 * step x, `${{parent.inputs.x}}` the pipeline's input x and `${{parent.outputs.x}}` its output x (an output binding).
 */
export type Ref =
  | { to: "node"; key: string }
  | { to: "step-output"; step: string; output: string }
  | { to: "pipeline-input"; input: string }
  | { to: "pipeline-output"; output: string }
  | { to: "job-output"; job: string; output: string }
  | { to: "none" };

const BINDING =
  /^\$\{\{\s*parent\.(?:jobs\.([^.\s}]+)\.outputs\.([^.\s}]+)|inputs\.([^.\s}]+)|outputs\.([^.\s}]+))\s*\}\}$/;

/** The studio's own uploads land here (lib/server/storage/artifacts.ts); Azure ML's CLI and studio use the same two. */
const UPLOAD_PREFIXES = [/^LocalUpload\//i, /^UI\//i];

/** A datastore path that is a job output's default location (`azureml/<job>/<output>`, as Azure ML and the local runner write). */
export function jobOutputOfPath(path: string): { job: string; output: string } | null {
  const m = /^azureml\/([^/]+)\/([^/]+)(?:\/.*)?$/.exec(path.replace(/^\/+|\/+$/g, ""));
  return m ? { job: m[1], output: m[2] } : null;
}

export const isUploadPath = (path: string) => UPLOAD_PREFIXES.some((re) => re.test(path.replace(/^\/+/, "")));

/**
 * A versioned asset's reference in any of its spellings: `azureml:name:version`, `azureml:name@latest`,
 * an ARM id `/subscriptions/…/workspaces/ws/<segment>/<name>/versions/<v>`, or
 * `azureml://[locations|subscriptions…/]workspaces/…/<segment>/<name>/versions/<v>`. Registry assets
 * (`azureml://registries/…`) live outside the workspace: external.
 */
export function assetRef(ref: string, kind: AssetKindOfNode): string | null {
  const s = ref.trim();
  if (/^azureml:\/\/registries\//i.test(s)) return externalKey(s);
  const arm = /\/(data|models|environments|components|codes)\/([^/]+)\/versions\/([^/?#]+)\/?$/i.exec(s);
  if (arm && (s.startsWith("/") || /^azureml:\/\//i.test(s)))
    return assetKey(SEGMENT_KIND[arm[1].toLowerCase()] ?? kind, decodeURIComponent(arm[2]), decodeURIComponent(arm[3]));
  const short = /^azureml:([^:/@]+)(?::([^:/@]+)|@([A-Za-z]+))$/.exec(s);
  if (short) return assetKey(kind, short[1], short[2] ?? `@${short[3]}`);
  return null;
}

/**
 * What a URI (job input or output, model or data URI) points at. `kind` is the asset kind an `azureml:` short
 * reference means in that place (data for job inputs, model for model inputs).
 */
export function uriRef(uri: unknown, kind: AssetKindOfNode = "data"): Ref {
  if (typeof uri !== "string" || uri.trim() === "") return { to: "none" };
  const s = uri.trim();
  const b = BINDING.exec(s);
  if (b) {
    if (b[1]) return { to: "step-output", step: b[1], output: b[2] };
    if (b[3]) return { to: "pipeline-input", input: b[3] };
    return { to: "pipeline-output", output: b[4] };
  }
  const jobOut = /^azureml:\/\/jobs\/([^/]+)\/outputs\/([^/]+)(?:\/.*)?$/i.exec(s);
  if (jobOut) return { to: "job-output", job: decodeURIComponent(jobOut[1]), output: decodeURIComponent(jobOut[2]) };
  const runs = /^runs:\/([^/]+)(?:\/.*)?$/.exec(s);
  if (runs) return { to: "job-output", job: runs[1], output: "" };
  const ds =
    /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+\/(?:providers\/[^/]+\/)?workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/?(.*)$/i.exec(
      s,
    );
  if (ds) {
    let path = ds[2];
    try {
      path = path.split("/").map(decodeURIComponent).join("/");
    } catch {
      // A malformed escape: keep the path as written.
    }
    return { to: "node", key: pathKey(ds[1], path) };
  }
  const asset = assetRef(s, kind);
  if (asset) return { to: "node", key: asset };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return { to: "node", key: externalKey(s) };
  // Anything else (a local path such as ./data, placeholder text): not a link we can draw.
  return { to: "none" };
}
