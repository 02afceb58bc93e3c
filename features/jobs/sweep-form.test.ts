import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bindComponentTrial, readSweepJobYaml, sweepJobToArm, type SweepJobSpec } from "@/lib/domain/jobs/sweep-job";
import type { ComponentSpec } from "@/lib/domain/pipeline/types";
import { COMPONENT_TRIAL_SWEEP, SWEEP_JOB_EXAMPLES, sweepJobFilesOfCorpus } from "@/test/jobs/sweep-job-examples";
import { emptyCommandJobForm } from "./command-form";
import {
  choiceValuesText,
  componentSpecOf,
  emptySweepJobForm,
  problemsAt,
  sweepJobFormFromYaml,
  sweepJobFormProblems,
  sweepJobFormToYaml,
  type SweepJobForm,
} from "./sweep-form";

const refs = {
  environmentId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/environments/e/versions/1",
  codeId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/codes/c/versions/1",
  computeId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu",
};

/** A registered component as the trial of COMPONENT_TRIAL_SWEEP. */
const TRAIN_MODEL: ComponentSpec = {
  name: "train_model",
  version: "3",
  type: "command",
  inputs: {
    data: { type: "uri_folder" },
    lr: { type: "number", default: 0.01 },
    epochs: { type: "integer", default: 5 },
    note: { type: "string", optional: true },
  },
  outputs: { model: { type: "mlflow_model" } },
  command:
    "python train.py --data ${{inputs.data}} --lr ${{inputs.lr}} --epochs ${{inputs.epochs}} $[[--note ${{inputs.note}}]]",
  environment: "azureml:sklearn-env:2",
  code: "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/codes/train/versions/1",
  source: {},
};

/** The ARM SweepJob a sweep file becomes (a component trial bound to its component first, as the submit does). */
function armOf(spec: SweepJobSpec) {
  const bound = spec.trialComponent ? bindComponentTrial(spec, TRAIN_MODEL).spec : spec;
  return JSON.parse(JSON.stringify(sweepJobToArm(bound, refs)));
}

function smallSweep(patch: Partial<SweepJobForm> = {}): SweepJobForm {
  return {
    ...emptySweepJobForm({
      ...emptyCommandJobForm(),
      command: "python train.py --lr ${{search_space.lr}} --units ${{search_space.units}}",
      environment: "azureml:sklearn-env@latest",
      compute: "cpu-cluster",
    }),
    searchSpace: [
      { name: "lr", type: "uniform", fields: { min_value: "0.001", max_value: "0.1" } },
      { name: "units", type: "choice", fields: { values: "32, 64" } },
    ],
    primaryMetric: "accuracy",
    maxTotalTrials: "6",
    maxConcurrentTrials: "2",
    policy: "bandit",
    slackFactor: "0.1",
    ...patch,
  };
}

const messages = (form: SweepJobForm) => sweepJobFormProblems(form).map((p) => `${p.path}: ${p.message}`);

