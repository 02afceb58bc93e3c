import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  armIdToReference,
  commandJobFromArm,
  commandJobToArm,
  durationSeconds,
  exportCommandJobYaml,
  readCommandJobYaml,
} from "@/lib/domain/jobs/command-job";
import { YamlImportError } from "@/lib/domain/pipeline";

import { COMMAND_JOB_EXAMPLES as EXAMPLES, COMMAND_JOB_SCHEMA_LINE as SCHEMA } from "./command-job-examples";

const refs = {
  environmentId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/environments/env/versions/3",
  codeId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/codes/c1/versions/1",
  computeId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu-cluster",
};
const problemsOf = (text: string) => {
  try {
    readCommandJobYaml(text);
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems;
    throw e;
  }
  return [];
};

describe("command job YAML", () => {
  for (const [name, text] of Object.entries(EXAMPLES))
    it(`${name}: reads, and its export reads back to the same job`, () => {
      const spec = readCommandJobYaml(text);
      const yaml = exportCommandJobYaml(spec);
      expect(readCommandJobYaml(yaml)).toEqual(spec);
      expect(parse(yaml).$schema).toMatch(/commandJob\.schema\.json$/);
    });

  it("literal and data inputs, outputs, and the optional $[[ ]] input that is not given", () => {
    const spec = readCommandJobYaml(EXAMPLES["single-step-lightgbm-iris"]);
    expect(spec.inputs).toEqual({
      iris_csv: {
        kind: "data",
        type: "uri_file",
        path: "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv",
      },
      learning_rate: { kind: "literal", value: 0.9 },
      boosting: { kind: "literal", value: "gbdt" },
    });
    expect(spec.outputs).toEqual({ model_output: { type: "mlflow_model" } });
    expect(spec.code).toBe("src");
  });

  it("the ARM CommandJob body: inputs, outputs, distribution, resources, limits, identity", () => {
    const spec = readCommandJobYaml(EXAMPLES["pytorch-distributed"]);
    const arm = commandJobToArm(spec, refs);
    expect(arm).toMatchObject({
      jobType: "Command",
      environmentId: refs.environmentId,
      codeId: refs.codeId,
      computeId: refs.computeId,
      experimentName: "Default",
      inputs: {
        epochs: { jobInputType: "literal", value: "1" },
        cifar: { jobInputType: "uri_folder", uri: "azureml:cifar-10-example@latest", mode: "ReadOnlyMount" },
      },
      distribution: { distributionType: "PyTorch", processCountPerInstance: 1 },
      resources: { instanceCount: 2, shmSize: "3g" },
      limits: { jobLimitsType: "Command", timeout: "PT3600S" },
      identity: { identityType: "UserIdentity" },
    });
    const tf = commandJobToArm(readCommandJobYaml(EXAMPLES["tensorflow-distributed"]), refs);
    expect(tf.distribution).toEqual({ distributionType: "TensorFlow", workerCount: 2 });
    expect(tf.outputs).toEqual({ model: { jobOutputType: "custom_model", mode: "Upload" } });
  });

  it("booleans go to ARM as Azure ML writes them", () => {
    const spec = readCommandJobYaml(
      `command: echo \${{inputs.flag}}\nenvironment: azureml:e:1\ninputs:\n  flag: true\n`,
    );
    expect(commandJobToArm(spec, refs).inputs.flag).toEqual({ jobInputType: "literal", value: "True" });
  });

  it("ARM → spec → YAML: what was submitted comes back as the file, with references by name", () => {
    for (const name of [
      "pytorch-distributed",
      "tensorflow-distributed",
      "hello-world-org",
      "single-step-lightgbm-iris",
    ]) {
      const spec = readCommandJobYaml(EXAMPLES[name]);
      const back = commandJobFromArm("job1", JSON.parse(JSON.stringify(commandJobToArm(spec, refs))));
      expect(back).toEqual({
        ...spec,
        name: "job1",
        experimentName: spec.experimentName ?? "Default",
        environment: "azureml:env:3",
        code: "azureml:c1:1",
        compute: "azureml:cpu-cluster",
      });
      expect(readCommandJobYaml(exportCommandJobYaml(back))).toEqual(back);
    }
  });

  it("outputs the workspace placed itself are not written back as paths", () => {
    const back = commandJobFromArm("j2", {
      command: "x",
      environmentId: refs.environmentId,
      outputs: {
        a: { jobOutputType: "uri_folder", uri: "azureml://datastores/workspaceblobstore/paths/azureml/j2/a/" },
        b: { jobOutputType: "uri_folder", uri: "azureml://datastores/mine/paths/results/" },
      },
    });
    expect(back.outputs).toEqual({
      a: { type: "uri_folder" },
      b: { type: "uri_folder", path: "azureml://datastores/mine/paths/results/" },
    });
  });

  it("references and durations", () => {
    expect(armIdToReference(refs.computeId)).toBe("azureml:cpu-cluster");
    expect(armIdToReference("azureml://registries/azureml/environments/sklearn-1.5/labels/latest")).toBe(
      "azureml://registries/azureml/environments/sklearn-1.5/labels/latest",
    );
    expect(durationSeconds("PT1H30M")).toBe(5400);
    expect(durationSeconds("P1DT1S")).toBe(86401);
  });
});

