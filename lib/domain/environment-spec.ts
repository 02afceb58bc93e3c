import { EXISTING_ASSET_NAME_RE } from "./storage-names";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, stringify, type Node } from "yaml";

/**
 * Environment specs: docker image references, conda files and Azure ML CLI v2 environment YAML.
 * Pure; the studio's routes, its editor and the local service's build simulation all use it.
 */

export type SpecProblem = { message: string; line?: number; column?: number; field?: string };

/** Names reserved for curated environments (read-only, managed by Azure ML). */
export const CURATED_PREFIX = "AzureML-";
export const isCuratedName = (name: string) => name.startsWith(CURATED_PREFIX);

/** Asset names as Azure ML accepts them: letters, digits, '-', '_', '.', starting with a letter or digit. */

// ---------------------------------------------------------------- docker image references

export type ImageReference = { registry?: string; repository: string; tag?: string; digest?: string };

// The distribution reference grammar (github.com/distribution/reference), without the rarely used IPv6 hosts.
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);

/** Parses `registry/repo/name:tag@sha256:…`; returns a problem saying what is wrong otherwise. */
export function parseImageReference(ref: string): ImageReference | SpecProblem {
  const s = ref.trim();
  if (s === "") return { message: "The docker image is empty.", field: "image" };
  if (/\s/.test(s))
    return { message: `"${ref}" is not a docker image reference: it contains whitespace.`, field: "image" };
  if (s.length > 255 + 128) return { message: "The docker image reference is too long.", field: "image" };
  const m = REFERENCE.exec(s);
  if (!m) {
    const hint = /[A-Z]/.test(s.split("/").slice(-1)[0].split(":")[0])
      ? " Repository names must be lower case."
      : /@/.test(s)
        ? " A digest must be sha256: followed by 64 hex characters."
        : " Expected [registry/]repository[:tag][@sha256:digest], e.g. mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest.";
    return { message: `"${ref}" is not a docker image reference.${hint}`, field: "image" };
  }
  let registry: string | undefined = m[1];
  let repository = m[2];
  // "library/ubuntu" vs "myregistry.io/ubuntu": the first component is a registry only when it looks like a host.
  if (registry && !/[.:]/.test(registry) && registry !== "localhost") {
    repository = `${registry}/${repository}`;
    registry = undefined;
    if (!new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`).test(repository))
      return {
        message: `"${ref}" is not a docker image reference. Repository names must be lower case.`,
        field: "image",
      };
  }
  return { registry, repository, tag: m[3], digest: m[4] };
}

export const isProblem = (x: unknown): x is SpecProblem =>
  typeof x === "object" && x !== null && "message" in x && !("repository" in x);

// ---------------------------------------------------------------- conda files

export type CondaSpec = { name?: string; channels: string[]; conda: string[]; pip: string[] };

function position(lc: LineCounter, node: Node | null | undefined): { line?: number; column?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}

/**
 * Validates a conda environment file: YAML syntax (with line and column), a mapping at the top, `dependencies`
 * a list of package specs or one `pip:` list, `channels` a list of names. Returns the parsed spec or the problems.
 */
export function parseCondaYaml(
  text: string,
): { spec: CondaSpec; problems: [] } | { spec: null; problems: SpecProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      spec: null,
      problems: doc.errors.map((e) => {
        const p = e.linePos?.[0];
        return {
          message: `Invalid YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
          line: p?.line,
          column: p?.col,
        };
      }),
    };
  }
  const problems: SpecProblem[] = [];
  const root = doc.contents;
  if (!isMap(root))
    return {
      spec: null,
      problems: [
        {
          message: "A conda file must be a mapping with a dependencies list.",
          ...position(lc, root),
          line: position(lc, root).line ?? 1,
          column: position(lc, root).column ?? 1,
        },
      ],
    };
  const spec: CondaSpec = { channels: [], conda: [], pip: [] };
  let sawDependencies = false;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const value = pair.value as Node | null;
    if (key === "name") {
      if (!isScalar(value) || typeof value.value !== "string")
        problems.push({
          message: "name must be a string.",
          ...position(lc, value ?? (pair.key as Node)),
          field: "name",
        });
      else spec.name = value.value;
    } else if (key === "channels") {
      if (!isSeq(value))
        problems.push({
          message: "channels must be a list of channel names.",
          ...position(lc, value ?? (pair.key as Node)),
          field: "channels",
        });
      else
        for (const item of value.items) {
          if (!isScalar(item) || typeof item.value !== "string" || item.value.trim() === "")
            problems.push({
              message: "Each channel must be a name such as conda-forge.",
              ...position(lc, item as Node),
              field: "channels",
            });
          else spec.channels.push(item.value);
        }
    } else if (key === "dependencies") {
      sawDependencies = true;
      if (!isSeq(value)) {
        problems.push({
          message: "dependencies must be a list of packages (e.g. - python=3.10).",
          ...position(lc, value ?? (pair.key as Node)),
          field: "dependencies",
        });
        continue;
      }
      for (const item of value.items) {
        if (isScalar(item) && (typeof item.value === "string" || typeof item.value === "number")) {
          const pkg = String(item.value).trim();
          if (
            !/^[A-Za-z0-9_][A-Za-z0-9_.-]*(::[A-Za-z0-9_.-]+)?(\s*[=<>!~]=?\s*[A-Za-z0-9_.*+!-]+(,\s*[=<>!~]=?\s*[A-Za-z0-9_.*+-]+)*)?(=[A-Za-z0-9_.*]+)?$/.test(
              pkg,
            )
          )
            problems.push({
              message: `"${pkg}" is not a conda package spec (name, optionally =version).`,
              ...position(lc, item),
              field: "dependencies",
            });
          else spec.conda.push(pkg);
        } else if (
          isMap(item) &&
          item.items.length === 1 &&
          isScalar(item.items[0].key) &&
          item.items[0].key.value === "pip"
        ) {
          const pipList = item.items[0].value as Node | null;
          if (!isSeq(pipList))
            problems.push({
              message: "pip must be a list of requirements.",
              ...position(lc, pipList ?? (item as Node)),
              field: "dependencies.pip",
            });
          else
            for (const req of pipList.items) {
              if (!isScalar(req) || typeof req.value !== "string" || req.value.trim() === "")
                problems.push({
                  message: "Each pip requirement must be a string such as numpy==1.26.",
                  ...position(lc, req as Node),
                  field: "dependencies.pip",
                });
              else spec.pip.push(req.value.trim());
            }
        } else {
          problems.push({
            message: "Each dependency must be a package spec or a single pip: list.",
            ...position(lc, item as Node),
            field: "dependencies",
          });
        }
      }
    } else if (key !== "prefix" && key !== "variables") {
      problems.push({
        message: `Unknown key "${key}" in a conda file (expected name, channels, dependencies).`,
        ...position(lc, pair.key as Node),
        field: key,
      });
    }
  }
  if (!sawDependencies)
    problems.push({ message: "The conda file has no dependencies list.", line: 1, column: 1, field: "dependencies" });
  return problems.length ? { spec: null, problems } : { spec, problems: [] };
}