describe("the sweep form", () => {
  const examples = { ...SWEEP_JOB_EXAMPLES, ...sweepJobFilesOfCorpus(), "component-trial": COMPONENT_TRIAL_SWEEP };

  it("has sweep files to round-trip", () => {
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(6);
  });

  for (const [file, text] of Object.entries(examples))
    it(`${file}: loads into the form and writes back the same ARM sweep job`, () => {
      const original = readSweepJobYaml(text);
      const form = sweepJobFormFromYaml(text);
      expect(form).not.toBeNull();
      expect(sweepJobFormProblems(form!)).toEqual([]);
      const again = readSweepJobYaml(sweepJobFormToYaml(form!));
      // The form does not carry the job's name (a resubmit is a new job); everything else comes back.
      expect(armOf(again)).toEqual(armOf(original));
      expect(again.trialComponent).toBe(original.trialComponent);
    });

  it("writes a sweep file with its search space, sampling, objective, limits and bandit policy", () => {
    const form = smallSweep();
    expect(messages(form)).toEqual([]);
    const doc = parse(sweepJobFormToYaml(form));
    expect(doc).toMatchObject({
      $schema: expect.stringMatching(/sweepJob\.schema\.json$/),
      type: "sweep",
      compute: "azureml:cpu-cluster",
      trial: { command: expect.stringContaining("${{search_space.lr}}"), environment: "azureml:sklearn-env@latest" },
      sampling_algorithm: "random",
      search_space: {
        lr: { type: "uniform", min_value: 0.001, max_value: 0.1 },
        units: { type: "choice", values: [32, 64] },
      },
      objective: { goal: "maximize", primary_metric: "accuracy" },
      limits: { max_total_trials: 6, max_concurrent_trials: 2 },
      early_termination: { type: "bandit", slack_factor: 0.1 },
    });
    expect(doc.trial.limits).toBeUndefined();
  });

  it("a component trial is written as its reference, with the sweep's inputs at the top", () => {
    const form = smallSweep({
      trialKind: "component",
      component: "azureml:train_model:3",
      searchSpace: [{ name: "lr", type: "uniform", fields: { min_value: "0.001", max_value: "0.1" } }],
    });
    form.trial.inputs = [{ name: "data", type: "uri_folder", value: "azureml:iris:1", mode: "" }];
    expect(messages(form)).toEqual([]);
    const doc = parse(sweepJobFormToYaml(form));
    expect(doc.trial).toBe("azureml:train_model:3");
    expect(doc.inputs).toEqual({ data: { type: "uri_folder", path: "azureml:iris:1" } });
    expect(messages({ ...form, component: "" })).toEqual([expect.stringMatching(/^trial: trial is required/)]);
    expect(messages({ ...form, component: "./train.yml" })).toEqual([
      expect.stringMatching(/^trial: trial "\.\/train\.yml" is not a registered component/),
    ]);
  });

  it("keeps a choice's value types: numbers, text, booleans and text with a comma", () => {
    const values = [1, "two", true, "a, b", "3"];
    expect(choiceValuesText(values)).toBe('1, two, true, "a, b", "3"');
    const form = smallSweep({
      searchSpace: [{ name: "lr", type: "choice", fields: { values: choiceValuesText(values) } }],
    });
    form.trial.command = "echo ${{search_space.lr}}";
    expect(parse(sweepJobFormToYaml(form)).search_space.lr.values).toEqual(values);
  });
});

describe("the sweep form's problems, each at its field", () => {
  it("a bad search space: missing values, bounds the wrong way round, text for a number, unnamed and twice-named rows", () => {
    const form = smallSweep({
      searchSpace: [
        { name: "lr", type: "uniform", fields: { min_value: "0.5", max_value: "0.1" } },
        { name: "units", type: "choice", fields: { values: "" } },
        { name: "sigma", type: "normal", fields: { mu: "0", sigma: "wide" } },
        { name: "", type: "randint", fields: { upper: "3" } },
        { name: "units", type: "randint", fields: { upper: "0" } },
      ],
    });
    form.trial.command = "python t.py ${{search_space.lr}} ${{search_space.depth}}";
    const problems = sweepJobFormProblems(form);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        'search_space.lr: Search space parameter "lr" (uniform): min_value must be below max_value.',
        'search_space.sigma: Search space parameter "sigma" (normal): sigma must be a number.',
        "search_space.#3: Search space parameter 4 needs a name.",
        'search_space.units: Search space parameter "units" is named twice.',
        'search_space.units: Search space parameter "units" (randint): upper must be a whole number of at least 1.',
        "trial.command: command uses ${{search_space.depth}}, which search_space does not declare.",
      ]),
    );
    expect(problemsAt(problems, "search_space.lr")).toMatch(/min_value must be below max_value/);
    expect(problemsAt(problems, "search_space.units")).toMatch(/named twice/);
  });

  it("grid sampling with a uniform parameter is an error on that parameter", () => {
    const problems = sweepJobFormProblems(smallSweep({ sampling: "grid" }));
    expect(problems).toEqual([
      { path: "search_space.lr", message: 'Grid sampling needs choice parameters; "lr" is uniform.' },
    ]);
  });

  it("a missing primary metric, bad limits and an incomplete policy are named by their keys", () => {
    const problems = messages(
      smallSweep({
        primaryMetric: " ",
        maxTotalTrials: "2",
        maxConcurrentTrials: "1.5",
        slackFactor: "",
        trialTimeout: "soon",
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "objective.primary_metric: objective.primary_metric is required: the metric the trials log.",
        "limits.max_concurrent_trials: limits.max_concurrent_trials must be a whole number of at least 1.",
        "limits.trial_timeout: limits.trial_timeout must be a whole number of at least 1.",
        "early_termination: A bandit policy needs slack_factor or slack_amount.",
      ]),
    );
    expect(
      messages(smallSweep({ policy: "truncation_selection", truncationPercentage: "120", maxConcurrentTrials: "9" })),
    ).toEqual(
      expect.arrayContaining([
        "early_termination.truncation_percentage: truncation_percentage must be a whole number from 1 to 99.",
        "limits.max_concurrent_trials: limits.max_concurrent_trials is above max_total_trials.",
      ]),
    );
  });

  it("the command trial's own problems come through the command job rules", () => {
    const form = smallSweep();
    form.trial.environment = "";
    form.trial.inputs = [{ name: "n", type: "integer", value: "x", mode: "" }];
    expect(messages(form)).toEqual(
      expect.arrayContaining([
        'trial: Input "n" needs a whole number.',
        expect.stringMatching(/^trial.environment: environment is required/),
      ]),
    );
  });
});

