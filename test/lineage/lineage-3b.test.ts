/**
 * Lineage end to end on the local workspace service: the azureml-examples basics 3b pipeline (3 steps, data
 * dependencies) runs on the seeded component_a/b/c with its sample.csv registered as a data asset, a model is
 * registered from the pipeline's output, and the lineage route (a thin call of the server function) walks
 * model → job → steps → data asset one hop at a time, and back down as impact.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { workspaceId } from "../../local-workspace/arm";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { shared } from "../support/shared";
import { RG, SUB, WS, startStudio, until, type Studio } from "../support/studio";

const DIR = shared("azureml-examples/cli/jobs/pipelines-with-components/basics/3b_pipeline_with_data");
const ws = { sub: SUB, rg: RG, ws: WS };
const wsId = workspaceId(SUB, RG, WS);
const JOB = "lineage-3b";

let s: Studio;

/**
 * The 3b pipeline.yml as the ARM PipelineJob the CLI sends, its step's ./data folder replaced by the registered
 * data asset (bound on the step, as the YAML binds it).
 */
function pipelineBody() {
  const y = parseYaml(fs.readFileSync(`${DIR}/pipeline.yml`, "utf8"));
  const jobs: Record<string, unknown> = {};
  for (const [name, step] of Object.entries(y.jobs as Record<string, any>)) {
    const component = String(step.component).replace(
      /^\.\/component(\w)\.yml$/,
      (_, x) => `component_${x.toLowerCase()}`,
    );
    const inputs: Record<string, unknown> = {};
    for (const [port, v] of Object.entries((step.inputs ?? {}) as Record<string, any>))
      inputs[port] =
        typeof v === "string"
          ? { job_input_type: "literal", value: v }
          : { job_input_type: "uri_folder", uri: "azureml:sample-3b:1" };
    const outputs: Record<string, unknown> = {};
    for (const [port, v] of Object.entries((step.outputs ?? {}) as Record<string, any>))
      if (typeof v === "string") outputs[port] = { type: "literal", value: v };
    jobs[name] = { type: "command", componentId: `${wsId}/components/${component}/versions/1`, inputs, outputs };
  }
  return {
    properties: {
      jobType: "Pipeline",
      displayName: y.display_name,
      experimentName: "lineage-tests",
      settings: { default_compute: `${wsId}/computes/cpu-cluster` },
      inputs: {},
      outputs: { final_pipeline_output: { jobOutputType: "uri_folder" } },
      jobs,
    },
  };
}

const lineage = (node: string, direction: string, hops = 1) =>
  s.call("GET", "ws/[sub]/[rg]/[ws]/lineage", ws, { as: "reader", query: { node, direction, hops: String(hops) } });
const keys = (r: { body: { data: { nodes: { key: string }[] } } }) => r.body.data.nodes.map((n) => n.key);

beforeAll(async () => {
  s = await startStudio({ proxy: false, storage: { seedBlobCount: 0, seedContent: false } });
  const { container } = defaultStoreNames(s.svc.ctx, wsId);
  const c = s.svc.storage!.blobService.getContainerClient(container);
  await c.createIfNotExists();
  await c.getBlockBlobClient("lineage/3b/data/sample.csv").uploadData(fs.readFileSync(`${DIR}/data/sample.csv`));
  const sdk = s.sdk();
  await sdk.dataVersions.createOrUpdate(RG, WS, "sample-3b", "1", {
    properties: {
      dataType: "uri_folder",
      dataUri: "azureml://datastores/workspaceblobstore/paths/lineage/3b/data/",
    } as never,
  });
  await sdk.jobs.createOrUpdate(RG, WS, JOB, pipelineBody() as never);
  const done = await until(
    () => sdk.jobs.get(RG, WS, JOB),
    (j) => ["Completed", "Failed", "Canceled"].includes(j.properties.status ?? ""),
    90_000,
    250,
  );
  expect([
    done.properties.status,
    (done.properties as { properties?: Record<string, string> }).properties?.Error,
  ]).toEqual(["Completed", undefined]);
  await sdk.modelVersions.createOrUpdate(RG, WS, "model-3b", "1", {
    properties: { modelType: "custom_model", modelUri: `azureml://jobs/${JOB}/outputs/final_pipeline_output` } as never,
  });
}, 150_000);

