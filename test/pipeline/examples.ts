import { shared } from "../support/shared";
/** Reads the Azure ML CLI v2 examples: every pipeline YAML under basics, with a resolver for its components. */
import fs from "node:fs";
import path from "node:path";
import {
  componentFileOf,
  parseComponentYaml,
  parseRegisteredRef,
  readPipelineYaml,
  type ComponentSpec,
} from "@/lib/domain/pipeline";

export const BASICS = shared("azureml-examples/cli/jobs/pipelines-with-components/basics");
export const haveExamples = fs.existsSync(BASICS);

export function pipelineFiles(root = BASICS): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  for (const dir of fs.readdirSync(root).sort()) {
    const full = path.join(root, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full).sort()) {
      if (!/\.ya?ml$/.test(f)) continue;
      const text = fs.readFileSync(path.join(full, f), "utf8");
      if (/^type:\s*pipeline\s*$/m.test(text)) out.push(path.join(full, f));
    }
  }
  return out;
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