describe("binding a registered component trial", () => {
  it("the form checks the binding live when the component list has the spec the reference names", () => {
    const list = [{ name: "train_model", latestVersion: "3", spec: TRAIN_MODEL }];
    expect(componentSpecOf(list, "azureml:train_model@latest")).toBe(TRAIN_MODEL);
    expect(componentSpecOf(list, "azureml:train_model:3")).toBe(TRAIN_MODEL);
    // An older version's spec is not in the list: the submit checks that one.
    expect(componentSpecOf(list, "azureml:train_model:2")).toBeNull();
    expect(componentSpecOf(list, "azureml:other@latest")).toBeNull();
    const form = smallSweep({
      trialKind: "component",
      component: "azureml:train_model@latest",
      searchSpace: [{ name: "depth", type: "randint", fields: { upper: "4" } }],
    });
    expect(sweepJobFormProblems(form, componentSpecOf(list, form.component)).map((p) => p.path)).toEqual([
      "search_space.depth",
      "inputs",
    ]);
    expect(sweepJobFormProblems(form, null)).toEqual([]);
  });

  it("sweeps the inputs the search space names, keeps the others with their defaults and the component's code", () => {
    const { spec, problems } = bindComponentTrial(readSweepJobYaml(COMPONENT_TRIAL_SWEEP), TRAIN_MODEL);
    expect(problems).toEqual([]);
    expect(spec.trialComponent).toBeUndefined();
    expect(spec.trial.command).toBe(
      "python train.py --data ${{inputs.data}} --lr ${{search_space.lr}} --epochs ${{inputs.epochs}} $[[--note ${{inputs.note}}]]",
    );
    expect(spec.trial.environment).toBe("azureml:sklearn-env:2");
    expect(spec.trial.code).toBe(`azureml:${TRAIN_MODEL.code}`);
    expect(spec.trial.inputs).toEqual({
      data: { kind: "data", type: "uri_folder", path: "azureml:iris:1" },
      epochs: { kind: "literal", value: 5 },
    });
    expect(spec.trial.outputs).toEqual({ model: { type: "mlflow_model" } });
  });

  it("names a swept parameter the component lacks, a required input left unset and an input both set and swept", () => {
    const sweep = readSweepJobYaml(
      COMPONENT_TRIAL_SWEEP.replace(
        "inputs:\n  data:\n    type: uri_folder\n    path: azureml:iris:1\n",
        "inputs:\n  lr: 0.5\n",
      ).replace("search_space:\n", "search_space:\n  depth:\n    type: randint\n    upper: 4\n"),
    );
    expect(bindComponentTrial(sweep, TRAIN_MODEL).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'search_space.depth: Search space parameter "depth" is not an input of azureml:train_model@latest (it has data, lr, epochs, note).',
      'inputs: azureml:train_model@latest needs input "data" (uri_folder): set it under inputs or sweep it in the search space.',
      'inputs.lr: Input "lr" is set and swept: leave it out of inputs, the search space gives its values.',
    ]);
  });
});
