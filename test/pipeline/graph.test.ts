import { describe, expect, it } from "vitest";
import {
  addNode,
  canConnect,
  compatibility,
  compatibleSources,
  compatibleTargets,
  connect,
  emptyGraph,
  findCycles,
  GraphError,
  layoutGraph,
  newComponentNode,
  newDataNode,
  parseComponentYaml,
  pasteNodes,
  removeNodes,
  renameNode,
  toPipelineJobProperties,
  updateNode,
  validateGraph,
  YamlImportError,
  type ComponentNode,
  type PipelineGraph,
} from "@/lib/domain/pipeline";

const prep = parseComponentYaml(
  `name: prep\nversion: 2\ntype: command\ninputs:\n  raw: {type: uri_folder}\n  rows: {type: integer, default: 100, min: 1}\noutputs:\n  clean: {type: uri_folder}\nenvironment: azureml:sklearn:1\ncode: ./src\ncommand: python prep.py --raw \${{inputs.raw}} --rows \${{inputs.rows}} --out \${{outputs.clean}}\n`,
);
const train = parseComponentYaml(
  `name: train\nversion: 1\ntype: command\ninputs:\n  data: {type: uri_folder}\n  lr: {type: number}\n  kind: {type: string, enum: [a, b], default: a}\noutputs:\n  model: {type: mlflow_model}\nenvironment: {image: python:3.11}\ncommand: python train.py \${{inputs.data}} \${{inputs.lr}} \${{inputs.kind}} \${{outputs.model}}\n`,
);
const score = parseComponentYaml(
  `name: score\nversion: 1\ntype: command\ninputs:\n  model: {type: uri_file}\n  folder: {type: custom_model, optional: true}\noutputs:\n  scores: {type: uri_file}\nenvironment: azureml:sklearn:1\ncommand: python score.py \${{inputs.model}} $[[--f \${{inputs.folder}}]] \${{outputs.scores}}\n`,
);

function threeSteps(): PipelineGraph {
  let g = emptyGraph();
  g = addNode(g, newComponentNode(g, prep, { x: 0, y: 0 }));
  g = addNode(g, newComponentNode(g, train, { x: 300, y: 0 }));
  g = addNode(g, newDataNode(g, { dataType: "uri_folder", path: "azureml:titanic:1" }, { x: -300, y: 0 }));
  return g;
}

describe("component YAML", () => {
  it("reads types, defaults, enum, min and max", () => {
    expect(prep.inputs.rows).toEqual({ type: "integer", default: 100, min: 1 });
    expect(train.inputs.kind).toEqual({ type: "string", enum: ["a", "b"], default: "a" });
    expect(prep.version).toBe("2");
    expect(train.environment).toEqual({ image: "python:3.11" });
  });
  it("refuses bad components with positions", () => {
    try {
      parseComponentYaml(
        `name: x\ntype: command\ninputs:\n  a: {type: table}\n  b: {type: integer, default: nope}\noutputs:\n  o: {type: string}\nenvironment: python\ncommand: run \${{inputs.zz}}\n`,
      );
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(YamlImportError);
      const msgs = (e as YamlImportError).problems.map((p) => `${p.pos?.line}: ${p.message}`);
      expect(msgs).toEqual([
        expect.stringMatching(/^8: environment "python" must be an azureml: reference/),
        expect.stringMatching(/^4: Input "a" has type "table"/),
        expect.stringMatching(/^5: Input "b": default "nope" is not an integer/),
        expect.stringMatching(/^7: Output "o" has type "string"/),
        expect.stringMatching(/^9: command uses \$\{\{inputs\.zz\}\}/),
      ]);
    }
  });
  it("an optional input used outside $[[ ]] is refused", () => {
    expect(() =>
      parseComponentYaml(
        `name: x\ninputs:\n  a: {type: string, optional: true}\nenvironment: azureml:e:1\ncommand: run \${{inputs.a}}\n`,
      ),
    ).toThrow(/wrap it/);
  });
});

