import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import {
  exportPipelineYaml,
  importPipelineYaml,
  validateGraph,
  YamlImportError,
  type PipelineGraph,
} from "@/lib/domain/pipeline";
import { BASICS, haveExamples, JOBS, pipelineFiles, resolverFor } from "./examples";

/** The graph without layout: what must survive export → import. */
const shape = (g: PipelineGraph) => ({
  ...g,
  nodes: g.nodes.map(({ position: _p, ...n }) => n).sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...g.edges].sort((a, b) => a.id.localeCompare(b.id)),
});
const edgesOf = (g: PipelineGraph) =>
  g.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort();

describe.skipIf(!haveExamples)("azureml-examples basics", () => {
  const files = pipelineFiles();
  it("finds the pipeline files, in every folder of cli/jobs", () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
  });
  for (const file of files) {
    const rel = path.relative(JOBS, file);
    it(`${rel}: imports, and its export imports again to the same graph`, () => {
      const text = fs.readFileSync(file, "utf8");
      const resolve = resolverFor(file);
      const g = importPipelineYaml(text, resolve);
      const jobs = Object.keys(/* count jobs */ g.nodes.filter((n) => n.kind === "component"));
      expect(jobs.length).toBeGreaterThan(0);
      const again = importPipelineYaml(exportPipelineYaml(g), resolve);
      expect(shape(again)).toEqual(shape(g));
      // Every imported example is either valid or only misses something the workspace supplies (compute).
      const errors = validateGraph(g).filter((p) => p.severity === "error" && p.code !== "missing-compute");
      expect(errors).toEqual([]);
    });
  }

  it("1a: three steps wired train → score → eval, one shared ./data node", () => {
    const file = path.join(BASICS, "1a_e2e_local_components/pipeline.yml");
    const g = importPipelineYaml(fs.readFileSync(file, "utf8"), resolverFor(file));
    expect(g.nodes.filter((n) => n.kind === "component").map((n) => n.id)).toEqual([
      "train_job",
      "score_job",
      "evaluate_job",
    ]);
    const data = g.nodes.filter((n) => n.kind === "data");
    expect(data).toHaveLength(1);
    expect(edgesOf(g)).toEqual(
      [
        `${data[0].id}.data->score_job.test_data`,
        `${data[0].id}.data->train_job.training_data`,
        "score_job.score_output->evaluate_job.scoring_result",
        "train_job.model_output->score_job.model_input",
      ].sort(),
    );
    const train = g.nodes.find((n) => n.id === "train_job");
    expect(train?.kind === "component" && train.inputs.max_epocs).toEqual({
      kind: "parent",
      input: "pipeline_job_training_max_epocs",
    });
    expect(train?.kind === "component" && train.outputs.model_output).toEqual({
      parentOutput: "pipeline_job_trained_model",
    });
    expect(g.inputs.pipeline_job_training_max_epocs).toEqual({ type: "integer", value: 20 });
    // Layered: each step sits to the right of what feeds it.
    const x = (id: string) => g.nodes.find((n) => n.id === id)!.position.x;
    expect(x("train_job")).toBeLessThan(x("score_job"));
    expect(x("score_job")).toBeLessThan(x("evaluate_job"));
  });

  it("3b: a → b → c with the pipeline output on c", () => {
    const file = path.join(BASICS, "3b_pipeline_with_data/pipeline.yml");
    const g = importPipelineYaml(fs.readFileSync(file, "utf8"), resolverFor(file));
    expect(edgesOf(g).filter((e) => !e.startsWith("data_"))).toEqual([
      "component_a.component_a_output->component_b.component_b_input",
      "component_b.component_b_output->component_c.component_c_input",
    ]);
    expect(g.settings.defaultCompute).toBe("azureml:cpu-cluster");
    const a = g.nodes.find((n) => n.id === "component_a");
    expect(a?.kind === "component" && a.outputs.component_a_output).toEqual({ mode: "rw_mount" });
  });

  it("1b: registered components by azureml:name@latest, settings.default_compute and the job's services kept", () => {
    const file = path.join(BASICS, "1b_e2e_registered_components/pipeline.yml");
    const g = importPipelineYaml(fs.readFileSync(file, "utf8"), resolverFor(file));
    const train = g.nodes.find((n) => n.id === "train_job");
    expect(train?.kind === "component" && train.componentRef).toBe("azureml:my_train@latest");
    expect(train?.kind === "component" && Object.keys(train.extra ?? {})).toEqual(["services"]);
    expect(exportPipelineYaml(g)).toContain("my_tensorboard");
  });

  it("4b: a uri_file into a uri_folder input imports with a warning, not an error", () => {
    const file = path.join(BASICS, "4b_datastore_datapath_uri/pipeline.yml");
    const g = importPipelineYaml(fs.readFileSync(file, "utf8"), resolverFor(file));
    const warnings = validateGraph(g).filter((p) => p.code === "type-warning");
    expect(warnings.map((w) => w.nodeId)).toEqual(["component_file"]);
  });
});