afterAll(async () => {
  await s?.close();
});

describe("lineage of the 3b pipeline", () => {
  it("the local service records the model's job", async () => {
    const m = await s.sdk().modelVersions.get(RG, WS, "model-3b", "1");
    expect((m.properties as { jobName?: string }).jobName).toBe(JOB);
  });

  it("finds model → job → steps → data asset, one hop at a time", async () => {
    const h1 = await lineage("model:model-3b:1", "upstream");
    expect(h1.status, h1.text).toBe(200);
    expect(keys(h1)).toEqual(["model:model-3b:1", `job:${JOB}`]);
    expect(h1.body.data.edges).toEqual([
      { from: `job:${JOB}`, to: "model:model-3b:1", label: "trained · output final_pipeline_output" },
    ]);

    const h2 = await lineage(`job:${JOB}`, "upstream");
    expect(keys(h2)).toEqual(
      expect.arrayContaining([`step:${JOB}/component_a`, `step:${JOB}/component_b`, `step:${JOB}/component_c`]),
    );
    expect(h2.body.data.edges).toContainEqual({
      from: `step:${JOB}/component_c`,
      to: `job:${JOB}`,
      label: "output final_pipeline_output ← component_c_output",
    });

    // component_c ← component_b ← component_a ← the data asset, each one hop.
    const c = await lineage(`step:${JOB}/component_c`, "upstream");
    expect(keys(c)).toContain(`step:${JOB}/component_b`);
    const b = await lineage(`step:${JOB}/component_b`, "upstream");
    expect(keys(b)).toContain(`step:${JOB}/component_a`);
    const a = await lineage(`step:${JOB}/component_a`, "upstream");
    expect(keys(a)).toEqual(expect.arrayContaining(["data:sample-3b:1", "component:component_a:1"]));
    const data = a.body.data.nodes.find((n: { key: string }) => n.key === "data:sample-3b:1");
    expect(data).toMatchObject({ kind: "data", state: "present" });

    // And the data asset's own origin: the datastore folder it was registered from.
    const d = await lineage("data:sample-3b:1", "upstream");
    expect(keys(d)).toContain("path:workspaceblobstore/lineage/3b/data");

    // Five hops upstream of the model reach the data asset in one answer (the "trained on" link).
    const all = await lineage("model:model-3b:1", "upstream", 5);
    expect(keys(all)).toContain("data:sample-3b:1");
  });

  it("impact of the data asset: the pipeline, its steps and the model, also as CSV", async () => {
    const r = await s.call("GET", "ws/[sub]/[rg]/[ws]/lineage/impact", ws, {
      as: "reader",
      query: { node: "data:sample-3b:1" },
    });
    expect(r.status, r.text).toBe(200);
    const rows = r.body.data.map((x: { kind: string; name: string }) => `${x.kind} ${x.name}`);
    expect(rows).toEqual(
      expect.arrayContaining([`job ${JOB}`, `step ${JOB}/component_a`, `step ${JOB}/component_c`, "model model-3b"]),
    );
    const csv = await s.call("GET", "ws/[sub]/[rg]/[ws]/lineage/impact", ws, {
      as: "reader",
      query: { node: "data:sample-3b:1", format: "csv" },
    });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.text.split("\r\n")[0]).toBe("kind,name,version,state,distance,via");
    expect(csv.text).toContain("model,model-3b,1,present");
  });

  it("a deleted model is answered as missing, not as an error; bad input is a 400 naming it", async () => {
    const gone = await lineage("model:never-registered:7", "both");
    expect(gone.status).toBe(200);
    expect(gone.body.data.nodes).toEqual([
      expect.objectContaining({ key: "model:never-registered:7", state: "missing" }),
    ]);
    const bad = await lineage("table:x:1", "both");
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/node/);
    const hops = await lineage("model:model-3b:1", "both", 9);
    expect(hops.status).toBe(400);
    const impactOfModel = await s.call("GET", "ws/[sub]/[rg]/[ws]/lineage/impact", ws, {
      as: "reader",
      query: { node: "model:model-3b:1" },
    });
    expect(impactOfModel.status).toBe(400);
  });
});