describe("type compatibility", () => {
  it.each([
    ["uri_folder", "uri_folder", true],
    ["uri_folder", "mltable", true],
    ["mlflow_model", "uri_folder", true],
    ["uri_file", "uri_folder", true],
    ["uri_folder", "uri_file", false],
    ["mlflow_model", "custom_model", false],
    ["uri_folder", "string", false],
    ["string", "uri_folder", false],
    ["integer", "number", true],
    ["number", "integer", false],
    ["boolean", "string", true],
  ] as const)("%s → %s: %s", (from, to, ok) => {
    expect(compatibility(from, to).ok).toBe(ok);
  });
});

describe("graph model", () => {
  it("names nodes uniquely and connects only fitting types, saying why not", () => {
    let g = threeSteps();
    g = addNode(g, newComponentNode(g, prep, { x: 0, y: 200 }));
    expect(g.nodes.map((n) => n.id)).toEqual(["prep", "train", "data_titanic", "prep_2"]);
    g = addNode(g, newComponentNode(g, score, { x: 600, y: 0 }));
    const bad = canConnect(g, { source: "train", sourcePort: "model", target: "score", targetPort: "model" });
    expect(bad).toEqual({
      ok: false,
      reason: "train.model → score.model: A mlflow_model is a folder; the input takes a single file (uri_file).",
    });
    expect(() => connect(g, { source: "train", sourcePort: "model", target: "score", targetPort: "model" })).toThrow(
      GraphError,
    );
    g = connect(g, { source: "prep", sourcePort: "clean", target: "train", targetPort: "data" });
    expect(g.edges.map((e) => e.id)).toEqual(["prep.clean->train.data"]);
  });
  it("refuses an edge that closes a cycle and finds cycles in stored graphs", () => {
    let g = threeSteps();
    g = addNode(g, newComponentNode(g, prep, { x: 0, y: 200 }));
    g = connect(g, { source: "prep", sourcePort: "clean", target: "prep_2", targetPort: "raw" });
    expect(canConnect(g, { source: "prep_2", sourcePort: "clean", target: "prep", targetPort: "raw" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cycle/),
    });
    const looped: PipelineGraph = {
      ...g,
      edges: [...g.edges, { id: "x", source: "prep_2", sourcePort: "clean", target: "prep", targetPort: "raw" }],
    };
    expect(findCycles(looped)).toEqual([["prep", "prep_2"]]);
    expect(validateGraph(looped).some((p) => p.code === "cycle" && p.nodeId === "prep")).toBe(true);
  });
  it("an edge into an input replaces its literal; rename carries edges; remove drops them", () => {
    let g = threeSteps();
    g = updateNode<ComponentNode>(g, "train", (n) => ({
      ...n,
      inputs: { ...n.inputs, data: { kind: "literal", value: "x" } },
    }));
    g = connect(g, { source: "data_titanic", sourcePort: "data", target: "train", targetPort: "data" });
    expect((g.nodes[1] as ComponentNode).inputs.data).toBeUndefined();
    g = renameNode(g, "train", "fit");
    expect(g.edges[0]).toMatchObject({ target: "fit", id: "data_titanic.data->fit.data" });
    expect(() => renameNode(g, "fit", "prep")).toThrow(/already exists/);
    expect(() => renameNode(g, "fit", "2bad")).toThrow(/not a valid node name/);
    expect(removeNodes(g, ["fit"]).edges).toEqual([]);
  });
  it("paste gives new names and keeps inner edges only", () => {
    let g = threeSteps();
    g = connect(g, { source: "prep", sourcePort: "clean", target: "train", targetPort: "data" });
    g = connect(g, { source: "data_titanic", sourcePort: "data", target: "prep", targetPort: "raw" });
    const clip = { nodes: g.nodes.filter((n) => n.id !== "data_titanic"), edges: g.edges };
    const { graph, ids } = pasteNodes(g, clip, { x: 40, y: 40 });
    expect(ids).toEqual(["prep_2", "train_2"]);
    expect(graph.edges.map((e) => e.id)).toContain("prep_2.clean->train_2.data");
    expect(graph.edges).toHaveLength(3);
  });
});

