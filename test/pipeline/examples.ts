import { shared } from "../support/shared";
/** Reads the Azure ML CLI v2 examples: every YAML under cli/jobs, its pipelines with a resolver for their components. */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { yamlFileKind, type YamlFileKind } from "@/lib/domain/yaml-kind";
import {
  componentFileOf,
  parseComponentYaml,
  parseRegisteredRef,
  readPipelineYaml,
  type ComponentSpec,
} from "@/lib/domain/pipeline";

export const JOBS = shared("azureml-examples/cli/jobs");
export const BASICS = path.join(JOBS, "pipelines-with-components/basics");
export const haveExamples = fs.existsSync(BASICS);

/** Every YAML file under the corpus's cli/jobs, in every folder, sorted. */
export function corpusFiles(root = JOBS): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/** The kind a corpus file says it is; a file that does not parse is "unknown". */
export function kindOfFile(file: string): YamlFileKind {
  try {
    return yamlFileKind(parse(fs.readFileSync(file, "utf8")));
  } catch {
    return "unknown";
  }
}

/** Every pipeline job file under cli/jobs, wherever it is. */
export function pipelineFiles(root = JOBS): string[] {
  return corpusFiles(root).filter((f) => kindOfFile(f) === "pipeline-job");
}

/** Component files next to a pipeline, parsed; `azureml:name…` resolves to the sibling component of that name (what registering them first gives). */
export function resolverFor(pipelineFile: string) {
  const dir = path.dirname(pipelineFile);
  const byName = new Map<string, ComponentSpec>();
  for (const f of fs.readdirSync(dir)) {
    if (!/\.ya?ml$/.test(f)) continue;
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    if (!/commandComponent/.test(text)) continue;
    const spec = parseComponentYaml(text);
    byName.set(spec.name, spec);
  }
  return (ref: string): ComponentSpec | undefined => {
    const reg = parseRegisteredRef(ref);
    if (reg) return byName.get(reg.name);
    const rel = componentFileOf(ref);
    if (!rel) return undefined;
    const file = path.resolve(dir, rel);
    if (!fs.existsSync(file)) return undefined;
    return parseComponentYaml(fs.readFileSync(file, "utf8"));
  };
}

export const refsOf = (text: string) => readPipelineYaml(text).componentRefs.map((r) => r.ref);
