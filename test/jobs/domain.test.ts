/** lib/domain/jobs: reading a PipelineJob's bindings, and turning it back into the designer's graph. */
import { describe, expect, it } from "vitest";
import { findCycles, isLocalPath, planPipeline, stepJobName } from "@/lib/domain/jobs/plan";
import { pipelineJobGraph } from "@/features/jobs/job-graph";
import { durationMs, formatDuration, jobSummary, datastoreLink } from "@/features/jobs/model";
import { componentFromSpec, toPipelineJobProperties, type PipelineGraph } from "@/lib/domain/pipeline";

const spec = (name: string, inputs: string[], outputs: string[]) =>
  componentFromSpec({
    name,
    version: "1",
    type: "command",
    command: "echo",
    environment: { image: "python" },
    inputs: Object.fromEntries(inputs.map((i) => [i, { type: "uri_folder" }])),
    outputs: Object.fromEntries(outputs.map((o) => [o, { type: "uri_folder" }])),
  });

describe("planPipeline", () => {
  it("resolves literal, parent, data and step bindings and the dependencies", () => {
    const { steps, problems } = planPipeline({
      inputs: {
        lr: { jobInputType: "literal", value: "0.1" },
        data: { jobInputType: "uri_folder", uri: "azureml://datastores/d/paths/p" },
      },
      jobs: {
        a: {
          componentId: "c",
          inputs: {
            x: { job_input_type: "literal", value: "${{parent.inputs.lr}}" },
            d: { job_input_type: "literal", value: "${{parent.inputs.data}}" },
          },
        },
        b: {
          componentId: "c",
          inputs: {
            y: { job_input_type: "literal", value: "${{parent.jobs.a.outputs.o}}" },
            z: { jobInputType: "literal", value: "; rm -rf /" },
          },
          outputs: { o: { value: "${{parent.outputs.final}}" } },
        },
      },
    });
    expect(problems).toEqual([]);
    expect(steps[0].inputs).toEqual({
      x: { kind: "literal", value: "0.1" },
      d: { kind: "data", type: "uri_folder", uri: "azureml://datastores/d/paths/p" },
    });
    expect(steps[1]).toMatchObject({
      dependsOn: ["a"],
      inputs: { y: { kind: "step", step: "a", output: "o" }, z: { kind: "literal", value: "; rm -rf /" } },
      outputs: { o: { parentOutput: "final" } },
    });
  });

  it("reports every unknown reference and each cycle", () => {
    const { problems } = planPipeline({
      jobs: {
        a: { inputs: { x: { value: "${{parent.jobs.b.outputs.o}}" }, q: { value: "${{parent.inputs.nope}}" } } },
        b: { inputs: { x: { value: "${{parent.jobs.a.outputs.o}}" } } },
        c: { inputs: { x: { value: "${{parent.jobs.ghost.outputs.o}}" } } },
      },
    });
    expect(problems.map((p) => p.message)).toEqual([
      "Step 'a' input 'q' uses pipeline input 'nope', which properties.inputs does not declare.",
      "Step 'c' input 'x' uses ${{parent.jobs.ghost.outputs.o}}, but the pipeline has no step 'ghost'.",
      "Steps 'a' → 'b' → 'a' depend on each other in a cycle.",
    ]);
  });

  it("finds cycles in long chains without recursion trouble and tells local paths from workspace URIs", () => {
    const chain = Array.from({ length: 2000 }, (_, i) => ({ name: `s${i}`, dependsOn: i ? [`s${i - 1}`] : [`s1999`] }));
    expect(findCycles(chain)).toHaveLength(1);
    expect([
      isLocalPath("./data"),
      isLocalPath("data/x.csv"),
      isLocalPath("azureml://datastores/a/paths/b"),
      isLocalPath("azureml:titanic:1"),
      isLocalPath("https://x/y"),
    ]).toEqual([true, true, false, false, false]);
    expect(stepJobName("p", "train")).toBe("p-train");
  });
});

