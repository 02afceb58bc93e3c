/**
 * Demo models and environments: several versions each, of all three model types, with tags, descriptions and
 * metric properties; curated (AzureML-…) and custom environments with realistic images and conda files; builds
 * that succeeded, one that failed. `bulkCreateModelVersions` / `bulkCreateModels` serve the benchmarks.
 */
import type { Ctx } from "./context";
import { putAssetVersion } from "./resources/assets";
import { modelSpec } from "./resources/models";
import { environmentSpec, planBuild } from "./resources/environments";

const DAY = 86_400_000;
const USERS = ["dana@ml-studio.local", "admin@ml-studio.local", "sam@ml-studio.local"];
const modelUri = (name: string, version: string) =>
  `azureml://datastores/workspaceblobstore/paths/models/${name}/${version}/`;

export function sklearnConda(opts: { python: string; sklearn: string; extra?: string[]; name?: string }) {
  return [
    `name: ${opts.name ?? "model-env"}`,
    "channels:",
    "  - conda-forge",
    "dependencies:",
    `  - python=${opts.python}`,
    "  - pip=23.3.1",
    "  - pip:",
    "    - mlflow==2.9.2",
    "    - cloudpickle==2.2.1",
    `    - scikit-learn==${opts.sklearn}`,
    ...(opts.extra ?? []).map((e) => `    - ${e}`),
    "",
  ].join("\n");
}

function mlflowFlavors(sklearn: string, python: string) {
  return {
    python_function: {
      data: { loader_module: "mlflow.sklearn", python_version: python, env: "conda.yaml", model_path: "model.pkl" },
    },
    sklearn: { data: { pickled_model: "model.pkl", serialization_format: "cloudpickle", sklearn_version: sklearn } },
  };
}

type SeedModelVersion = {
  description: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  flavors?: any;
  jobName?: string;
  archived?: boolean;
};