describe("validation", () => {
  it("reports required inputs, literals, compute, then goes green", () => {
    let g = threeSteps();
    const codes = (gr: PipelineGraph) =>
      validateGraph(gr)
        .filter((p) => p.severity === "error")
        .map((p) => `${p.code}:${p.nodeId}${p.port ? "." + p.port : ""}`);
    expect(codes(g)).toEqual([
      "required-input:prep.raw",
      "missing-compute:prep",
      "required-input:train.data",
      "required-input:train.lr",
      "missing-compute:train",
    ]);
    g = connect(g, { source: "data_titanic", sourcePort: "data", target: "prep", targetPort: "raw" });
    g = connect(g, { source: "prep", sourcePort: "clean", target: "train", targetPort: "data" });
    g = updateNode<ComponentNode>(g, "train", (n) => ({
      ...n,
      inputs: { lr: { kind: "literal", value: "fast" }, kind: { kind: "literal", value: "c" } },
    }));
    g = { ...g, settings: { defaultCompute: "azureml:cpu-cluster" } };
    expect(codes(g)).toEqual(["bad-literal:train.lr", "bad-literal:train.kind"]);
    g = updateNode<ComponentNode>(g, "train", (n) => ({
      ...n,
      inputs: { lr: { kind: "literal", value: 0.1 }, kind: { kind: "literal", value: "b" } },
    }));
    expect(codes(g)).toEqual([]);
    expect(validateGraph(g, { computes: ["gpu-cluster"] }).map((p) => p.code)).toEqual([
      "unknown-compute",
      "unknown-compute",
    ]);
  });
});

describe("layout and ARM body", () => {
  // How fast is the bench's question (designer: 1,000 steps load and lay out); here, only that it is right.
  it("lays out 1,000 steps and 1,500 edges in layers without overlaps", async () => {
    const { generatePipeline } = await import("../../bench/designer-graph");
    const laid = layoutGraph(generatePipeline(1000, 1500));
    const pos = new Map(laid.nodes.map((n) => [n.id, n.position]));
    for (const e of laid.edges) expect(pos.get(e.target)!.x).toBeGreaterThan(pos.get(e.source)!.x);
    const byX = new Map<number, number[]>();
    for (const n of laid.nodes) byX.set(n.position.x, [...(byX.get(n.position.x) ?? []), n.position.y]);
    for (const ys of byX.values()) {
      ys.sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(100); // node height 100 here
    }
  });
  it("builds a PipelineJob body with component and compute ids and bindings", () => {
    let g = threeSteps();
    g = connect(g, { source: "data_titanic", sourcePort: "data", target: "prep", targetPort: "raw" });
    g = connect(g, { source: "prep", sourcePort: "clean", target: "train", targetPort: "data" });
    g = {
      ...g,
      inputs: { lr: { type: "number", value: 0.5 } },
      outputs: { model: { mode: "upload" } },
      settings: { defaultCompute: "azureml:cpu-cluster" },
    };
    g = updateNode<ComponentNode>(g, "train", (n) => ({
      ...n,
      inputs: { lr: { kind: "parent", input: "lr" } },
      outputs: { model: { parentOutput: "model" } },
    }));
    const body = toPipelineJobProperties(g, {
      componentId: (n) => `/c/${n.component.name}/versions/${n.component.version}`,
      computeId: (c) => `/computes/${c.replace("azureml:", "")}`,
    });
    expect(body.jobType).toBe("Pipeline");
    expect(body.settings).toEqual({ default_compute: "/computes/cpu-cluster" });
    expect(body.jobs.train).toMatchObject({
      componentId: "/c/train/versions/1",
      inputs: {
        lr: { job_input_type: "literal", value: "${{parent.inputs.lr}}" },
        data: { job_input_type: "literal", value: "${{parent.jobs.prep.outputs.clean}}" },
      },
    });
    expect(body.jobs.prep.inputs).toEqual({ raw: { job_input_type: "uri_folder", uri: "azureml:titanic:1" } });
    expect(body.inputs.lr).toEqual({ jobInputType: "literal", value: "0.5" });
    expect(body.outputs.model).toEqual({ jobOutputType: "uri_folder", mode: "Upload" });
  });
});

