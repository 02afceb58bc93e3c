/**
 * Seeded components for the demo workspace, so the designer's palette is not empty on first start:
 * the command components of azureml-examples cli/jobs/pipelines-with-components/basics
 * (1b: my_train, my_score, my_eval; 3b: component_a/b/c; 2b: hello_python_world), each with a
 * small code folder of our own (the examples ship without their sources) registered as a code asset whose
 * codeUri names `workspaceblobstore` (Azurite). The rows are written in the seed's transaction; the files
 * themselves are uploaded by `seedComponentCode` (storage/seed-component-code.ts) once storage is up.
 */
import { createHash } from "node:crypto";
import { PROVIDER } from "./arm";
import type { Ctx } from "./context";
import { containerIdOf, refreshContainer, versionIdOf } from "./resources/assets";

const SKLEARN_ENV = "azureml://registries/azureml/environments/sklearn-1.5/labels/latest";

export interface SeedComponent {
  spec: Record<string, unknown>;
  files: Record<string, string>;
}

const py = (name: string, args: string[], body: string) =>
  `import argparse\nimport os\n\nparser = argparse.ArgumentParser("${name}")\n${args.map((a) => `parser.add_argument("--${a}")`).join("\n")}\nargs = parser.parse_args()\n\n${body}\n`;

export const SEED_COMPONENTS: SeedComponent[] = [
  {
    spec: {
      name: "my_train",
      version: "1",
      display_name: "Train_upper_case",
      type: "command",
      description: "Trains a model on a folder of CSV files.",
      inputs: {
        training_data: { type: "uri_folder" },
        max_epocs: { type: "integer", min: 0, max: 100 },
        learning_rate: { type: "number", default: 0.01 },
        learning_rate_schedule: { type: "string", default: "time-based", enum: ["step", "time-based"] },
      },
      outputs: { model_output: { type: "uri_folder" } },
      environment: SKLEARN_ENV,
      command:
        "python train.py --training_data ${{inputs.training_data}} --max_epocs ${{inputs.max_epocs}} --learning_rate ${{inputs.learning_rate}} --learning_rate_schedule ${{inputs.learning_rate_schedule}} --model_output ${{outputs.model_output}}",
    },
    files: {
      "train.py": py(
        "train",
        ["training_data", "max_epocs", "learning_rate", "learning_rate_schedule", "model_output"],
        `print("training data:", os.listdir(args.training_data))\nos.makedirs(args.model_output, exist_ok=True)\nwith open(os.path.join(args.model_output, "model.txt"), "w") as f:\n    f.write(f"epochs={args.max_epocs} lr={args.learning_rate} schedule={args.learning_rate_schedule}\\n")`,
      ),
    },
  },
  {
    spec: {
      name: "my_score",
      version: "1",
      display_name: "Score",
      type: "command",
      inputs: { model_input: { type: "uri_folder" }, test_data: { type: "uri_folder" } },
      outputs: { score_output: { type: "uri_folder" } },
      environment: SKLEARN_ENV,
      command:
        "python score.py --model_input ${{inputs.model_input}} --test_data ${{inputs.test_data}} --score_output ${{outputs.score_output}}",
    },
    files: {
      "score.py": py(
        "score",
        ["model_input", "test_data", "score_output"],
        `os.makedirs(args.score_output, exist_ok=True)\nwith open(os.path.join(args.score_output, "scores.txt"), "w") as f:\n    f.write("\\n".join(os.listdir(args.test_data)))`,
      ),
    },
  },
  {
    spec: {
      name: "my_eval",
      version: "1",
      display_name: "Eval",
      type: "command",
      inputs: { scoring_result: { type: "uri_folder" } },
      outputs: { eval_output: { type: "uri_folder" } },
      environment: SKLEARN_ENV,
      command: "python eval.py --scoring_result ${{inputs.scoring_result}} --eval_output ${{outputs.eval_output}}",
    },
    files: {
      "eval.py": py(
        "eval",
        ["scoring_result", "eval_output"],
        `os.makedirs(args.eval_output, exist_ok=True)\nwith open(os.path.join(args.eval_output, "report.txt"), "w") as f:\n    f.write(f"scored files: {len(os.listdir(args.scoring_result))}\\n")`,
      ),
    },
  },
  ...(["a", "b", "c"] as const).map((x) => ({
    spec: {
      name: `component_${x}`,
      version: "1",
      display_name: `component${x.toUpperCase()}`,
      type: "command",
      inputs: { [`component_${x}_input`]: { type: "uri_folder" } },
      outputs: { [`component_${x}_output`]: { type: "uri_folder" } },
      environment: { image: "python" },
      command: `python hello.py --component${x.toUpperCase()}_input \${{inputs.component_${x}_input}} --component${x.toUpperCase()}_output \${{outputs.component_${x}_output}}`,
    },
    files: {
      "hello.py": py(
        `component${x.toUpperCase()}`,
        [`component${x.toUpperCase()}_input`, `component${x.toUpperCase()}_output`],
        `print("Hello from component${x.toUpperCase()}")\nos.makedirs(args.component${x.toUpperCase()}_output, exist_ok=True)`,
      ),
    },
  })),
  {
    spec: {
      name: "hello_python_world",
      version: "1",
      display_name: "Hello_Python_World",
      type: "command",
      inputs: {
        sample_input_data: { type: "uri_folder" },
        sample_input_string: { type: "string", default: "hello_python_world_default" },
      },
      outputs: { sample_output_data: { type: "uri_folder" } },
      environment: { image: "python" },
      command:
        "python hello.py --input_data ${{inputs.sample_input_data}} --input_string ${{inputs.sample_input_string}} --output_data ${{outputs.sample_output_data}}",
    },
    files: {
      "hello.py": py(
        "hello",
        ["input_data", "input_string", "output_data"],
        `print(args.input_string)\nos.makedirs(args.output_data, exist_ok=True)`,
      ),
    },
  },
];

