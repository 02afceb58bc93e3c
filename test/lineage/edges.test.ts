import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { dataLineage, jobLineage, mergeFacts, modelLineage, nodeHref, uriNode } from "@/lib/domain/lineage";
import { placeHop } from "@/features/lineage/model";
import { shared } from "../support/shared";

const example = (p: string) =>
  JSON.parse(fs.readFileSync(shared("azure-ml-rest-spec/2022-10-01/examples", p), "utf8")).responses["200"].body;

describe("edges from recorded ARM bodies (the REST spec's examples)", () => {
  it("a command job: its environment, code and inputs; literals are not lineage", () => {
    const body = example("Job/CommandJob/createOrUpdate.json");
    const facts = jobLineage(body.name, {
      ...body.properties,
      environmentId:
        "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/environments/sklearn/versions/3",
      codeId: "azureml:src:2",
      inputs: {
        ...body.properties.inputs,
        train: { jobInputType: "uri_folder", uri: "azureml:iris:1" },
        raw: { jobInputType: "uri_file", uri: "azureml://datastores/workspaceblobstore/paths/raw/x.csv" },
      },
    });
    const froms = facts.edges.map((e) => `${e.from} (${e.via})`).sort();
    expect(froms).toEqual([
      "code:src:2 (code)",
      "data:iris:1 (input train)",
      "environment:sklearn:3 (environment)",
      "path:azureml://datastores/workspaceblobstore/paths/raw/x.csv (input raw)",
    ]);
  });

  it("a pipeline job: steps belong to it; a step reading another's output is linked to it", () => {
    const body = example("Job/PipelineJob/createOrUpdate.json");
    expect(() => jobLineage(body.name, body.properties)).not.toThrow();
    const facts = jobLineage("p", {
      inputs: { d: { jobInputType: "uri_folder", uri: "azureml:iris@latest" } },
      jobs: {
        a: { componentId: "azureml:prep:1", inputs: { x: { jobInputType: "literal", value: "${{parent.inputs.d}}" } } },
        b: {
          componentId: "azureml:train:2",
          inputs: { y: { jobInputType: "literal", value: "${{parent.jobs.a.outputs.out}}" } },
        },
      },
    });
    expect(facts.edges).toEqual(
      expect.arrayContaining([
        { from: "data:iris:latest", to: "job:p", via: "input d" },
        { from: "job:p-a", to: "job:p", via: "step of" },
        { from: "data:iris:latest", to: "job:p-a", via: "input x" },
        { from: "job:p-a", to: "job:p-b", via: "input y ← out" },
        { from: "component:train:2", to: "job:p-b", via: "component" },
      ]),
    );
  });

  it("a model version: from its job, from a job output URI, from a datastore folder, or of unknown origin", () => {
    const body = example("ModelVersion/createOrUpdate.json");
    expect(modelLineage("m", "1", body.properties).nodes[0].unknownOrigin).toBeTruthy();
    expect(modelLineage("m", "1", { jobName: "train_7" }).edges).toEqual([
      { from: "job:train_7", to: "model:m:1", via: "registered from" },
    ]);
    expect(modelLineage("m", "1", { modelUri: "azureml://jobs/train_8/outputs/model" }).edges).toEqual([
      { from: "job:train_8", to: "model:m:1", via: "output model" },
    ]);
    expect(modelLineage("m", "1", { modelUri: "azureml://datastores/ws/paths/models/m/" }).edges[0].from).toBe(
      "path:azureml://datastores/ws/paths/models/m",
    );
    expect(
      modelLineage("m", "1", { modelUri: "azureml://datastores/ws/paths/LocalUpload/abc/m.pkl" }).nodes[0]
        .unknownOrigin,
    ).toMatch(/upload/);
  });

  it("a data version: from a job output or a datastore folder", () => {
    const body = example("DataVersionBase/createOrUpdate.json");
    expect(() => dataLineage("d", "1", body.properties)).not.toThrow();
    expect(dataLineage("d", "1", { dataUri: "azureml://jobs/prep/outputs/clean" }).edges).toEqual([
      { from: "job:prep", to: "data:d:1", via: "output clean" },
    ]);
    expect(uriNode("azureml://subscriptions/s/resourcegroups/r/workspaces/w/datastores/ds/paths/a/b/")?.node.id).toBe(
      "path:azureml://datastores/ds/paths/a/b",
    );
  });

  it("merging keeps the first label and an unknown-origin mark; every kind has a page but code", () => {
    const merged = mergeFacts(
      { nodes: [{ id: "job:x", kind: "job", label: "Training" }], edges: [] },
      { nodes: [{ id: "job:x", kind: "job", label: "x" }], edges: [{ from: "a", to: "job:x", via: "v" }] },
      { nodes: [], edges: [{ from: "a", to: "job:x", via: "v" }] },
    );
    expect(merged.nodes).toEqual([{ id: "job:x", kind: "job", label: "Training" }]);
    expect(merged.edges).toHaveLength(1);
    expect(nodeHref("/w/s/r/w", { id: "model:m:3", kind: "model" })).toBe("/w/s/r/w/models/m?version=3");
    expect(nodeHref("/w/s/r/w", { id: "code:c:1", kind: "code" })).toBeNull();
  });
});

describe("placing a hop on the canvas", () => {
  it("puts what a node came from on its left and what used it on its right, never moving a placed node", () => {
    const first = placeHop(
      new Map(),
      "data:d:1",
      [],
      Array.from({ length: 1000 }, (_, i) => ({ from: "data:d:1", to: `job:j${i}`, via: "input" })).map((e) => e),
    );
    // Unknown targets are skipped until the hop lists them as nodes.
    expect(first.size).toBe(1);
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: `job:j${i}`, kind: "job" as const, label: `j${i}` }));
    const edges = nodes.map((n) => ({ from: "data:d:1", to: n.id, via: "input" }));
    const placed = placeHop(new Map(), "data:d:1", [{ id: "data:d:1", kind: "data", label: "d" }, ...nodes], edges);
    expect(placed.size).toBe(1001);
    expect(new Set([...placed.values()].map((p) => `${p.x}/${p.y}`)).size).toBe(1001);
    expect(placed.get("job:j0")!.x).toBeGreaterThan(placed.get("data:d:1")!.x);
    const again = placeHop(
      placed,
      "job:j0",
      [{ id: "model:m:1", kind: "model", label: "m" }, nodes[0]],
      [
        { from: "job:j0", to: "model:m:1", via: "registered from" },
        { from: "data:d:1", to: "job:j0", via: "input" },
      ],
    );
    expect([...again.keys()]).toEqual(["model:m:1"]);
    expect(again.get("model:m:1")!.x).toBeGreaterThan(placed.get("job:j0")!.x);
  });
});