import { packGraph, unpackGraph, packedGraphSchema } from "@/lib/domain/pipeline";
describe("packed graphs", () => {
  it("carry each component once and unpack to the same graph", () => {
    let g = threeSteps();
    g = addNode(g, newComponentNode(g, prep, { x: 0, y: 300 }));
    const packed = packGraph(g);
    expect(Object.keys(packed.components)).toHaveLength(2);
    expect(packedGraphSchema.safeParse(packed).success).toBe(true);
    expect(unpackGraph(packed)).toEqual(g);
    const broken = { ...packed, components: {} };
    expect(packedGraphSchema.safeParse(broken).success).toBe(false);
  });
});

import { needsLayout } from "@/lib/domain/pipeline";
describe("needsLayout", () => {
  it("is true only for two or more nodes all at one spot", () => {
    const g = threeSteps();
    expect(needsLayout(g)).toBe(false);
    expect(needsLayout({ ...g, nodes: g.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) })).toBe(true);
    expect(needsLayout({ ...g, nodes: g.nodes.slice(0, 1) })).toBe(false);
  });
});

import { exportPipelineYaml, importPipelineYaml } from "@/lib/domain/pipeline";

describe("data assets as inputs (azureml:<name>:<version>)", () => {
  const table = parseComponentYaml(
    `name: profile\nversion: 1\ntype: command\ninputs:\n  table: {type: mltable}\noutputs:\n  report: {type: uri_file}\nenvironment: azureml:sklearn:1\ncommand: python profile.py \${{inputs.table}} \${{outputs.report}}\n`,
  );
  it("round-trips through YAML and reaches the ARM body with the asset's type", () => {
    let g = emptyGraph();
    g = addNode(g, newComponentNode(g, table, { x: 300, y: 0 }));
    g = addNode(
      g,
      newDataNode(g, { dataType: "mltable", path: "azureml:diabetes:3", label: "diabetes" }, { x: 0, y: 0 }),
    );
    g = connect(g, { source: "data_diabetes", sourcePort: "data", target: "profile", targetPort: "table" });
    const yaml = exportPipelineYaml(g);
    expect(yaml).toMatch(/type: mltable\n\s+path: azureml:diabetes:3/);
    const back = importPipelineYaml(yaml, (ref) => (ref === "azureml:profile:1" ? table : undefined));
    const data = back.nodes.find((n) => n.kind === "data");
    expect(data).toMatchObject({ kind: "data", dataType: "mltable", path: "azureml:diabetes:3" });
    expect(back.edges).toHaveLength(1);
    const body = toPipelineJobProperties(back, {
      componentId: (n) => `/c/${n.component.name}/versions/${n.component.version}`,
      computeId: (c) => c,
    });
    expect(body.jobs.profile.inputs).toEqual({ table: { job_input_type: "mltable", uri: "azureml:diabetes:3" } });
  });
});

describe("connecting from the keyboard: the ports that fit", () => {
  it("offers each output the inputs it may feed, and each input the outputs that fit, never a cycle", () => {
    let g = threeSteps();
    const [prepNode, trainNode, dataNode] = g.nodes.map((n) => n.id);
    expect(compatibleTargets(g, prepNode, "clean")).toEqual([{ node: trainNode, port: "data" }]);
    expect(compatibleTargets(g, dataNode, "data")).toEqual([
      { node: prepNode, port: "raw" },
      { node: trainNode, port: "data" },
    ]);
    expect(compatibleSources(g, trainNode, "data")).toEqual([
      { node: prepNode, port: "clean" },
      { node: dataNode, port: "data" },
    ]);
    // A literal input takes no edge; an MLflow model is a folder, so it may feed prep's folder input…
    expect(compatibleSources(g, trainNode, "lr")).toEqual([]);
    expect(compatibleTargets(g, trainNode, "model")).toEqual([{ node: prepNode, port: "raw" }]);
    g = connect(g, { source: prepNode, sourcePort: "clean", target: trainNode, targetPort: "data" });
    // …until train depends on prep: then it would close a loop, and it is not offered either way.
    expect(compatibleTargets(g, trainNode, "model")).toEqual([]);
    expect(compatibleSources(g, prepNode, "raw")).toEqual([{ node: dataNode, port: "data" }]);
  });
});