/** "line 4, column 7: message" — how a problem is said in one line (API errors, build logs). */
export function describeProblem(p: SpecProblem): string {
  return p.line ? `line ${p.line}, column ${p.column ?? 1}: ${p.message}` : p.message;
}

// ---------------------------------------------------------------- Dockerfiles

/** A Dockerfile needs a FROM before any other instruction (ARG aside). Returns the problem or null. */
export function checkDockerfile(text: string): SpecProblem | null {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === "" || t.startsWith("#")) continue;
    const instr = t.split(/\s+/)[0].toUpperCase();
    if (instr === "ARG") continue;
    if (instr === "FROM") return null;
    return { message: `The first instruction must be FROM; found ${instr}.`, line: i + 1, column: 1 };
  }
  return { message: "The Dockerfile has no FROM instruction.", line: 1, column: 1 };
}

// ---------------------------------------------------------------- Azure ML CLI v2 environment YAML

/**
 * An environment as `az ml environment create --file env.yml` reads it: name, version, description, tags,
 * image, conda_file (a path or an inline mapping), build { path, dockerfile_path }, os_type, inference_config.
 * Paths are resolved by the caller, which has the files; this returns them as written.
 */
export type CliEnvironment = {
  name?: string;
  version?: string;
  description?: string;
  tags: Record<string, string>;
  image?: string;
  condaFile?: { path: string } | { inline: string };
  build?: { path: string; dockerfilePath: string };
  osType?: "Linux" | "Windows";
};