const sys = (at: number) => {
  const t = new Date(at).toISOString();
  return {
    createdBy: "admin@ml-studio.local",
    createdByType: "User",
    createdAt: t,
    lastModifiedBy: "admin@ml-studio.local",
    lastModifiedByType: "User",
    lastModifiedAt: t,
  };
};

/** The hash of a code folder (sorted paths and contents): its upload prefix and its code version name. */
export function codeFolderHash(files: Record<string, string | Buffer>): string {
  const h = createHash("sha256");
  for (const path of Object.keys(files).sort()) h.update(path).update("\0").update(files[path]).update("\0");
  return h.digest("hex");
}

/** Where a seed component's code folder lives in workspaceblobstore (as the CLI names uploads: by content hash). */
export function seedCodePrefix(c: SeedComponent): string {
  return `LocalUpload/${codeFolderHash(c.files).slice(0, 32)}/src`;
}

/**
 * Stores a component's code asset and component version directly (seed only: no HTTP, no checks). The code
 * files are not written here (this runs inside a store transaction): `seedComponentCode` uploads them.
 */
export function putSeedComponent(ctx: Ctx, wsId: string, c: SeedComponent, at: number) {
  const hash = codeFolderHash(c.files);
  const prefix = seedCodePrefix(c);
  const codeName = hash.slice(0, 36);
  const codeContainer = containerIdOf(wsId, "codes", codeName);
  ctx.store.put(
    {
      id: codeContainer,
      kind: "codes",
      parent: wsId,
      name: codeName,
      sim: null,
      dueAt: null,
      body: {
        id: codeContainer,
        name: codeName,
        type: `${PROVIDER}/workspaces/codes`,
        properties: {
          description: null,
          tags: {},
          properties: {},
          isArchived: false,
          latestVersion: "1",
          nextVersion: "2",
          provisioningState: "Succeeded",
        },
        systemData: sys(at),
      },
    },
    at,
  );
  const codeVersion = versionIdOf(wsId, "codes", codeName, "1");
  ctx.store.put(
    {
      id: codeVersion,
      kind: "versions",
      parent: codeContainer,
      name: "1",
      sim: null,
      dueAt: null,
      body: {
        id: codeVersion,
        name: "1",
        type: `${PROVIDER}/workspaces/codes/versions`,
        properties: {
          description: null,
          tags: {},
          properties: {},
          isAnonymous: false,
          isArchived: false,
          codeUri: `azureml://datastores/workspaceblobstore/paths/${prefix}`,
          provisioningState: "Succeeded",
        },
        systemData: sys(at),
      },
    },
    at,
  );
  const name = String(c.spec.name);
  const version = String(c.spec.version);
  const container = containerIdOf(wsId, "components", name);
  ctx.store.put(
    {
      id: container,
      kind: "components",
      parent: wsId,
      name,
      sim: null,
      dueAt: null,
      body: {
        id: container,
        name,
        type: `${PROVIDER}/workspaces/components`,
        properties: {
          description: (c.spec.description as string) ?? null,
          tags: {},
          properties: {},
          isArchived: false,
          latestVersion: null,
          nextVersion: "1",
          provisioningState: "Succeeded",
        },
        systemData: sys(at),
      },
    },
    at,
  );
  const vid = versionIdOf(wsId, "components", name, version);
  ctx.store.put(
    {
      id: vid,
      kind: "versions",
      parent: container,
      name: version,
      sim: null,
      dueAt: null,
      body: {
        id: vid,
        name: version,
        type: `${PROVIDER}/workspaces/components/versions`,
        properties: {
          description: (c.spec.description as string) ?? null,
          tags: {},
          properties: {},
          isAnonymous: false,
          isArchived: false,
          provisioningState: "Succeeded",
          componentSpec: {
            $schema: "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
            ...c.spec,
            code: codeVersion,
          },
        },
        systemData: sys(at),
      },
    },
    at,
  );
  refreshContainer(ctx, container, at);
}

export function seedComponents(ctx: Ctx, wsId: string, at: number) {
  SEED_COMPONENTS.forEach((c, i) => putSeedComponent(ctx, wsId, c, at + i * 1000));
}
