/** Command jobs in the shapes of Azure ML's cli/jobs/basics and cli/jobs/single-step examples (the shared corpus has pipelines only). */
export const COMMAND_JOB_SCHEMA_LINE = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json";
export const COMMAND_JOB_EXAMPLES: Record<string, string> = {
  "hello-world": `${COMMAND_JOB_SCHEMA_LINE}
command: echo "hello world"
environment:
  image: library/python:latest
compute: azureml:cpu-cluster
`,
  "hello-world-no-type-no-schema": `command: echo "hello world"
environment:
  image: library/python:latest
`,
  "hello-world-input": `${COMMAND_JOB_SCHEMA_LINE}
command: |
  echo \${{inputs.hello_string}}
  echo \${{inputs.hello_number}}
environment:
  image: library/python:latest
inputs:
  hello_string: "hello world"
  hello_number: 42
compute: azureml:cpu-cluster
`,
  "hello-world-env-var": `${COMMAND_JOB_SCHEMA_LINE}
command: echo $hello_env_var
environment:
  image: library/python:latest
compute: azureml:cpu-cluster
environment_variables:
  hello_env_var: "hello world"
`,
  "hello-world-output": `${COMMAND_JOB_SCHEMA_LINE}
command: echo "hello world" > ./outputs/helloworld.txt
environment:
  image: library/python:latest
compute: azureml:cpu-cluster
`,
  "hello-world-org": `${COMMAND_JOB_SCHEMA_LINE}
command: echo "hello world"
environment:
  image: library/python:latest
compute: azureml:cpu-cluster
tags:
  hello: world
display_name: hello-world-example
experiment_name: hello-world-example
description: |
  # Azure Machine Learning "hello world" job
`,
  "hello-iris-datastore-file": `${COMMAND_JOB_SCHEMA_LINE}
command: |
  echo "--iris-csv: \${{inputs.iris_csv}}"
  python -c "import pandas as pd; print(pd.read_csv('\${{inputs.iris_csv}}'))"
inputs:
  iris_csv:
    type: uri_file
    path: azureml://datastores/workspaceblobstore/paths/example-data/iris.csv
environment: azureml://registries/azureml/environments/sklearn-1.5/labels/latest
compute: azureml:cpu-cluster
`,
  "single-step-lightgbm-iris": `${COMMAND_JOB_SCHEMA_LINE}
code: src
command: >-
  python main.py
  --iris-csv \${{inputs.iris_csv}}
  --learning-rate \${{inputs.learning_rate}}
  --boosting \${{inputs.boosting}}
  $[[--seed \${{inputs.seed}}]]
inputs:
  iris_csv:
    type: uri_file
    path: https://azuremlexamples.blob.core.windows.net/datasets/iris.csv
  learning_rate: 0.9
  boosting: gbdt
outputs:
  model_output:
    type: mlflow_model
environment: azureml:AzureML-lightgbm-3.3@latest
compute: azureml:cpu-cluster
display_name: lightgbm-iris-example
experiment_name: lightgbm-iris-example
description: Train a LightGBM model on the Iris dataset.
`,
  "pytorch-distributed": `${COMMAND_JOB_SCHEMA_LINE}
code: src
command: >-
  python train.py
  --epochs \${{inputs.epochs}}
  --data-dir \${{inputs.cifar}}
inputs:
  epochs: 1
  cifar:
    type: uri_folder
    path: azureml:cifar-10-example@latest
    mode: ro_mount
environment: azureml:AzureML-acpt-pytorch-2.2-cuda12.1@latest
compute: azureml:gpu-cluster
distribution:
  type: pytorch
  process_count_per_instance: 1
resources:
  instance_count: 2
  shm_size: 3g
limits:
  timeout: 3600
identity:
  type: user_identity
`,
  "tensorflow-distributed": `${COMMAND_JOB_SCHEMA_LINE}
code: src
command: python train.py --epochs \${{inputs.epochs}} --model-dir \${{outputs.model}}
inputs:
  epochs: 1
outputs:
  model:
    type: custom_model
    mode: upload
environment: azureml:AzureML-tensorflow-2.16-cuda12@latest
compute: azureml:gpu-cluster
resources:
  instance_count: 2
distribution:
  type: tensorflow
  worker_count: 2
`,
  serverless: `${COMMAND_JOB_SCHEMA_LINE}
command: echo hi
environment: azureml:sklearn@latest
resources:
  instance_type: Standard_E4s_v3
  instance_count: 1
`,
};
