import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readCommandJobYaml } from "@/lib/domain/jobs/command-job";
import { COMMAND_JOB_EXAMPLES } from "@/test/jobs/command-job-examples";
import {
  commandJobFormFromYaml,
  commandJobFormProblems,
  commandJobFormToYaml,
  emptyCommandJobForm,
  type CommandJobForm,
} from "./command-form";

function filled(patch: Partial<CommandJobForm> = {}): CommandJobForm {
  return {
    ...emptyCommandJobForm(),
    command:
      "python train.py --lr ${{inputs.lr}} --epochs ${{inputs.epochs}} --data ${{inputs.data}} --out ${{outputs.model}}",
    code: "./src",
    environment: "azureml:sklearn-env@latest",
    compute: "cpu-cluster",
    inputs: [
      { name: "lr", type: "number", value: "0.01", mode: "" },
      { name: "epochs", type: "integer", value: "5", mode: "" },
      { name: "data", type: "uri_folder", value: "azureml:iris:1", mode: "download" },
    ],
    outputs: [{ name: "model", type: "mlflow_model", mode: "upload", path: "" }],
    ...patch,
  };
}

describe("the create-job form", () => {
  it("writes a command job file that the one reader accepts, with typed literals and data inputs", () => {
    const form = filled({ experimentName: "exp", tags: [{ name: "team", value: "vision" }] });
    expect(commandJobFormProblems(form)).toEqual([]);
    const yaml = commandJobFormToYaml(form);
    const spec = readCommandJobYaml(yaml);
    expect(spec.inputs.lr).toEqual({ kind: "literal", value: 0.01 });
    expect(spec.inputs.epochs).toEqual({ kind: "literal", value: 5 });
    expect(spec.inputs.data).toEqual({ kind: "data", type: "uri_folder", path: "azureml:iris:1", mode: "download" });
    expect(spec.compute).toBe("azureml:cpu-cluster");
    expect(spec.tags).toEqual({ team: "vision" });
    expect(parse(yaml).$schema).toMatch(/commandJob\.schema\.json$/);
  });

  it("leaves compute out for serverless and keeps a string that looks like a number a string", () => {
    const form = filled({
      compute: "",
      command: "echo ${{inputs.tag}}",
      inputs: [{ name: "tag", type: "string", value: "007", mode: "" }],
      outputs: [],
    });
    const doc = parse(commandJobFormToYaml(form));
    expect(doc.compute).toBeUndefined();
    expect(doc.inputs.tag).toBe("007");
  });

  it("names every problem: undeclared references, bad numbers, missing environment, duplicate names", () => {
    const problems = commandJobFormProblems(
      filled({
        environment: "",
        command: "python a.py ${{inputs.missing}} ${{outputs.nowhere}}",
        inputs: [
          { name: "n", type: "integer", value: "1.5", mode: "" },
          { name: "flag", type: "boolean", value: "yes", mode: "" },
          { name: "x", type: "string", value: "a", mode: "" },
        ],
        outputs: [{ name: "x", type: "uri_folder", mode: "", path: "" }],
        instanceCount: "0",
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'Input "n" needs a whole number.',
        'Input "flag" needs true or false.',
        '"x" is named twice among inputs and outputs.',
        "Instance count must be a whole number of at least 1.",
        expect.stringMatching(/environment is required/),
        expect.stringMatching(/\$\{\{inputs\.missing\}\}, which inputs does not declare/),
        expect.stringMatching(/\$\{\{outputs\.nowhere\}\}, which outputs does not declare/),
      ]),
    );
  });

  it("an input used only inside $[[ ]] may be left out", () => {
    expect(
      commandJobFormProblems(filled({ command: "python a.py $[[--opt ${{inputs.opt}}]]", inputs: [], outputs: [] })),
    ).toEqual([]);
  });

  it("reads every command job example back into the form and writes the same job", () => {
    for (const [file, text] of Object.entries(COMMAND_JOB_EXAMPLES)) {
      const original = readCommandJobYaml(text);
      const form = commandJobFormFromYaml(text);
      expect(form, file).not.toBeNull();
      const again = readCommandJobYaml(commandJobFormToYaml(form!));
      // The form does not carry the job's name (a resubmit is a new job); everything else comes back.
      const { name: _name, ...rest } = original;
      expect(again, file).toEqual(rest);
    }
  });

  it("a sweep file is not a command job form (the sweep form reads sweeps)", () => {
    const sweep = "$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json\ntype: sweep\n";
    expect(commandJobFormFromYaml(sweep)).toBeNull();
  });
});