describe("pipelineJobGraph", () => {
  it("is the inverse of the designer's ARM body for the 3b pipeline", () => {
    const a = spec("component_a", ["component_a_input"], ["component_a_output"]);
    const b = spec("component_b", ["component_b_input"], ["component_b_output"]);
    const graph: PipelineGraph = {
      displayName: "3b",
      settings: { defaultCompute: "azureml:cpu-cluster" },
      inputs: {},
      outputs: { final: { type: "uri_folder" } },
      nodes: [
        {
          kind: "data",
          id: "data",
          dataType: "uri_folder",
          path: "azureml://datastores/workspaceblobstore/paths/e2e/data",
          position: { x: 0, y: 0 },
        },
        {
          kind: "component",
          id: "component_a",
          componentRef: "azureml:component_a:1",
          component: a,
          inputs: {},
          outputs: {},
          position: { x: 0, y: 0 },
        },
        {
          kind: "component",
          id: "component_b",
          componentRef: "azureml:component_b:1",
          component: b,
          inputs: {},
          outputs: { component_b_output: { parentOutput: "final" } },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [
        { id: "e1", source: "data", sourcePort: "data", target: "component_a", targetPort: "component_a_input" },
        {
          id: "e2",
          source: "component_a",
          sourcePort: "component_a_output",
          target: "component_b",
          targetPort: "component_b_input",
        },
      ],
    };
    const ws = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w";
    const props = toPipelineJobProperties(graph, {
      componentId: (n) => `${ws}/components/${n.component.name}/versions/1`,
      computeId: (r) => `${ws}/computes/${r.replace("azureml:", "")}`,
    });
    const back = pipelineJobGraph(props, (id) =>
      id.includes("component_a") ? a : id.includes("component_b") ? b : null,
    );
    expect(back.settings.defaultCompute).toBe("azureml:cpu-cluster");
    expect(
      back.nodes.filter((n) => n.kind === "component").map((n) => [n.id, n.kind === "component" && n.componentRef]),
    ).toEqual([
      ["component_a", "azureml:component_a:1"],
      ["component_b", "azureml:component_b:1"],
    ]);
    const dataNode = back.nodes.find((n) => n.kind === "data");
    expect(dataNode).toMatchObject({
      dataType: "uri_folder",
      path: "azureml://datastores/workspaceblobstore/paths/e2e/data",
    });
    expect(back.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort()).toEqual(
      [
        "component_a.component_a_output->component_b.component_b_input",
        `${dataNode!.id}.data->component_a.component_a_input`,
      ].sort(),
    );
    const nodeB = back.nodes.find((n) => n.id === "component_b");
    expect(nodeB?.kind === "component" && nodeB.outputs.component_b_output).toEqual({ parentOutput: "final" });
    // Laid out: the consumer sits to the right of what feeds it.
    expect(back.nodes.find((n) => n.id === "component_b")!.position.x).toBeGreaterThan(
      back.nodes.find((n) => n.id === "component_a")!.position.x,
    );
  });
});

describe("job view", () => {
  it("summarises an ARM job and formats durations", () => {
    const s = jobSummary({
      name: "j",
      properties: {
        jobType: "Pipeline",
        status: "Running",
        settings: { default_compute: "/x/computes/cpu-cluster" },
        properties: { StartTimeUtc: "2026-01-01T00:00:00.000Z" },
      },
      systemData: { createdBy: "ada" },
    });
    expect(s).toMatchObject({
      name: "j",
      computeName: "cpu-cluster",
      startedAt: "2026-01-01T00:00:00.000Z",
      endedAt: null,
      createdBy: "ada",
    });
    expect(durationMs(s.startedAt, null, Date.parse("2026-01-01T00:01:05.000Z"))).toBe(65_000);
    expect([formatDuration(null), formatDuration(950), formatDuration(65_000), formatDuration(3_900_000)]).toEqual([
      "—",
      "950 ms",
      "1m 5s",
      "1h 5m",
    ]);
    expect(datastoreLink("azureml://datastores/workspaceblobstore/paths/azureml/j/out/")).toEqual({
      datastore: "workspaceblobstore",
      path: "azureml/j/out",
    });
  });
});
