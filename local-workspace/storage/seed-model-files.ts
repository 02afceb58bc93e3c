/**
 * Artifacts of the seeded model versions and environment build contexts, written to the demo workspace's
 * workspaceblobstore container under the paths their modelUri / build.contextUri name
 * (`models/<name>/<version>/…`, `environments/<name>/<version>/…`). Each blob carries Content-MD5 and a
 * `sha256` metadata entry, which is where the studio reads hashes from (as the studio writes them on upload).
 * Idempotent behind a marker blob; content is deterministic so versions that share a file share its hashes.
 */
import { createHash } from "node:crypto";
import type { ContainerClient } from "@azure/storage-blob";
import type { Ctx } from "../context";
import type { LocalStorage } from "./index";
import { defaultStoreNames, contentTypeOf } from "./seed-data";
import { workspaceId } from "../arm";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../seed";
import { sklearnConda } from "../seed-models";

const MARKER = `${SEED_WORKSPACE}/model-files-v1`;

/** Deterministic pseudo-random bytes (a SHA-256 counter stream) so a "model binary" has a stable hash. */
function bytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let off = 0;
  for (let i = 0; off < size; i++) {
    const block = createHash("sha256").update(`${seed}:${i}`).digest();
    block.copy(out, off, 0, Math.min(block.length, size - off));
    off += block.length;
  }
  return out;
}

const IRIS_SIGNATURE = [
  "signature:",
  '  inputs: \'[{"name": "income", "type": "double"}, {"name": "debt_ratio", "type": "double"}, {"name": "age", "type": "long"}, {"name": "open_credit_lines", "type": "long"}]\'',
  '  outputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]\'',
];

function mlflowFiles(name: string, version: number, sklearn: string, python: string, extraFeature: boolean) {
  const inputs = [
    { name: "income", type: "double" },
    { name: "debt_ratio", type: "double" },
    { name: "age", type: "long" },
    { name: "open_credit_lines", type: "long" },
    ...(extraFeature ? [{ name: "bureau_score", type: "double" }] : []),
  ];
  const signature = extraFeature
    ? ["signature:", `  inputs: '${JSON.stringify(inputs)}'`, IRIS_SIGNATURE[2]]
    : IRIS_SIGNATURE;
  const mlmodel = [
    "artifact_path: model",
    "flavors:",
    "  python_function:",
    "    env:",
    "      conda: conda.yaml",
    "      virtualenv: python_env.yaml",
    "    loader_module: mlflow.sklearn",
    "    model_path: model.pkl",
    "    predict_fn: predict",
    `    python_version: ${python}`,
    "  sklearn:",
    "    code: null",
    "    pickled_model: model.pkl",
    "    serialization_format: cloudpickle",
    `    sklearn_version: ${sklearn}`,
    "mlflow_version: 2.9.2",
    `model_uuid: ${createHash("md5").update(`${name}/${version}`).digest("hex")}`,
    `run_id: ${createHash("sha1").update(`run/${name}/${version}`).digest("hex").slice(0, 32)}`,
    "saved_input_example_info:",
    "  artifact_path: input_example.json",
    "  pandas_orient: split",
    "  type: dataframe",
    ...signature,
    `utc_time_created: '2024-0${Math.min(9, version)}-1${version % 10} 10:2${version % 10}:00.000000'`,
    "",
  ].join("\n");
  const example = {
    columns: inputs.map((i) => i.name),
    data: [
      [52000.0, 0.31, 41, 6, ...(extraFeature ? [712.0] : [])],
      [87000.0, 0.12, 35, 9, ...(extraFeature ? [781.0] : [])],
      [23000.0, 0.74, 58, 2, ...(extraFeature ? [598.0] : [])],
    ],
  };
  return {
    MLmodel: mlmodel,
    "conda.yaml": sklearnConda({ python, sklearn, name: "mlflow-env" }),
    "python_env.yaml": `python: ${python}\nbuild_dependencies:\n  - pip==23.3.1\n  - setuptools\n  - wheel\ndependencies:\n  - -r requirements.txt\n`,
    "requirements.txt": `mlflow==2.9.2\ncloudpickle==2.2.1\nscikit-learn==${sklearn}\n`,
    "input_example.json": JSON.stringify(example, null, 2) + "\n",
    "model.pkl": bytes(`${name}/${version}/model.pkl`, 40_000 + version * 7_919),
  };
}