/** Small components for bad-input tests. */
const components: Record<string, string> = {
  "./a.yml": `name: a\nversion: 1\ntype: command\ninputs:\n  n: {type: integer, min: 0, max: 10}\n  d: {type: uri_folder, optional: true}\noutputs:\n  out: {type: uri_folder}\n  model: {type: mlflow_model}\nenvironment: azureml:env:1\ncommand: echo $[[--n \${{inputs.n}}]] $[[--d \${{inputs.d}}]] \${{outputs.out}} \${{outputs.model}}\n`,
  "./f.yml": `name: f\nversion: 1\ntype: command\ninputs:\n  file: {type: uri_file}\n  flag: {type: boolean}\nenvironment: azureml:env:1\ncommand: echo \${{inputs.file}} \${{inputs.flag}}\n`,
};
import { parseComponentYaml } from "@/lib/domain/pipeline";
const resolve = (ref: string) => (components[ref] ? parseComponentYaml(components[ref]) : undefined);
const problemsOf = (text: string) => {
  try {
    importPipelineYaml(text, resolve);
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems;
    throw e;
  }
  throw new Error("import did not fail");
};

describe("bad pipeline YAML", () => {
  it("malformed YAML names line and column", () => {
    const [p] = problemsOf("type: pipeline\njobs:\n  a:\n    component: [./a.yml\n");
    expect(p.message).toMatch(/malformed/);
    expect(p.pos?.line).toBeGreaterThanOrEqual(4);
    expect(p.pos?.col).toBeGreaterThan(0);
  });
  it("duplicate job names are refused where the second one is", () => {
    const [p] = problemsOf("type: pipeline\njobs:\n  a:\n    component: ./a.yml\n  a:\n    component: ./a.yml\n");
    expect(p.message).toMatch(/unique/i);
    expect(p.pos).toEqual({ line: 5, col: 3 });
  });
  it("unknown component references, file and registered", () => {
    const ps = problemsOf(
      "type: pipeline\njobs:\n  a:\n    component: ./missing.yml\n  b:\n    component: azureml:nope:3\n",
    );
    expect(ps.map((p) => p.message)).toEqual([
      expect.stringMatching(/component file \.\/missing\.yml, which was not provided/),
      expect.stringMatching(/azureml:nope:3, which is not registered/),
    ]);
    expect(ps[0].pos).toEqual({ line: 4, col: 5 });
  });
  it("type-incompatible bindings: a model into a uri_file input, data into a boolean", () => {
    const ps = problemsOf(
      "type: pipeline\njobs:\n  a:\n    component: ./a.yml\n  f:\n    component: ./f.yml\n    inputs:\n      file: ${{parent.jobs.a.outputs.model}}\n      flag: ${{parent.jobs.a.outputs.out}}\n",
    );
    expect(ps.map((p) => p.message).join("\n")).toMatch(/mlflow_model is a folder; the input takes a single file/);
    expect(ps.map((p) => p.message).join("\n")).toMatch(/uri_folder output is data; the input takes a boolean value/);
  });
  it("literals out of range and unknown ports", () => {
    const ps = problemsOf(
      "type: pipeline\njobs:\n  a:\n    component: ./a.yml\n    inputs:\n      n: 11\n      zz: 1\n",
    );
    expect(ps.map((p) => p.message)).toEqual([
      expect.stringMatching(/11 is above the maximum 10/),
      expect.stringMatching(/no such input/),
    ]);
  });
  it("cycles in imported YAML", () => {
    const ps = problemsOf(
      "type: pipeline\njobs:\n  x:\n    component: ./a.yml\n    inputs:\n      d: ${{parent.jobs.y.outputs.out}}\n  y:\n    component: ./a.yml\n    inputs:\n      d: ${{parent.jobs.x.outputs.out}}\n",
    );
    expect(ps.map((p) => p.message)).toEqual([expect.stringMatching(/cycle: x → y → x/)]);
  });
  it("references to jobs and pipeline inputs that do not exist", () => {
    const ps = problemsOf(
      "type: pipeline\njobs:\n  a:\n    component: ./a.yml\n    inputs:\n      n: ${{parent.inputs.missing}}\n      d: ${{parent.jobs.ghost.outputs.out}}\n",
    );
    expect(ps.map((p) => p.message)).toEqual([
      expect.stringMatching(/pipeline input "missing"/),
      expect.stringMatching(/job "ghost", which the pipeline does not have/),
    ]);
  });
  it("not a pipeline", () => {
    expect(problemsOf("type: command\ncommand: echo\n")[0].message).toMatch(
      /This file is a command job, not a pipeline job\. Import it in Jobs → Create job\./,
    );
  });
});
