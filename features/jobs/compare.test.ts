import { describe, expect, it } from "vitest";
import { compareJobParameters, comparedJobNames, jobParameters, visibleRows, type ComparableJob } from "./compare";

const job = (name: string, properties: Record<string, any>, over: Partial<ComparableJob> = {}): ComparableJob => ({
  name,
  displayName: null,
  jobType: properties.jobType,
  status: "Completed",
  experimentName: "exp",
  computeName: "cpu-cluster",
  createdAt: null,
  createdBy: null,
  startedAt: "2026-12-03T10:00:00Z",
  endedAt: "2026-12-03T10:01:00Z",
  description: null,
  tags: {},
  error: null,
  properties,
  ...over,
});

describe("comparing jobs", () => {
  const a = job("a", {
    jobType: "Command",
    command: "python train.py --lr ${{inputs.lr}}",
    environmentId: "/subscriptions/s/resourceGroups/r/providers/M/workspaces/w/environments/sk/versions/2",
    inputs: {
      lr: { jobInputType: "literal", value: "0.1" },
      data: { jobInputType: "uri_folder", uri: "azureml:iris:1" },
    },
  });
  const b = job(
    "b",
    {
      jobType: "Command",
      command: "python train.py --lr ${{inputs.lr}}",
      environmentId: "/subscriptions/s/resourceGroups/r/providers/M/workspaces/w/environments/sk/versions/2",
      inputs: { lr: { jobInputType: "literal", value: "0.01" } },
    },
    { status: "Failed", tags: { run: "2" } },
  );
  const p = job("p", {
    jobType: "Pipeline",
    jobs: {
      train: {
        componentId: "/x/components/train/versions/3",
        inputs: { lr: { job_input_type: "literal", value: "1" } },
      },
    },
  });

  it("flattens what a job ran with: inputs by value or uri, environment by name:version, steps of pipelines", () => {
    expect(jobParameters(a)).toMatchObject({
      type: "Command",
      environment: "sk:2",
      "inputs.lr": "0.1",
      "inputs.data": "azureml:iris:1",
      duration: "1m 0s",
    });
    expect(jobParameters(p)).toMatchObject({ "steps.train": "train:3", "steps.train.inputs.lr": "1" });
  });

  it("rows for every parameter any job has; only the differing ones on request", () => {
    const rows = compareJobParameters([a, b, p].map(jobParameters));
    expect(rows[0].key).toBe("type");
    const lr = rows.find((r) => r.key === "inputs.lr")!;
    expect(lr).toEqual({ key: "inputs.lr", values: ["0.1", "0.01", undefined], status: "changed" });
    const diffs = visibleRows(compareJobParameters([a, a].map(jobParameters)), true);
    expect(diffs).toEqual([]);
    const ab = visibleRows(compareJobParameters([a, b].map(jobParameters)), true).map((r) => r.key);
    expect(ab).toEqual(expect.arrayContaining(["status", "inputs.lr", "inputs.data", "tags.run"]));
    expect(ab).not.toContain("command");
  });

  it("a comparison link names 2 to 10 distinct jobs", () => {
    expect(comparedJobNames("a,b,,a, c")).toEqual(["a", "b", "c"]);
    expect(comparedJobNames(Array.from({ length: 14 }, (_, i) => `j${i}`).join(","))).toHaveLength(10);
    expect(comparedJobNames(null)).toEqual([]);
  });
});