describe("bad command job files: every problem, with line and column, in one answer", () => {
  it("lists each problem where it is", () => {
    const ps = problemsOf(`${SCHEMA}
command: python train.py --lr \${{inputs.lr}} --out \${{outputs.model}}
environment: python:3.10
inputs:
  data:
    type: uri_fodler
    path: x
  n:
    type: integer
distribution:
  type: horovod
resources:
  instance_count: 0
limits:
  timeout: -5
compte: azureml:cpu-cluster
`);
    const messages = ps.map((p) => `${p.pos?.line}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^16: "compte" is not a key of a command job/),
        expect.stringMatching(/^3: environment "python:3.10" must be an azureml: reference/),
        expect.stringMatching(/^5: Input "data" has type "uri_fodler"/),
        expect.stringMatching(/^8: Input "n" of type integer needs a value/),
        expect.stringMatching(/^2: command uses \$\{\{inputs.lr\}\}, which inputs does not declare/),
        expect.stringMatching(/^2: command uses \$\{\{outputs.model\}\}, which outputs does not declare/),
        expect.stringMatching(/^10: distribution needs type pytorch, mpi or tensorflow/),
        expect.stringMatching(/^13: resources.instance_count must be a whole number/),
        expect.stringMatching(/^14: limits needs timeout/),
      ]),
    );
    expect(ps).toHaveLength(9);
  });

  it("a pipeline file is refused naming what it is", () => {
    const ps = problemsOf("type: pipeline\njobs:\n  a:\n    command: echo\n    environment: azureml:e:1\n");
    expect(ps[0].message).toMatch(/This file is a pipeline job, not a command job\. Import it in the designer/);
  });

  it("a file with a name and a command, no type and no compute is a command job here (az ml job create reads it so)", () => {
    const spec = readCommandJobYaml("name: serverless_hello\ncommand: echo hi\nenvironment: azureml:e:1\n");
    expect(spec).toMatchObject({ name: "serverless_hello", command: "echo hi" });
    expect(spec.compute).toBeUndefined();
    // What only a component has still makes it one: a version, or inputs it declares.
    expect(problemsOf("name: c\nversion: 1\ncommand: echo hi\nenvironment: azureml:e:1\n")[0].message).toMatch(
      /a command component, not a command job/,
    );
  });

  it("a sweep job is refused naming what it is", () => {
    const ps = problemsOf("type: sweep\ntrial:\n  command: echo\n");
    expect(ps[0].message).toMatch(/a sweep job, not a command job/);
  });

  it("Spark and AutoML job files are refused in Create job saying they run on Azure ML only", () => {
    const spark = problemsOf(
      "$schema: https://azuremlschemas.azureedge.net/latest/sparkJob.schema.json\ntype: spark\ncode: ./src\nentry:\n  file: main.py\n",
    );
    expect(spark[0]).toMatchObject({ pos: { line: 1, col: 1 } });
    expect(spark[0].message).toMatch(/a Spark job, not a command job.*Spark jobs run on Azure ML only/);
    const automl = problemsOf("type: automl\ntask: classification\ntarget_column_name: y\n");
    expect(automl[0]).toMatchObject({ pos: { line: 1, col: 1 } });
    expect(automl[0].message).toMatch(/an AutoML job, not a command job.*AutoML jobs run on Azure ML only/);
  });
});
