/**
 * Lineage edges from recorded ARM bodies: the REST spec's examples (../shared/azure-ml-rest-spec), bodies as the
 * local workspace service records them (the 3b pipeline, its steps, a model from its output), and the index,
 * neighbourhood, impact and layout built on them.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  buildIndex,
  componentLineage,
  dataLineage,
  impact,
  impactCsv,
  jobLineage,
  modelLineage,
  neighbourhood,
  newNodesOf,
  nodeHref,
  parseKey,
  placeHop,
  uriRef,
  type Cell,
} from "@/lib/domain/lineage";
import { shared } from "../support/shared";

const EXAMPLES = shared("azure-ml-rest-spec/2022-10-01/examples");
const example = (p: string) => {
  const d = JSON.parse(fs.readFileSync(`${EXAMPLES}/${p}`, "utf8"));
  const res = d.responses["200"] ?? d.responses["201"];
  return res.body;
};
const WS = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const edgesOf = (x: { edges: { from: string; to: string; label: string }[] }) =>
  x.edges.map((e) => `${e.from} -> ${e.to} (${e.label})`).sort();

describe("references", () => {
  it("reads every spelling of an asset, path, job output and binding", () => {
    expect(uriRef("azureml:titanic:2")).toEqual({ to: "node", key: "data:titanic:2" });
    expect(uriRef("azureml:titanic@latest")).toEqual({ to: "node", key: "data:titanic:@latest" });
    expect(uriRef(`${WS}/data/iris/versions/1`)).toEqual({ to: "node", key: "data:iris:1" });
    expect(uriRef("azureml://locations/eastus/workspaces/abc/data/iris/versions/3")).toEqual({
      to: "node",
      key: "data:iris:3",
    });
    expect(uriRef("azureml://registries/azureml/models/bert/versions/1", "model")).toEqual({
      to: "node",
      key: "external:azureml://registries/azureml/models/bert/versions/1",
    });
    expect(uriRef("azureml://datastores/workspaceblobstore/paths/raw/a%20b/")).toEqual({
      to: "node",
      key: "path:workspaceblobstore/raw/a b",
    });
    expect(uriRef("azureml://subscriptions/s/resourcegroups/rg/workspaces/ws/datastores/sd/paths/x/y.csv")).toEqual({
      to: "node",
      key: "path:sd/x/y.csv",
    });
    expect(uriRef("azureml://jobs/train-1/outputs/model")).toEqual({
      to: "job-output",
      job: "train-1",
      output: "model",
    });
    expect(uriRef("runs:/run-9/model")).toEqual({ to: "job-output", job: "run-9", output: "" });
    expect(uriRef("${{parent.jobs.prep.outputs.clean}}")).toEqual({ to: "step-output", step: "prep", output: "clean" });
    expect(uriRef("${{ parent.inputs.raw }}")).toEqual({ to: "pipeline-input", input: "raw" });
    expect(uriRef("${{parent.outputs.final}}")).toEqual({ to: "pipeline-output", output: "final" });
    expect(uriRef("https://example.org/x.csv")).toEqual({ to: "node", key: "external:https://example.org/x.csv" });
    expect(uriRef("./data")).toEqual({ to: "none" });
    expect(uriRef("string")).toEqual({ to: "none" });
    expect(uriRef(undefined)).toEqual({ to: "none" });
  });

  it("parses node keys and refuses what is not one", () => {
    expect(parseKey("data:monthly-sales:3")).toEqual({ kind: "data", name: "monthly-sales", version: "3" });
    expect(parseKey("step:p3b/component_a")).toEqual({ kind: "step", pipeline: "p3b", step: "component_a" });
    expect(parseKey("path:workspaceblobstore/a/b")).toEqual({
      kind: "path",
      datastore: "workspaceblobstore",
      path: "a/b",
    });
    for (const bad of ["", "data:", "data:x", "table:x:1", "job:a/b", "step:x", "unknown:nope"])
      expect(parseKey(bad), bad).toBeNull();
  });
});

describe("the REST spec's examples", () => {
  it("CommandJob: its placeholders make no edges, only the job's own node", () => {
    const x = jobLineage(example("Job/CommandJob/createOrUpdate.json"));
    expect(x.nodes.map((n) => [n.key, n.kind, n.detail])).toEqual([["job:string", "job", "Command · NotStarted"]]);
    expect(x.edges).toEqual([]);
  });

  it("the same CommandJob with real references: environment, code, inputs and outputs", () => {
    const body = example("Job/CommandJob/createOrUpdate.json");
    body.name = "train-1";
    body.properties.environmentId = `${WS}/environments/sklearn/versions/4`;
    body.properties.codeId = "azureml:code-abc:1";
    body.properties.inputs = {
      training: { jobInputType: "uri_folder", uri: "azureml:titanic:2" },
      base: { jobInputType: "mlflow_model", uri: "azureml:base-model:1" },
      rate: { jobInputType: "literal", value: "0.1" },
    };
    body.properties.outputs = {
      model: {
        jobOutputType: "mlflow_model",
        uri: "azureml://datastores/workspaceblobstore/paths/azureml/train-1/model/",
      },
    };
    expect(edgesOf(jobLineage(body))).toEqual([
      "code:code-abc:1 -> job:train-1 (code)",
      "data:titanic:2 -> job:train-1 (input training)",
      "environment:sklearn:4 -> job:train-1 (environment)",
      "job:train-1 -> path:workspaceblobstore/azureml/train-1/model (output model)",
      "model:base-model:1 -> job:train-1 (input base)",
    ]);
  });

  it("PipelineJob and SweepJob examples: a node each, no invented edges", () => {
    const p = jobLineage(example("Job/PipelineJob/get.json"));
    expect(p.nodes.map((n) => n.kind)).toEqual(["job"]);
    expect(p.edges).toEqual([]);
    const s = example("Job/SweepJob/createOrUpdate.json");
    expect(jobLineage(s).edges).toEqual([]);
    s.properties.trial.environmentId = "azureml:sweep-env:2";
    expect(edgesOf(jobLineage(s))).toEqual(["environment:sweep-env:2 -> job:string (environment)"]);
  });

  it("every listed job example reads without throwing", () => {
    for (const f of ["AutoMLJob/list.json", "CommandJob/list.json", "PipelineJob/list.json", "SweepJob/list.json"]) {
      const list = example(`Job/${f}`).value as unknown[];
      for (const b of list) expect(() => jobLineage(b as never)).not.toThrow();
    }
  });

  it("ModelVersion: a placeholder modelUri is an unknown origin, said explicitly", () => {
    const body = example("ModelVersion/createOrUpdate.json");
    const x = modelLineage(body, "m", "1");
    expect(edgesOf(x)).toEqual(["unknown:model:m:1 -> model:m:1 (source not recorded)"]);
    expect(x.nodes.find((n) => n.kind === "unknown")).toMatchObject({ label: "origin not recorded", state: "present" });
  });

  it("DataVersionBase: a dataUri at a datastore folder, and one at a job output", () => {
    const body = example("DataVersionBase/get.json");
    body.properties.dataUri = "azureml://datastores/workspaceblobstore/paths/raw/titanic/";
    expect(edgesOf(dataLineage(body, "titanic", "1"))).toEqual([
      "path:workspaceblobstore/raw/titanic -> data:titanic:1 (registered from)",
    ]);
    body.properties.dataUri = "azureml://jobs/prep-7/outputs/clean";
    expect(edgesOf(dataLineage(body, "clean", "2"))).toEqual(["job:prep-7 -> data:clean:2 (output clean)"]);
    body.properties.dataUri = "azureml://datastores/workspaceblobstore/paths/LocalUpload/abc/titanic.csv";
    expect(edgesOf(dataLineage(body, "up", "1"))).toEqual(["unknown:data:up:1 -> data:up:1 (uploaded)"]);
  });
});

// ---------------------------------------------------------------- bodies as the local service records them

const p3b = {
  id: `${WS}/jobs/p3b`,
  name: "p3b",
  properties: {
    jobType: "Pipeline",
    status: "Completed",
    displayName: "3b_pipeline_with_data",
    inputs: { raw: { jobInputType: "uri_folder", uri: "azureml:sample-3b:1" } },
    outputs: {
      final: {
        jobOutputType: "uri_folder",
        uri: "azureml://datastores/workspaceblobstore/paths/azureml/p3b-component_c/component_c_output/",
      },
    },
    jobs: {
      component_a: {
        type: "command",
        componentId: `${WS}/components/component_a/versions/1`,
        inputs: { component_a_input: { job_input_type: "literal", value: "${{parent.inputs.raw}}" } },
      },
      component_b: {
        type: "command",
        componentId: `${WS}/components/component_b/versions/1`,
        inputs: {
          component_b_input: {
            job_input_type: "literal",
            value: "${{parent.jobs.component_a.outputs.component_a_output}}",
          },
        },
      },
      component_c: {
        type: "command",
        componentId: `${WS}/components/component_c/versions/1`,
        inputs: {
          component_c_input: {
            job_input_type: "literal",
            value: "${{parent.jobs.component_b.outputs.component_b_output}}",
          },
        },
        outputs: { component_c_output: { type: "literal", value: "${{parent.outputs.final}}" } },
      },
    },
  },
};
const stepJob = {
  id: `${WS}/jobs/p3b-component_a`,
  name: "p3b-component_a",
  properties: {
    jobType: "Command",
    status: "Completed",
    properties: { "azureml.parentJobName": "p3b", "azureml.stepName": "component_a" },
    componentId: `${WS}/components/component_a/versions/1`,
    environmentId: "azureml:python-env:1",
    inputs: { component_a_input: { jobInputType: "uri_folder", uri: "azureml:sample-3b:1" } },
    outputs: {
      component_a_output: {
        jobOutputType: "uri_folder",
        uri: "azureml://datastores/workspaceblobstore/paths/azureml/p3b-component_a/component_a_output/",
      },
    },
  },
};
const component = (name: string) => ({
  id: `${WS}/components/${name}/versions/1`,
  properties: {
    componentSpec: { type: "command", environment: "azureml:python-env:1", code: `${WS}/codes/c-${name}/versions/1` },
  },
});
const model = {
  id: `${WS}/models/m3b/versions/1`,
  properties: { modelType: "custom_model", jobName: "p3b", modelUri: "azureml://jobs/p3b/outputs/final" },
};
const sample = {
  id: `${WS}/data/sample-3b/versions/1`,
  properties: { dataType: "uri_folder", dataUri: "azureml://datastores/workspaceblobstore/paths/tests/3b/data" },
};
const derived = {
  id: `${WS}/data/c-out/versions/1`,
  properties: {
    dataType: "uri_folder",
    dataUri: "azureml://datastores/workspaceblobstore/paths/azureml/p3b-component_c/component_c_output/",
  },
};

describe("the 3b pipeline as recorded", () => {
  it("steps, their components, upstream step outputs, the pipeline input and output", () => {
    expect(edgesOf(jobLineage(p3b))).toEqual([
      "component:component_a:1 -> step:p3b/component_a (component)",
      "component:component_b:1 -> step:p3b/component_b (component)",
      "component:component_c:1 -> step:p3b/component_c (component)",
      "data:sample-3b:1 -> job:p3b (input raw)",
      "data:sample-3b:1 -> step:p3b/component_a (input component_a_input)",
      "job:p3b -> path:workspaceblobstore/azureml/p3b-component_c/component_c_output (output final)",
      "step:p3b/component_a -> job:p3b (step)",
      "step:p3b/component_a -> step:p3b/component_b (input component_b_input ← output component_a_output)",
      "step:p3b/component_b -> job:p3b (step)",
      "step:p3b/component_b -> step:p3b/component_c (input component_c_input ← output component_b_output)",
      "step:p3b/component_c -> job:p3b (output final ← component_c_output)",
    ]);
  });

  it("a model from the job's output: trained by the job; a component: its environment and code", () => {
    expect(edgesOf(modelLineage(model))).toEqual(["job:p3b -> model:m3b:1 (trained · output final)"]);
    expect(edgesOf(componentLineage(component("component_a")))).toEqual([
      "code:c-component_a:1 -> component:component_a:1 (code)",
      "environment:python-env:1 -> component:component_a:1 (environment)",
    ]);
  });

  const index = buildIndex({
    jobs: [p3b, stepJob],
    models: [model],
    data: [sample, derived],
    components: ["component_a", "component_b", "component_c"].map(component),
    known: { environment: ["python-env:1"], code: [] },
  });

  it("the index: a step's job is the step's node; output folders point back at the step that wrote them", () => {
    expect(index.nodes["job:p3b-component_a"]).toBeUndefined();
    expect(index.edges).toContainEqual({
      from: "step:p3b/component_c",
      to: "path:workspaceblobstore/azureml/p3b-component_c/component_c_output",
      label: "output component_c_output",
    });
    expect(index.edges).toContainEqual({
      from: "environment:python-env:1",
      to: "step:p3b/component_a",
      label: "environment",
    });
    expect(index.nodes["environment:python-env:1"].state).toBe("present");
    expect(index.nodes["code:c-component_a:1"].state).toBe("missing");
  });

  it("model → job → steps → data asset, one hop at a time", () => {
    const h1 = neighbourhood(index, "model:m3b:1", "upstream", 1);
    expect(h1.nodes.map((n) => [n.key, n.distance])).toEqual([
      ["model:m3b:1", 0],
      ["job:p3b", -1],
    ]);
    const h2 = neighbourhood(index, "job:p3b", "upstream", 1).nodes.map((n) => n.key);
    expect(h2).toEqual(
      expect.arrayContaining([
        "step:p3b/component_a",
        "step:p3b/component_b",
        "step:p3b/component_c",
        "data:sample-3b:1",
      ]),
    );
    const h3 = neighbourhood(index, "step:p3b/component_a", "upstream", 1).nodes.map((n) => n.key);
    expect(h3).toEqual(
      expect.arrayContaining(["data:sample-3b:1", "component:component_a:1", "environment:python-env:1"]),
    );
    const all = neighbourhood(index, "model:m3b:1", "upstream", 4).nodes.map((n) => n.key);
    expect(all).toContain("path:workspaceblobstore/tests/3b/data");
    const down = neighbourhood(index, "data:sample-3b:1", "downstream", 1);
    expect(down.nodes.find((n) => n.key === "data:sample-3b:1")!.degree).toEqual({ upstream: 1, downstream: 2 });
  });

  it("impact of a data version and of an environment: every job, step and model downstream, as CSV", () => {
    const rows = impact(index, "data:sample-3b:1");
    expect(rows.map((r) => [r.kind, r.name, r.distance])).toEqual(
      expect.arrayContaining([
        ["job", "p3b", 1],
        ["step", "p3b/component_a", 1],
        ["model", "m3b", 2],
      ]),
    );
    expect(rows.map((r) => r.kind)).not.toContain("data");
    const env = impact(index, "environment:python-env:1").map((r) => r.key);
    expect(env).toEqual(expect.arrayContaining(["step:p3b/component_a", "job:p3b", "model:m3b:1"]));
    const csv = impactCsv([
      ...rows,
      { key: "job:x", kind: "job", name: '=cmd,"x"', version: "", state: "missing", distance: 9, via: "job:y" },
    ]);
    expect(csv.split("\r\n")[0]).toBe("kind,name,version,state,distance,via");
    expect(csv).toContain("model,m3b,1,present,2,job:p3b");
    expect(csv).toContain(`job,"'=cmd,""x""",,missing,9,job:y`);
  });

  it("a deleted or never-known node is returned as missing, not thrown", () => {
    const v = neighbourhood(index, "model:gone:9", "both", 1);
    expect(v.nodes).toEqual([
      expect.objectContaining({ key: "model:gone:9", state: "missing", degree: { upstream: 0, downstream: 0 } }),
    ]);
    const withDeleted = buildIndex({ jobs: [p3b], models: [], data: [], components: [] });
    expect(withDeleted.nodes["data:sample-3b:1"].state).toBe("missing");
    expect(withDeleted.nodes["component:component_a:1"].state).toBe("missing");
  });

  it("links each node to its page", () => {
    const ws = { subscriptionId: "s", resourceGroup: "rg", workspace: "ws" };
    expect(nodeHref(ws, "model:m3b:1")).toBe("/w/s/rg/ws/models/m3b?version=1");
    expect(nodeHref(ws, "step:p3b/component_a")).toBe("/w/s/rg/ws/jobs/p3b?tab=graph");
    expect(nodeHref(ws, "component:component_a:1")).toBe("/w/s/rg/ws/components?name=component_a&version=1");
    expect(nodeHref(ws, "path:workspaceblobstore/tests/3b/data")).toBe(
      "/w/s/rg/ws/datastores/workspaceblobstore?path=tests%2F3b%2Fdata",
    );
    expect(nodeHref(ws, "unknown:model:m:1")).toBeNull();
  });
});

describe("incremental layout", () => {
  it("places only the new nodes beside their anchor; placed nodes never move", () => {
    const placed = new Map<string, Cell>([["root", { col: 0, row: 0 }]]);
    const edges = Array.from({ length: 1000 }, (_, i) => ({ from: "root", to: `j${i}` }));
    const hop = placeHop(
      placed,
      newNodesOf(
        placed,
        edges,
        edges.map((e) => e.to),
      ),
    );
    expect(hop.size).toBe(1000);
    expect(hop.has("root")).toBe(false);
    expect(new Set([...hop.values()].map((c) => c.col))).toEqual(new Set([1]));
    expect(new Set([...hop.values()].map((c) => c.row)).size).toBe(1000);
    for (const [k, c] of hop) placed.set(k, c);
    const before = new Map([...placed].map(([k, c]) => [k, { ...c }]));
    const next = placeHop(
      placed,
      newNodesOf(
        placed,
        [
          { from: "j5", to: "m" },
          { from: "d", to: "root" },
        ],
        ["m", "d"],
      ),
    );
    expect([...next.keys()].sort()).toEqual(["d", "m"]);
    expect(next.get("m")).toEqual({ col: 2, row: placed.get("j5")!.row });
    expect(next.get("d")).toEqual({ col: -1, row: 0 });
    expect(placed).toEqual(before);
  });
});
