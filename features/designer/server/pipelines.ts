import "server-only";
import {
  buildPipelineGraph,
  componentFileOf,
  formatProblem,
  parseComponentYaml,
  readPipelineYaml,
  validateGraph,
  packGraph,
  YamlImportError,
  type ComponentSpec,
  type PipelineGraph,
} from "@/lib/domain/pipeline";
import { ApiError } from "@/lib/server/errors";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { resolveRegisteredComponent } from "@/features/jobs/server";

const importError = (e: YamlImportError, code = "InvalidPipelineYaml") =>
  new ApiError(400, code, e.problems.map(formatProblem).join("\n"), "yaml", { problems: e.problems });

/**
 * Imports Azure ML CLI v2 pipeline YAML: file references resolve to the component files sent with it,
 * registered references to the workspace's components. Nothing is stored: the designer gets the graph
 * (and the validation problems) and decides; a failed import is a 400 listing every problem.
 */
export async function importPipeline(ctx: WorkspaceContext, yaml: string, files: Record<string, string>) {
  let parsed;
  try {
    parsed = readPipelineYaml(yaml);
  } catch (e) {
    if (e instanceof YamlImportError) throw importError(e);
    throw e;
  }
  const byPath = new Map(Object.entries(files).map(([p, text]) => [p.replace(/^\.\//, ""), text]));
  const resolved = new Map<string, ComponentSpec>();
  const fileProblems: string[] = [];
  for (const use of parsed.componentRefs) {
    if (resolved.has(use.ref)) continue;
    const file = componentFileOf(use.ref);
    if (file !== null) {
      const text = byPath.get(file.replace(/^\.\//, ""));
      if (text === undefined) continue; // reported by the build as "not provided"
      try {
        resolved.set(use.ref, parseComponentYaml(text));
      } catch (e) {
        if (!(e instanceof YamlImportError)) throw e;
        fileProblems.push(...e.problems.map((p) => `${file}: ${formatProblem(p)}`));
      }
    } else {
      const r = await resolveRegisteredComponent(ctx, use.ref);
      if (r) resolved.set(use.ref, r.spec);
    }
  }
  if (fileProblems.length) throw new ApiError(400, "InvalidComponentYaml", fileProblems.join("\n"), "files");
  let graph: PipelineGraph;
  try {
    graph = buildPipelineGraph(parsed, (ref) => resolved.get(ref));
  } catch (e) {
    if (e instanceof YamlImportError) throw importError(e);
    throw e;
  }
  return { graph: packGraph(graph), problems: validateGraph(graph) };
}