const MODELS: {
  name: string;
  type: "mlflow_model" | "custom_model" | "triton_model";
  description: string;
  tags: Record<string, string>;
  versions: SeedModelVersion[];
}[] = [
  {
    name: "credit-default-classifier",
    type: "mlflow_model",
    description: "Predicts 90-day default on consumer credit lines.",
    tags: { team: "risk" },
    versions: [
      {
        description: "Baseline logistic regression.",
        tags: { stage: "Archived", algorithm: "logistic-regression" },
        properties: { accuracy: "0.842", auc: "0.861", f1: "0.701", training_rows: "120000" },
        flavors: mlflowFlavors("1.2.2", "3.9.18"),
        jobName: "credit_train_7fd1",
      },
      {
        description: "Gradient boosting, tuned depth.",
        tags: { stage: "Development", algorithm: "gradient-boosting" },
        properties: { accuracy: "0.871", auc: "0.902", f1: "0.744", training_rows: "120000" },
        flavors: mlflowFlavors("1.2.2", "3.9.18"),
        jobName: "credit_train_9a2c",
      },
      {
        description: "Gradient boosting with bureau features.",
        tags: { stage: "Production", algorithm: "gradient-boosting", features: "bureau-v2" },
        properties: { accuracy: "0.889", auc: "0.921", f1: "0.772", training_rows: "184000" },
        flavors: mlflowFlavors("1.3.2", "3.10.13"),
        jobName: "credit_train_b51e",
      },
      {
        description: "Retrained on Q3 data; slight drift fix.",
        tags: { stage: "Staging", algorithm: "gradient-boosting", features: "bureau-v2" },
        properties: { accuracy: "0.893", auc: "0.918", f1: "0.781", training_rows: "201000" },
        flavors: mlflowFlavors("1.3.2", "3.10.13"),
        jobName: "credit_train_c0d4",
      },
    ],
  },
  {
    name: "churn-xgb",
    type: "custom_model",
    description: "Customer churn, XGBoost booster saved as JSON.",
    tags: { team: "growth", framework: "xgboost" },
    versions: [
      {
        description: "First cut.",
        tags: { stage: "Archived" },
        properties: { accuracy: "0.78", auc: "0.81", precision: "0.66" },
        archived: true,
      },
      {
        description: "Added tenure buckets.",
        tags: { stage: "Production" },
        properties: { accuracy: "0.812", auc: "0.846", precision: "0.71" },
      },
      {
        description: "Class weights rebalanced.",
        tags: { stage: "Development" },
        properties: { accuracy: "0.805", auc: "0.859", precision: "0.74" },
      },
    ],
  },
  {
    name: "bert-sentiment-triton",
    type: "triton_model",
    description: "DistilBERT sentiment, ONNX, Triton model repository layout.",
    tags: { team: "nlp", framework: "onnx", serving: "triton" },
    versions: [
      {
        description: "fp32 export.",
        tags: { stage: "Production", precision: "fp32" },
        properties: { accuracy: "0.911", latency_p95_ms: "38" },
      },
      {
        description: "fp16 export, dynamic batching.",
        tags: { stage: "Staging", precision: "fp16" },
        properties: { accuracy: "0.909", latency_p95_ms: "17" },
      },
    ],
  },
  {
    name: "fraud-detector",
    type: "mlflow_model",
    description: "Card-not-present fraud scoring.",
    tags: { team: "risk", pii: "none" },
    versions: Array.from({ length: 6 }, (_, i) => ({
      description: [
        "Isolation forest baseline.",
        "Random forest.",
        "Random forest, more trees.",
        "LightGBM.",
        "LightGBM with merchant embeddings.",
        "LightGBM, recalibrated.",
      ][i],
      tags: { stage: i === 4 ? "Production" : i === 5 ? "Staging" : i < 2 ? "Archived" : "Development" },
      properties: {
        accuracy: String([0.931, 0.948, 0.951, 0.962, 0.968, 0.967][i]),
        auc: String([0.88, 0.91, 0.915, 0.94, 0.955, 0.957][i]),
        recall_at_1pct_fpr: String([0.41, 0.52, 0.55, 0.61, 0.66, 0.665][i]),
      },
      flavors: mlflowFlavors(i < 3 ? "1.2.2" : "1.3.2", "3.10.13"),
    })),
  },
];

export const CURATED: {
  name: string;
  image: string;
  description: string;
  conda: string;
  tags: Record<string, string>;
}[] = [
  {
    name: "AzureML-sklearn-1.5",
    image: "mcr.microsoft.com/azureml/curated/sklearn-1.5:17",
    description:
      "An environment for tasks such as regression, clustering, and classification with Scikit-learn. Contains the AzureML SDK v2 and MLflow.",
    tags: { "Scikit-learn": "1.5", OS: "Ubuntu22.04", Training: "", Preview: "" },
    conda: sklearnConda({
      python: "3.10",
      sklearn: "1.5.1",
      name: "sklearn-1.5",
      extra: ["azureml-core==1.57.0", "azureml-mlflow==1.57.0", "pandas==2.2.2"],
    }),
  },
  {
    name: "AzureML-pytorch-2.2-cuda12.1",
    image: "mcr.microsoft.com/azureml/curated/acpt-pytorch-2.2-cuda12.1:19",
    description: "Azure Container for PyTorch: PyTorch 2.2 with CUDA 12.1, DeepSpeed and ONNX Runtime Training.",
    tags: { PyTorch: "2.2", CUDA: "12.1", GPU: "Cuda12", OS: "Ubuntu20.04", Training: "" },
    conda:
      "name: ptca\nchannels:\n  - conda-forge\n  - pytorch\n  - nvidia\ndependencies:\n  - python=3.10\n  - pytorch=2.2.2\n  - pytorch-cuda=12.1\n  - pip:\n    - deepspeed==0.14.0\n    - onnxruntime-training==1.17.3\n    - azureml-mlflow==1.57.0\n",
  },
  {
    name: "AzureML-lightgbm-3.3",
    image: "mcr.microsoft.com/azureml/curated/lightgbm-3.3:40",
    description:
      "An environment for machine learning with Scikit-learn, LightGBM, XGBoost, Dask containing the AzureML Python SDK and MLflow.",
    tags: { LightGBM: "3.3.5", OS: "Ubuntu20.04", Training: "" },
    conda:
      "name: lightgbm\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.8\n  - pip:\n    - lightgbm==3.3.5\n    - xgboost==1.7.6\n    - dask==2023.5.0\n    - mlflow==2.9.2\n    - azureml-mlflow==1.55.0\n",
  },
  {
    name: "AzureML-minimal-py311-inference",
    image: "mcr.microsoft.com/azureml/curated/minimal-py311-inference:8",
    description: "A minimal environment for serving models with the Azure ML inference server.",
    tags: { OS: "Ubuntu22.04", Inferencing: "", Python: "3.11" },
    conda:
      "name: minimal-inference\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip:\n    - azureml-inference-server-http==1.2.2\n",
  },
];

