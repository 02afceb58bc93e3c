import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  exportPipelineYaml,
  importPipelineYaml,
  validateGraph,
  YamlImportError,
  type ComponentNode,
  type PipelineGraph,
} from "@/lib/domain/pipeline";
import { parseComponentYaml } from "@/lib/domain/pipeline/component-spec";
import { yamlFileKind } from "@/lib/domain/yaml-kind";
import { packGraph, unpackGraph } from "@/lib/domain/pipeline/pack";
import { packedGraphSchema } from "@/lib/domain/pipeline/schema";

// Pipelines whose steps are written inline, in the shapes of Azure ML's cli/jobs/basics hello-pipeline examples.
const ENV = "azureml://registries/azureml/environments/sklearn-1.5/labels/latest";
const HELLO_PIPELINE = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: hello_pipeline
jobs:
  hello_job:
    command: echo "hello"
    environment: ${ENV}
    compute: azureml:cpu-cluster
  world_job:
    command: echo "world"
    environment: ${ENV}
    compute: azureml:cpu-cluster
`;
const HELLO_PIPELINE_IO = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: hello_pipeline_io
jobs:
  hello_job:
    command: echo "hello" && echo "world" > \${{outputs.world_output}}/world.txt
    environment: ${ENV}
    compute: azureml:cpu-cluster
    outputs:
      world_output:
  world_job:
    command: cat \${{inputs.world_input}}/world.txt
    environment: ${ENV}
    compute: azureml:cpu-cluster
    inputs:
      world_input: \${{parent.jobs.hello_job.outputs.world_output}}
`;
const HELLO_PIPELINE_ABC = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: hello_pipeline_abc
compute: azureml:cpu-cluster
settings:
  default_datastore: azureml:workspaceblobstore
inputs:
  hello_string_top_level_input: "hello world"
  learning_rate: 0.01
  use_gpu: false
jobs:
  a:
    command: echo hello \${{inputs.hello_string}} \${{inputs.lr}} \${{inputs.gpu}}
    environment: ${ENV}
    inputs:
      hello_string: \${{parent.inputs.hello_string_top_level_input}}
      lr: \${{parent.inputs.learning_rate}}
      gpu: \${{parent.inputs.use_gpu}}
  b:
    command: echo "world" >> \${{outputs.world_output}}/world.txt
    environment: ${ENV}
    environment_variables:
      GREETING: world
    resources:
      instance_count: 1
    outputs:
      world_output:
        type: uri_folder
        mode: rw_mount
      model_output:
        type: mlflow_model
  c:
    command: echo \${{inputs.world_input}}/world.txt \${{inputs.epochs}} \${{inputs.flag}}
    environment:
      image: python:3.10-slim
    code: ./src
    inputs:
      world_input: \${{parent.jobs.b.outputs.world_output}}
      epochs: 10
      flag: true
      iris:
        type: uri_file
        path: https://azuremlexamples.blob.core.windows.net/datasets/iris.csv
