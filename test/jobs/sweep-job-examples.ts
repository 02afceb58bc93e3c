/**
 * Sweep jobs in the shapes of Azure ML's cli/jobs examples (basics/hello-sweep.yml, single-step/lightgbm/iris
 * job-sweep.yml, …): the shared corpus holds pipelines only, so these stand in for its sweep files, together with
 * any sweep file the corpus does hold (`sweepJobFilesOfCorpus`).
 */
import fs from "node:fs";
import path from "node:path";
import { corpusFiles, JOBS, kindOfFile } from "../pipeline/examples";

const SCHEMA = "$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json";

export const SWEEP_JOB_EXAMPLES: Record<string, string> = {
  "basics/hello-sweep": `${SCHEMA}
type: sweep
trial:
  command: >-
    python hello-sweep.py
    --A \${{inputs.A}}
    --B \${{search_space.B}}
    --C \${{search_space.C}}
  code: azureml:hello-sweep-src:1
  environment: azureml://registries/azureml/environments/sklearn-1.5/labels/latest
inputs:
  A: 0.5
compute: azureml:cpu-cluster
sampling_algorithm: random
search_space:
  B:
    type: choice
    values: ["hello", "world", "hello_world"]
  C:
    type: uniform
    min_value: 0.1
    max_value: 1.0
objective:
  goal: minimize
  primary_metric: random_metric
limits:
  max_total_trials: 4
  max_concurrent_trials: 2
  timeout: 3000
display_name: hello-sweep-example
experiment_name: hello-sweep-example
description: Hello sweep job example.
`,
  "single-step/lightgbm/iris/job-sweep": `${SCHEMA}
type: sweep
trial:
  code: azureml:lightgbm-iris-src:1
  command: >-
    python main.py
    --iris-csv \${{inputs.iris_csv}}
    --learning-rate \${{search_space.learning_rate}}
    --boosting \${{search_space.boosting}}
  environment: azureml:AzureML-lightgbm-3.3@latest
inputs:
  iris_csv:
    type: uri_file
    path: https://azuremlexamples.blob.core.windows.net/datasets/iris.csv
compute: azureml:cpu-cluster
sampling_algorithm: random
search_space:
  learning_rate:
    type: uniform
    min_value: 0.01
    max_value: 0.9
  boosting:
    type: choice
    values: ["gbdt", "dart"]
objective:
  goal: minimize
  primary_metric: test-multi_logloss
limits:
  max_total_trials: 20
  max_concurrent_trials: 10
  timeout: 7200
early_termination:
  type: bandit
  evaluation_interval: 1
  delay_evaluation: 5
  slack_factor: 0.2
display_name: lightgbm-iris-sweep-example
experiment_name: lightgbm-iris-sweep-example
description: Run a hyperparameter sweep job for LightGBM on Iris dataset.
`,
  "single-step/pytorch/distributed-sweep": `${SCHEMA}
type: sweep
trial:
  command: >-
    python train.py --epochs \${{inputs.epochs}} --lr \${{search_space.lr}} --momentum \${{search_space.momentum}}
    --batch-size \${{search_space.batch_size}} --data \${{inputs.cifar}} --model-dir \${{outputs.model}}
  environment: azureml:AzureML-acpt-pytorch-2.2-cuda12.1@latest
  environment_variables:
    NCCL_DEBUG: INFO
  distribution:
    type: pytorch
    process_count_per_instance: 2
  resources:
    instance_count: 2
    shm_size: 8g
inputs:
  epochs: 3
  cifar:
    type: uri_folder
    path: azureml:cifar-10:1
    mode: download
outputs:
  model:
    type: mlflow_model
compute: azureml:gpu-cluster
sampling_algorithm:
  type: random
  seed: 7
search_space:
  lr:
    type: loguniform
    min_value: -6
    max_value: -1
  momentum:
    type: normal
    mu: 0.9
    sigma: 0.05
  batch_size:
    type: quniform
    min_value: 16
    max_value: 128
    q: 16
objective:
  goal: maximize
  primary_metric: accuracy
limits:
  max_total_trials: 12
  max_concurrent_trials: 4
  trial_timeout: 1800
early_termination:
  type: median_stopping
  evaluation_interval: 1
  delay_evaluation: 2
experiment_name: pytorch-cifar-sweep
tags:
  framework: pytorch
`,
  "single-step/tensorflow/grid-truncation": `${SCHEMA}
type: sweep
trial:
  command: python train.py --units \${{search_space.units}} --dropout \${{search_space.dropout}}
  environment:
    image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04
compute: azureml:cpu-cluster
sampling_algorithm: grid
search_space:
  units:
    type: choice
    values: [32, 64, 128]
  dropout:
    type: choice
    values: [0.1, 0.2]
objective:
  goal: maximize
  primary_metric: val_accuracy
limits:
  max_total_trials: 6
  max_concurrent_trials: 3
early_termination:
  type: truncation_selection
  truncation_percentage: 20
  evaluation_interval: 2
display_name: tf-grid
`,
  "every-distribution": `${SCHEMA}
type: sweep
trial:
  command: echo \${{search_space.a}} \${{search_space.e}}
  environment: azureml:e:1
sampling_algorithm:
  type: bayesian
search_space:
  a: {type: loguniform, min_value: -6, max_value: -1}
  b: {type: quniform, min_value: 1, max_value: 10, q: 2}
  c: {type: normal, mu: 0, sigma: 1}
  d: {type: qlognormal, mu: 1, sigma: 0.5, q: 1}
  e: {type: randint, upper: 5}
  f: {type: choice, values: [1, "two", true, "a, b"]}
objective: {goal: maximize, primary_metric: acc}
early_termination: {type: bandit, slack_amount: 0.1, evaluation_interval: 2}
`,
};

/** A sweep whose trial is a registered component, and that component (as the registry would hand it back). */
export const COMPONENT_TRIAL_SWEEP = `${SCHEMA}
type: sweep
trial: azureml:train_model@latest
inputs:
  data:
    type: uri_folder
    path: azureml:iris:1
compute: azureml:cpu-cluster
sampling_algorithm: random
search_space:
  lr:
    type: uniform
    min_value: 0.001
    max_value: 0.1
objective:
  goal: maximize
  primary_metric: accuracy
limits:
  max_total_trials: 6
  max_concurrent_trials: 2
early_termination:
  type: bandit
  slack_factor: 0.1
`;

/** Every sweep job file of the shared corpus's cli/jobs (none today: it holds pipelines only). */
export function sweepJobFilesOfCorpus(): Record<string, string> {
  return Object.fromEntries(
    corpusFiles()
      .filter((f) => kindOfFile(f) === "sweep-job")
      .map((f) => [path.relative(JOBS, f), fs.readFileSync(f, "utf8")]),
  );
}