/** Files of every seeded model version and environment build context, keyed by blob path. */
export function seededArtifactFiles(): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  const add = (prefix: string, set: Record<string, Buffer | string>) => {
    for (const [rel, content] of Object.entries(set)) files[`${prefix}${rel}`] = content;
  };
  const credit = [
    ["1.2.2", "3.9.18", false],
    ["1.2.2", "3.9.18", false],
    ["1.3.2", "3.10.13", true],
    ["1.3.2", "3.10.13", true],
  ] as const;
  credit.forEach(([sk, py, extra], i) =>
    add(`models/credit-default-classifier/${i + 1}/`, mlflowFiles("credit-default-classifier", i + 1, sk, py, extra)),
  );
  for (let i = 1; i <= 6; i++)
    add(`models/fraud-detector/${i}/`, mlflowFiles("fraud-detector", i, i < 4 ? "1.2.2" : "1.3.2", "3.10.13", false));
  for (let i = 1; i <= 3; i++) {
    const features = [
      "tenure",
      "monthly_charges",
      "contract_type",
      "support_calls",
      ...(i >= 2 ? ["tenure_bucket"] : []),
    ];
    add(`models/churn-xgb/${i}/`, {
      "model.json": JSON.stringify({
        learner: {
          feature_names: features,
          gradient_booster: { name: "gbtree", model: { trees: bytes(`churn/${i}`, 600).toString("base64") } },
        },
        version: [1, 7, 6],
      }),
      "feature_names.txt": features.join("\n") + "\n",
      "score.py":
        "import json\nimport xgboost as xgb\n\ndef init():\n    global booster\n    booster = xgb.Booster()\n    booster.load_model('model.json')\n\ndef run(raw):\n    data = xgb.DMatrix(json.loads(raw)['data'])\n    return booster.predict(data).tolist()\n",
    });
  }
  for (let i = 1; i <= 2; i++) {
    add(`models/bert-sentiment-triton/${i}/`, {
      "model_repository/distilbert_sentiment/config.pbtxt": [
        'name: "distilbert_sentiment"',
        'platform: "onnxruntime_onnx"',
        "max_batch_size: 32",
        'input [ { name: "input_ids" data_type: TYPE_INT64 dims: [ -1 ] }, { name: "attention_mask" data_type: TYPE_INT64 dims: [ -1 ] } ]',
        'output [ { name: "logits" data_type: TYPE_FP32 dims: [ 2 ] } ]',
        ...(i === 2 ? ["dynamic_batching { preferred_batch_size: [ 8, 16 ] max_queue_delay_microseconds: 100 }"] : []),
        "",
      ].join("\n"),
      "model_repository/distilbert_sentiment/1/model.onnx": bytes(`bert/${i}`, i === 1 ? 260_000 : 131_000),
    });
  }
  add("environments/docker-context-example/1/", {
    Dockerfile:
      'FROM python:3.8\n\n# python installs\nCOPY requirements.txt .\nRUN pip install -r requirements.txt && rm requirements.txt\n\n# set command\nCMD ["bash"]\n',
    "requirements.txt": "numpy==1.22\nscipy==1.7.1\npandas==1.3.0\nscikit-learn==1.2.2\nmlflow==2.2.1\n",
  });
  return files;
}

export async function uploadWithHashes(container: ContainerClient, name: string, content: Buffer | string) {
  const body = typeof content === "string" ? Buffer.from(content) : content;
  const md5 = createHash("md5").update(body).digest();
  const sha256 = createHash("sha256").update(body).digest("hex");
  await container.getBlockBlobClient(name).uploadData(body, {
    blobHTTPHeaders: { blobContentType: contentTypeOf(name), blobContentMD5: md5 },
    metadata: { sha256 },
  });
}

export async function seedModelFiles(storage: LocalStorage, ctx: Ctx) {
  const wsId = workspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, SEED_WORKSPACE);
  if (!ctx.store.get(wsId)) return;
  const markers = storage.blobService.getContainerClient("ml-studio-seed-markers");
  await markers.createIfNotExists();
  const marker = markers.getBlockBlobClient(MARKER);
  if (await marker.exists()) return;
  const container = storage.blobService.getContainerClient(defaultStoreNames(ctx, wsId).container);
  await container.createIfNotExists();
  const entries = Object.entries(seededArtifactFiles());
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < entries.length) {
        const [name, content] = entries[next++];
        await uploadWithHashes(container, name, content);
      }
    }),
  );
  await marker.uploadData(Buffer.from(new Date().toISOString()));
}