export function seedModelsAndEnvironments(ctx: Ctx, wsId: string, now: number) {
  let n = 0;
  for (const m of MODELS) {
    m.versions.forEach((v, i) => {
      const version = String(i + 1);
      const at = now - (40 - n++) * DAY + i * 3600_000;
      putAssetVersion(
        ctx,
        modelSpec,
        wsId,
        m.name,
        version,
        {
          description: v.description,
          tags: { ...v.tags },
          properties: v.properties,
          isArchived: !!v.archived,
          modelType: m.type,
          modelUri: modelUri(m.name, version),
          flavors: v.flavors ?? null,
          jobName: v.jobName ?? null,
        },
        {
          at,
          user: USERS[(n + i) % USERS.length],
          container: i === 0 ? { description: m.description, tags: m.tags } : undefined,
        },
      );
    });
  }

  // Curated: a few versions each (image tags move on), no build of our own (they arrive built).
  CURATED.forEach((e, ci) => {
    for (let i = 0; i < 3; i++) {
      const tag = Number(e.image.split(":").pop()) - (2 - i);
      putAssetVersion(
        ctx,
        environmentSpec,
        wsId,
        e.name,
        String(tag),
        {
          description: e.description,
          tags: e.tags,
          environmentType: "Curated",
          image: e.image.replace(/:\d+$/, `:${tag}`),
          condaFile: e.conda,
          build: null,
          osType: "Linux",
          autoRebuild: "Disabled",
          inferenceConfig: null,
        },
        {
          at: now - (90 - ci * 5 - i * 20) * DAY,
          user: "Microsoft",
          container: i === 0 ? { description: e.description, tags: e.tags } : undefined,
        },
      );
    }
  });

  const custom: {
    name: string;
    description: string;
    versions: {
      description: string;
      image?: string;
      conda?: string;
      build?: { contextUri: string; dockerfilePath: string };
      tags?: Record<string, string>;
    }[];
  }[] = [
    {
      name: "fraud-training-env",
      description: "Training environment for the fraud models.",
      versions: [
        {
          description: "sklearn 1.2",
          image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
          conda: sklearnConda({ python: "3.9", sklearn: "1.2.2", name: "fraud-train" }),
        },
        {
          description: "sklearn 1.3 and LightGBM",
          image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
          conda: sklearnConda({ python: "3.10", sklearn: "1.3.2", name: "fraud-train", extra: ["lightgbm==4.1.0"] }),
        },
        {
          description: "Pinned pandas, added shap",
          image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest",
          conda: sklearnConda({
            python: "3.10",
            sklearn: "1.3.2",
            name: "fraud-train",
            extra: ["lightgbm==4.1.0", "pandas==2.1.4", "shap==0.44.0"],
          }),
          tags: { validated: "true" },
        },
      ],
    },
    {
      name: "pytorch-serving",
      description: "Plain PyTorch image for batch scoring.",
      versions: [
        { description: "PyTorch 2.1", image: "pytorch/pytorch:2.1.2-cuda12.1-cudnn8-runtime" },
        { description: "PyTorch 2.2", image: "pytorch/pytorch:2.2.2-cuda12.1-cudnn8-runtime" },
      ],
    },
    {
      name: "docker-context-example",
      description: "Built from a Dockerfile and requirements.txt.",
      versions: [
        {
          description: "python 3.8 with pip requirements",
          build: {
            contextUri: "azureml://datastores/workspaceblobstore/paths/environments/docker-context-example/1/",
            dockerfilePath: "Dockerfile",
          },
        },
      ],
    },
    {
      name: "nlp-experimental",
      description: "Tried a package that does not exist; the build failed.",
      versions: [
        {
          description: "typo in a package name",
          image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
          conda:
            "name: nlp\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip:\n    - transformers==4.36.2\n    - tokenizers-does-not-exist==0.15.0\n",
        },
      ],
    },
  ];
  custom.forEach((e, ei) => {
    e.versions.forEach((v, i) => {
      const at = now - (30 - ei * 4 - i * 3) * DAY;
      const props = {
        description: v.description,
        tags: v.tags ?? {},
        environmentType: "UserCreated",
        image: v.image ?? null,
        condaFile: v.conda ?? null,
        build: v.build ?? null,
        osType: "Linux",
        autoRebuild: "Disabled",
        inferenceConfig: null,
      };
      putAssetVersion(ctx, environmentSpec, wsId, e.name, String(i + 1), props, {
        at,
        user: USERS[(ei + i) % USERS.length],
        sim: planBuild(props, at),
        container: i === 0 ? { description: e.description } : undefined,
      });
    });
  });
}