`;

const noComponents = () => undefined;
const stepOf = (g: PipelineGraph, id: string) => g.nodes.find((n) => n.id === id) as ComponentNode;
const shape = (g: PipelineGraph) => ({
  ...g,
  nodes: g.nodes.map(({ position: _p, ...n }) => n).sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...g.edges].sort((a, b) => a.id.localeCompare(b.id)),
});
const problemsOf = (text: string) => {
  try {
    importPipelineYaml(text, noComponents);
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems;
    throw e;
  }
  return [];
};

describe("pipelines with inline command steps", () => {
  it("hello_pipeline: two steps, each an anonymous component from its command and environment", () => {
    const g = importPipelineYaml(HELLO_PIPELINE, noComponents);
    const hello = stepOf(g, "hello_job");
    expect(hello.inlineCommand).toBe(true);
    expect(hello.component).toMatchObject({ name: "hello_job", command: 'echo "hello"', environment: ENV });
    expect(hello.compute).toBe("azureml:cpu-cluster");
    expect(validateGraph(g, { computes: ["cpu-cluster"] }).filter((p) => p.severity === "error")).toEqual([]);
  });

  it("hello_pipeline_io: an output declared by name only is uri_folder and wires into the next step", () => {
    const g = importPipelineYaml(HELLO_PIPELINE_IO, noComponents);
    expect(stepOf(g, "hello_job").component.outputs).toEqual({ world_output: { type: "uri_folder" } });
    expect(stepOf(g, "world_job").component.inputs).toEqual({ world_input: { type: "uri_folder" } });
    expect(g.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`)).toEqual([
      "hello_job.world_output->world_job.world_input",
    ]);
  });

  it("input types come from what is bound: pipeline inputs, upstream outputs, literals and data", () => {
    const g = importPipelineYaml(HELLO_PIPELINE_ABC, noComponents);
    expect(stepOf(g, "a").component.inputs).toEqual({
      hello_string: { type: "string" },
      lr: { type: "number" },
      gpu: { type: "boolean" },
    });
    expect(stepOf(g, "b").component.outputs).toEqual({
      world_output: { type: "uri_folder" },
      model_output: { type: "mlflow_model" },
    });
    const c = stepOf(g, "c");
    expect(c.component.inputs).toEqual({
      world_input: { type: "uri_folder" },
      epochs: { type: "integer" },
      flag: { type: "boolean" },
      iris: { type: "uri_file" },
    });
    expect(c.component.environment).toEqual({ image: "python:3.10-slim" });
    expect(c.component.code).toBe("./src");
    expect(c.inputs).toEqual({ epochs: { kind: "literal", value: 10 }, flag: { kind: "literal", value: true } });
    // Job-level keys the designer does not edit are kept as they are.
    expect(stepOf(g, "b").extra).toEqual({
      environment_variables: { GREETING: "world" },
      resources: { instance_count: 1 },
    });
    expect(stepOf(g, "b").outputs.world_output).toEqual({ mode: "rw_mount", extra: { type: "uri_folder" } });
  });

  for (const [name, text] of [
    ["hello_pipeline", HELLO_PIPELINE],
    ["hello_pipeline_io", HELLO_PIPELINE_IO],
    ["hello_pipeline_abc", HELLO_PIPELINE_ABC],
  ] as const) {
    it(`${name}: import → export → import gives the same graph, and the export is stable`, () => {
      const g = importPipelineYaml(text, noComponents);
      const yaml = exportPipelineYaml(g);
      const again = importPipelineYaml(yaml, noComponents);
      expect(shape(again)).toEqual(shape(g));
      expect(exportPipelineYaml(again)).toBe(yaml);
      // Exported inline, as written: no component key, the step's own command and environment.
      const jobs = parse(yaml).jobs as Record<string, Record<string, unknown>>;
      for (const job of Object.values(jobs)) {
        expect(job.component).toBeUndefined();
        expect(typeof job.command).toBe("string");
        expect(job.environment).toBeDefined();
      }
      // The same YAML modulo formatting: the original's jobs, as data, equal the export's (type: command is the default).
      const original = parse(text).jobs as Record<string, Record<string, unknown>>;
      for (const [step, job] of Object.entries(original)) expect({ type: "command", ...job }).toEqual(jobs[step]);
    });
  }

  it("a draft with inline steps passes the draft schema and unpacks to the same graph", () => {
    const g = importPipelineYaml(HELLO_PIPELINE_ABC, noComponents);
    const packed = packedGraphSchema.parse(JSON.parse(JSON.stringify(packGraph(g))));
    expect(shape(unpackGraph(packed as never))).toEqual(shape(g));
  });

  it("an inline step's problems name the step, with line and column", () => {
    const ps = problemsOf(`type: pipeline
jobs:
  bad:
    command: echo \${{inputs.missing}} > \${{outputs.out}}
`);
    const messages = ps.map((p) => p.message).join("\n");
    expect(messages).toMatch(/Job "bad": environment is required/);
    expect(messages).toMatch(
      /Job "bad": command uses \$\{\{inputs.missing\}\} but the component has no input "missing"/,
    );
    expect(ps.every((p) => p.pos && p.pos.line >= 3)).toBe(true);
  });

  it("a step with neither a component nor a command says what it needs", () => {
    const ps = problemsOf("type: pipeline\njobs:\n  s:\n    environment: azureml:x:1\n");
    expect(ps[0].message).toMatch(/needs a component .* or a command with its environment/);
  });

  it("a sweep step says where a sweep can be submitted", () => {
    const ps = problemsOf("type: pipeline\njobs:\n  s:\n    type: sweep\n    trial: ./train.yml\n");
    expect(ps[0].message).toMatch(/sweep.*Jobs → Create job/);
  });
});