export function parseCliEnvironmentYaml(
  text: string,
): { env: CliEnvironment; problems: [] } | { env: null; problems: SpecProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return {
      env: null,
      problems: [
        {
          message: `Invalid YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
          line: e.linePos?.[0].line,
          column: e.linePos?.[0].col,
        },
      ],
    };
  }
  const root = doc.contents;
  if (!isMap(root))
    return { env: null, problems: [{ message: "An environment YAML must be a mapping.", line: 1, column: 1 }] };
  const data = doc.toJS() as Record<string, unknown>;
  const problems: SpecProblem[] = [];
  const at = (key: string) => {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
    return position(lc, (pair?.key as Node) ?? null);
  };
  const known = new Set([
    "$schema",
    "name",
    "version",
    "description",
    "tags",
    "image",
    "conda_file",
    "build",
    "os_type",
    "inference_config",
    "properties",
  ]);
  for (const k of Object.keys(data))
    if (!known.has(k)) problems.push({ message: `Unknown key "${k}" in an environment YAML.`, ...at(k), field: k });
  const env: CliEnvironment = { tags: {} };
  const str = (k: string) => {
    const v = data[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" && typeof v !== "number") {
      problems.push({ message: `${k} must be a string.`, ...at(k), field: k });
      return undefined;
    }
    return String(v);
  };
  env.name = str("name");
  env.version = str("version");
  env.description = str("description");
  env.image = str("image");
  if (data.tags !== undefined) {
    if (typeof data.tags !== "object" || data.tags === null || Array.isArray(data.tags))
      problems.push({ message: "tags must be a mapping.", ...at("tags"), field: "tags" });
    else for (const [k, v] of Object.entries(data.tags)) env.tags[k] = v === null ? "" : String(v);
  }
  if (data.conda_file !== undefined) {
    if (typeof data.conda_file === "string") env.condaFile = { path: data.conda_file };
    else if (typeof data.conda_file === "object" && data.conda_file !== null) {
      env.condaFile = { inline: stringify(data.conda_file) };
    } else
      problems.push({ message: "conda_file must be a path or a mapping.", ...at("conda_file"), field: "conda_file" });
  }
  if (data.build !== undefined) {
    const b = data.build as Record<string, unknown>;
    if (typeof b !== "object" || b === null || typeof b.path !== "string")
      problems.push({
        message: "build must be a mapping with a path (the build context folder).",
        ...at("build"),
        field: "build",
      });
    else
      env.build = {
        path: b.path,
        dockerfilePath: typeof b.dockerfile_path === "string" ? b.dockerfile_path : "Dockerfile",
      };
  }
  if (data.os_type !== undefined) {
    const os = String(data.os_type).toLowerCase();
    if (os !== "linux" && os !== "windows")
      problems.push({ message: "os_type must be linux or windows.", ...at("os_type"), field: "os_type" });
    else env.osType = os === "linux" ? "Linux" : "Windows";
  }
  if (!env.image && !env.build)
    problems.push({
      message: "An environment needs an image or a build context (build.path).",
      line: 1,
      column: 1,
      field: "image",
    });
  if (env.image && env.build)
    problems.push({ message: "Give either image or build, not both.", ...at("build"), field: "build" });
  if (env.build && env.condaFile)
    problems.push({
      message: "conda_file goes with image; a build context installs its own packages.",
      ...at("conda_file"),
      field: "conda_file",
    });
  if (env.image) {
    const r = parseImageReference(env.image);
    if (isProblem(r)) problems.push({ ...r, ...at("image") });
  }
  if (env.name !== undefined && !EXISTING_ASSET_NAME_RE.test(env.name))
    problems.push({ message: `"${env.name}" is not a valid environment name.`, ...at("name"), field: "name" });
  return problems.length ? { env: null, problems } : { env, problems: [] };
}
