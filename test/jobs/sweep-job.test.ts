import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { YamlImportError } from "@/lib/domain/pipeline";
import {
  exportSweepJobYaml,
  readSweepJobYaml,
  sweepJobFromArm,
  sweepJobToArm,
  distributionExpression,
} from "@/lib/domain/jobs/sweep-job";
import { SWEEP_JOB_EXAMPLES } from "./sweep-job-examples";

// azureml-examples cli/jobs/single-step/lightgbm/iris/job-sweep.yml as the fixtures hold it, with its code local.
const LIGHTGBM_SWEEP = SWEEP_JOB_EXAMPLES["single-step/lightgbm/iris/job-sweep"].replace(
  "code: azureml:lightgbm-iris-src:1",
  "code: src",
);
const GRID = `type: sweep
trial:
  command: python train.py --lr \${{search_space.lr}} --layers \${{search_space.layers}}
  environment:
    image: python:3.11-slim
sampling_algorithm:
  type: grid
search_space:
  lr:
    type: choice
    values: [0.1, 0.01]
  layers:
    type: choice
    values: [1, 2, 3]
objective:
  goal: maximize
  primary_metric: accuracy
early_termination:
  type: truncation_selection
  truncation_percentage: 20
  evaluation_interval: 2
`;
const ALL_DISTRIBUTIONS = `type: sweep
trial:
  command: echo \${{search_space.a}}
  environment: azureml:e:1
sampling_algorithm:
  type: random
  seed: 42
search_space:
  a: {type: loguniform, min_value: -6, max_value: -1}
  b: {type: quniform, min_value: 1, max_value: 10, q: 2}
  c: {type: normal, mu: 0, sigma: 1}
  d: {type: qlognormal, mu: 1, sigma: 0.5, q: 1}
  e: {type: randint, upper: 5}
objective: {goal: maximize, primary_metric: acc}
early_termination: {type: median_stopping, evaluation_interval: 1, delay_evaluation: 2}
`;
const refs = {
  environmentId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/environments/lgbm/versions/4",
  codeId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/codes/c/versions/1",
  computeId:
    "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu-cluster",
};
const problemsOf = (text: string) => {
  try {
    readSweepJobYaml(text);
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems;
    throw e;
  }
  return [];
};

describe("sweep job YAML", () => {
  it("reads the lightgbm sweep: trial, search space, sampling, objective, limits, bandit", () => {
    const s = readSweepJobYaml(LIGHTGBM_SWEEP);
    expect(s.trial).toMatchObject({
      code: "src",
      compute: "azureml:cpu-cluster",
      environment: "azureml:AzureML-lightgbm-3.3@latest",
    });
    expect(s.trial.inputs.iris_csv).toMatchObject({ kind: "data", type: "uri_file" });
    expect(s.searchSpace).toEqual({
      learning_rate: { type: "uniform", min: 0.01, max: 0.9 },
      boosting: { type: "choice", values: ["gbdt", "dart"] },
    });
    expect(s.objective).toEqual({ goal: "minimize", primaryMetric: "test-multi_logloss" });
    expect(s.limits).toEqual({ maxTotalTrials: 20, maxConcurrentTrials: 10, timeout: 7200 });
    expect(s.earlyTermination).toEqual({ type: "bandit", evaluationInterval: 1, delayEvaluation: 5, slackFactor: 0.2 });
  });

  it("the ARM SweepJob: Hyperdrive expressions, sampling, objective, limits as durations, the policy", () => {
    const arm = sweepJobToArm(readSweepJobYaml(LIGHTGBM_SWEEP), refs);
    expect(arm).toMatchObject({
      jobType: "Sweep",
      computeId: refs.computeId,
      trial: { environmentId: refs.environmentId, codeId: refs.codeId },
      searchSpace: { learning_rate: ["uniform", [0.01, 0.9]], boosting: ["choice", [["gbdt", "dart"]]] },
      samplingAlgorithm: { samplingAlgorithmType: "Random" },
      objective: { goal: "Minimize", primaryMetric: "test-multi_logloss" },
      limits: { jobLimitsType: "Sweep", maxTotalTrials: 20, maxConcurrentTrials: 10, timeout: "PT7200S" },
      earlyTermination: { policyType: "Bandit", evaluationInterval: 1, delayEvaluation: 5, slackFactor: 0.2 },
    });
    expect(arm.trial.command).toContain("${{search_space.learning_rate}}");
    expect(distributionExpression({ type: "qnormal", mu: 1, sigma: 2, q: 3 })).toEqual(["qnormal", [1, 2, 3]]);
  });

  for (const [name, text] of [
    ["lightgbm", LIGHTGBM_SWEEP],
    ["grid", GRID],
    ["every distribution", ALL_DISTRIBUTIONS],
  ] as const)
    it(`${name}: YAML → ARM → YAML reads back to the same sweep`, () => {
      const spec = readSweepJobYaml(text);
      expect(readSweepJobYaml(exportSweepJobYaml(spec))).toEqual(spec);
      const back = sweepJobFromArm("sw1", JSON.parse(JSON.stringify(sweepJobToArm(spec, refs))));
      expect(back.searchSpace).toEqual(spec.searchSpace);
      expect(back.objective).toEqual(spec.objective);
      expect(back.limits).toEqual(spec.limits);
      expect(back.sampling).toEqual(spec.sampling);
      expect(back.earlyTermination).toEqual(spec.earlyTermination);
      expect(back.trial.command).toBe(spec.trial.command);
      const yaml = parse(exportSweepJobYaml(back));
      expect(yaml).toMatchObject({ type: "sweep", trial: { environment: "azureml:lgbm:4" } });
    });

  it("every problem in one answer, with its line", () => {
    const ps = problemsOf(`type: sweep
trial:
  command: python t.py --lr \${{search_space.lr}} --x \${{search_space.missing}}
  environment: azureml:e:1
  computee: x
sampling_algorithm: grid
search_space:
  lr:
    type: uniform
    min_value: 1
    max_value: 0.1
  n:
    type: gaussian
objective:
  goal: up
limits:
  max_total_trials: 2
  max_concurrent_trials: 5
early_termination:
  type: bandit
`);
    const messages = ps.map((p) => `${p.pos?.line}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^5: "computee" is not a key of a sweep's trial/),
        expect.stringMatching(/^3: command uses \$\{\{search_space.missing\}\}, which search_space does not declare/),
        expect.stringMatching(/^8: Search space parameter "lr" \(uniform\): min_value must be below max_value/),
        expect.stringMatching(/^12: Search space parameter "n" has type "gaussian"/),
        expect.stringMatching(/objective.goal must be maximize or minimize/),
        expect.stringMatching(/objective.primary_metric is required/),
        expect.stringMatching(/^18: limits.max_concurrent_trials is above max_total_trials/),
        expect.stringMatching(/^19: A bandit policy needs slack_factor or slack_amount/),
      ]),
    );
  });

  it("grid sampling needs choices; a command job file is refused naming what it is", () => {
    const grid = problemsOf(
      GRID.replace("type: choice\n    values: [0.1, 0.01]", "type: uniform\n    min_value: 0\n    max_value: 1"),
    );
    expect(grid.map((p) => p.message)).toEqual([
      expect.stringMatching(/Grid sampling needs choice parameters; "lr" is uniform/),
    ]);
    expect(problemsOf("command: echo\nenvironment: azureml:e:1\n")[0].message).toMatch(
      /a command job, not a sweep job/,
    );
  });
});
