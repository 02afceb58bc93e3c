/**
 * Lineage through the studio's routes on the local service: the basics 3b pipeline (three steps chained by their
 * outputs; its components' code replaced by a small copy script, as the examples ship none) reads a registered data
 * asset; a model is registered from its last step's output; the model's lineage names the pipeline, "trained on"
 * names the data asset, the pipeline's lineage names its steps, a step's names the data asset, and the data
 * asset's impact lists the pipeline, its steps and the model (CSV too). Unknown origins and deleted nodes are said.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putSeedComponent } from "../../local-workspace/seed-components";
import { seedComponentCode } from "../../local-workspace/storage/seed-component-code";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { shared } from "../support/shared";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const WS_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;
const COPY_PY = `import os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for name in os.listdir(src):
    if os.path.isfile(os.path.join(src, name)):
        shutil.copy(os.path.join(src, name), dst)
print("copied", sorted(os.listdir(dst)))
`;
let s: Studio;
const lineage = (node: string) => s.call("GET", "ws/[sub]/[rg]/[ws]/lineage", ws, { as: "reader", query: { node } });

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0, seedContent: false } });
  await s.svc.seeded;
  const { container } = defaultStoreNames(s.svc.ctx, WS_ID);
  const c = s.svc.storage!.blobService.getContainerClient(container);
  await c.createIfNotExists();
  const csv = fs.readFileSync(
    shared("azureml-examples/cli/jobs/pipelines-with-components/basics/3b_pipeline_with_data/data/sample.csv"),
  );
  await c.getBlockBlobClient("tests/lineage/data/sample.csv").uploadData(csv);
  for (const x of ["a", "b", "c"]) {
    const spec = {
      spec: {
        name: `component_${x}`,
        version: "1",
        type: "command",
        inputs: { [`component_${x}_input`]: { type: "uri_folder" } },
        outputs: { [`component_${x}_output`]: { type: "uri_folder" } },
        environment: { image: "python" },
        command: `python copy.py \${{inputs.component_${x}_input}} \${{outputs.component_${x}_output}}`,
      },
      files: { "copy.py": COPY_PY },
    };
    putSeedComponent(s.svc.ctx, WS_ID, spec, Date.now());
    await seedComponentCode(s.svc.storage!, s.svc.ctx, WS_ID, [spec]);
  }
  await s.sdk().dataVersions.createOrUpdate(RG, WS, "lineage_3b_input", "1", {
    properties: {
      dataType: "uri_folder",
      dataUri: "azureml://datastores/workspaceblobstore/paths/tests/lineage/data/",
    },
  });
  // The 3b pipeline as the designer submits it, its ./data input replaced by the registered data asset.
  const job = await s.sdk().jobs.createOrUpdate(RG, WS, "lineage_3b", {
    properties: {
      jobType: "Pipeline",
      experimentName: "lineage",
      settings: { default_compute: `${WS_ID}/computes/cpu-cluster` },
      jobs: {
        component_a: {
          jobType: "Command",
          componentId: `${WS_ID}/components/component_a/versions/1`,
          inputs: { component_a_input: { jobInputType: "uri_folder", uri: "azureml:lineage_3b_input:1" } },
        },
        component_b: {
          jobType: "Command",
          componentId: `${WS_ID}/components/component_b/versions/1`,
          inputs: {
            component_b_input: {
              jobInputType: "literal",
              value: "${{parent.jobs.component_a.outputs.component_a_output}}",
            },
          },
        },
        component_c: {
          jobType: "Command",
          componentId: `${WS_ID}/components/component_c/versions/1`,
          inputs: {
            component_c_input: {
              jobInputType: "literal",
              value: "${{parent.jobs.component_b.outputs.component_b_output}}",
            },
          },
        },
      },
    } as never,
  });
  expect(job.name).toBe("lineage_3b");
  const end = Date.now() + 90_000;
  for (;;) {
    const status = (await s.sdk().jobs.get(RG, WS, "lineage_3b")).properties.status;
    if (["Completed", "Failed", "Canceled"].includes(String(status))) {
      expect(status).toBe("Completed");
      break;
    }
    if (Date.now() > end) throw new Error("the 3b pipeline did not finish in 90 s");
    await new Promise((r) => setTimeout(r, 300));
  }
  await s.sdk().modelVersions.createOrUpdate(RG, WS, "lineage_3b_model", "1", {
    properties: {
      modelType: "custom_model",
      modelUri: "azureml://datastores/workspaceblobstore/paths/azureml/lineage_3b-component_c/component_c_output/",
      jobName: "lineage_3b",
    } as never,
  });
}, 150_000);

afterAll(async () => {
  await s?.close();
});

describe("lineage of the 3b pipeline", () => {
  it("model → pipeline, and 'trained on' names the data asset", async () => {
    const r = await lineage("model:lineage_3b_model:1");
    expect(r.status, r.text).toBe(200);
    expect(r.body.data.edges).toContainEqual({
      from: "job:lineage_3b",
      to: "model:lineage_3b_model:1",
      via: "registered from",
    });
    expect(r.body.data.trainedOn.map((n: { id: string }) => n.id)).toEqual(["data:lineage_3b_input:1"]);
  });

  it("pipeline → its steps, chained by their outputs; a step → the data asset", async () => {
    const p = await lineage("job:lineage_3b");
    const edges = p.body.data.edges as { from: string; to: string; via: string }[];
    for (const step of ["component_a", "component_b", "component_c"])
      expect(edges).toContainEqual({ from: `job:lineage_3b-${step}`, to: "job:lineage_3b", via: "step of" });
    expect(edges).toContainEqual({ from: "job:lineage_3b", to: "model:lineage_3b_model:1", via: "registered from" });
    const a = await lineage("job:lineage_3b-component_a");
    expect(a.body.data.edges).toContainEqual({
      from: "data:lineage_3b_input:1",
      to: "job:lineage_3b-component_a",
      via: "input component_a_input",
    });
    expect(a.body.data.edges).toContainEqual({
      from: "component:component_a:1",
      to: "job:lineage_3b-component_a",
      via: "component",
    });
    const b = await lineage("job:lineage_3b-component_b");
    expect(b.body.data.edges).toContainEqual({
      from: "job:lineage_3b-component_a",
      to: "job:lineage_3b-component_b",
      via: "input component_b_input ← component_a_output",
    });
  });

  it("impact of the data asset: the steps, the pipeline and the model, as JSON and CSV", async () => {
    const r = await s.call("GET", "ws/[sub]/[rg]/[ws]/lineage/impact", ws, {
      as: "reader",
      query: { node: "data:lineage_3b_input:1" },
    });
    const ids = (r.body.data as { id: string }[]).map((x) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "job:lineage_3b-component_a",
        "job:lineage_3b-component_b",
        "job:lineage_3b-component_c",
        "job:lineage_3b",
        "model:lineage_3b_model:1",
      ]),
    );
    const csv = await s.call("GET", "ws/[sub]/[rg]/[ws]/lineage/impact", ws, {
      as: "reader",
      query: { node: "data:lineage_3b_input:1", format: "csv" },
    });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.text.split("\n")[0]).toBe("kind,name,id,hops,via");
    expect(csv.text).toContain("model,lineage_3b_model:1,model:lineage_3b_model:1,");
  });

  it("an uploaded model says its origin is unknown; a deleted job is shown as missing, not an error", async () => {
    const seeded = await lineage("model:credit-default-classifier:1");
    expect(seeded.status).toBe(200);
    const gone = await lineage("job:no_such_job_anywhere");
    expect(gone.status).toBe(200);
    expect(gone.body.data.nodes).toContainEqual(
      expect.objectContaining({ id: "job:no_such_job_anywhere", missing: true }),
    );
    const bad = await lineage("nonsense");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not a lineage node/);
  });
});