/** `count` versions of one model with drifting metrics, for the history benchmark (500 versions). */
export function bulkCreateModelVersions(ctx: Ctx, wsId: string, name: string, count: number) {
  const now = ctx.now();
  ctx.store.tx(() => {
    for (let i = 1; i <= count; i++) {
      const acc = 0.8 + 0.15 * (1 - Math.exp(-i / 80)) + 0.01 * Math.sin(i);
      putAssetVersion(
        ctx,
        modelSpec,
        wsId,
        name,
        String(i),
        {
          description: `Nightly retrain #${i}`,
          tags: { stage: i === count ? "Production" : "Development", run: `nightly-${i}` },
          properties: { accuracy: acc.toFixed(4), auc: (acc + 0.03).toFixed(4), rows: String(100000 + i * 250) },
          modelType: "mlflow_model",
          modelUri: modelUri(name, String(i)),
          flavors: mlflowFlavors("1.3.2", "3.10.13"),
        },
        { at: now - (count - i) * 3600_000, user: USERS[i % USERS.length] },
      );
    }
  });
}

/** `count` models with one version each, for the list benchmark (10,000 models). */
export function bulkCreateModels(ctx: Ctx, wsId: string, count: number, prefix = "bulk-model") {
  const now = ctx.now();
  const types = ["custom_model", "mlflow_model", "triton_model"];
  ctx.store.tx(() => {
    for (let i = 0; i < count; i++) {
      const name = `${prefix}-${String(i).padStart(5, "0")}`;
      putAssetVersion(
        ctx,
        modelSpec,
        wsId,
        name,
        "1",
        {
          description: `Bulk model ${i}`,
          tags: { stage: i % 3 === 0 ? "Production" : "Development" },
          properties: { accuracy: (0.7 + (i % 30) / 100).toFixed(2) },
          modelType: types[i % 3],
          modelUri: modelUri(name, "1"),
        },
        { at: now - (count - i) * 1000, user: USERS[i % 3] },
      );
    }
  });
}