describe("literals keep Azure ML's meaning", () => {
  it('a YAML boolean bound to a string input becomes "True"/"False"', () => {
    const g = importPipelineYaml(
      `type: pipeline
jobs:
  s:
    component:
      name: s
      type: command
      command: echo \${{inputs.flag}}
      environment: azureml:env:1
      inputs:
        flag:
          type: string
    inputs:
      flag: true
`,
      noComponents,
    );
    expect(stepOf(g, "s").inputs.flag).toEqual({ kind: "literal", value: "True" });
  });

  it("an enum with default: True is valid, and a value from it is accepted", () => {
    const spec = parseComponentYaml(`name: c
type: command
command: echo \${{inputs.shuffle}}
environment: azureml:env:1
inputs:
  shuffle:
    type: string
    enum: [True, False]
    default: True
`);
    expect(spec.inputs.shuffle).toMatchObject({ enum: ["True", "False"], default: "True" });
  });
});

describe("files that are not pipelines are refused with what they are", () => {
  const cases: [string, string, RegExp][] = [
    [
      "a command job with $schema",
      "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: echo hi\nenvironment:\n  image: python\ncompute: azureml:cpu-cluster\n",
      /a command job, not a pipeline job\. Import it in Jobs → Create job/,
    ],
    [
      "a command job without type",
      "command: echo hi\nenvironment:\n  image: python\ncompute: azureml:cpu-cluster\n",
      /a command job/,
    ],
    [
      "a sweep job",
      "type: sweep\ntrial:\n  command: python train.py\nsearch_space: {}\n",
      /a sweep job.*Jobs → Create job/,
    ],
    ["a spark job", "type: spark\nentry:\n  file: x.py\n", /a Spark job.*Azure ML only/],
    [
      "an AutoML job",
      "$schema: https://azuremlschemas.azureedge.net/latest/autoMLJob.schema.json\ntype: automl\n",
      /an AutoML job/,
    ],
    [
      "a command component",
      "$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\nname: train\ntype: command\ncommand: python train.py\nenvironment: azureml:e:1\n",
      /a command component.*Components → Register/,
    ],
    [
      "a component without $schema",
      "name: train\nversion: 1\ntype: command\ninputs:\n  x:\n    type: uri_folder\ncommand: ls ${{inputs.x}}\nenvironment: azureml:e:1\n",
      /a command component/,
    ],
    ["a data asset", "name: iris\ntype: uri_file\npath: https://x/iris.csv\n", /a data asset.*Data → Import YAML/],
    ["a model", "name: m\ntype: mlflow_model\npath: ./model\n", /a model.*Models → Register/],
    ["an environment", "name: e\nimage: python:3.10\n", /an environment.*Environments/],
    [
      "a compute",
      "$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: c\ntype: amlcompute\n",
      /a compute/,
    ],
  ];
  for (const [what, text, message] of cases)
    it(what, () => {
      const ps = problemsOf(text);
      expect(ps).toHaveLength(1);
      expect(ps[0].message).toMatch(message);
      expect(ps[0].pos?.line).toBeGreaterThanOrEqual(1);
    });

  it("pipeline files are pipelines, with or without type", () => {
    expect(yamlFileKind(parse(HELLO_PIPELINE))).toBe("pipeline-job");
    expect(yamlFileKind({ jobs: { a: {} } })).toBe("pipeline-job");
  });
});
