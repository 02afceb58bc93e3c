import { describe, expect, it } from "vitest";
import { graphTabSeed, isStudioJobType, jobTypeChoices, type JobAnswerData } from "./model";

describe("job kinds", () => {
  it("the studio writes pipeline, command and sweep jobs; other kinds are read-only", () => {
    expect(["Pipeline", "Command", "Sweep"].every(isStudioJobType)).toBe(true);
    expect(["AutoML", "Spark", "Labeling"].some(isStudioJobType)).toBe(false);
  });

  it("the type filter offers the studio's kinds, then each other kind the list holds, once", () => {
    expect(jobTypeChoices([])).toEqual(["Pipeline", "Command", "Sweep"]);
    const jobs = [{ jobType: "Spark" }, { jobType: "Command" }, { jobType: "AutoML" }, { jobType: "Spark" }];
    expect(jobTypeChoices(jobs)).toEqual(["Pipeline", "Command", "Sweep", "AutoML", "Spark"]);
  });
});

describe("a pipeline's Graph tab seed", () => {
  const step = (i: number) => ({
    step: `s${i}`,
    jobName: `p-s${i}`,
    displayName: null,
    status: "Running",
    history: [{ status: "Queued", at: "2026-12-06T10:00:00Z" }],
    error: null,
    computeName: "cpu-cluster",
    dependsOn: [`s${i - 1}`],
    startedAt: "2026-12-06T10:00:01Z",
    endedAt: null,
    exitCode: null,
    logPath: `logs/p-s${i}.txt`,
    outputs: { out: `azureml://datastores/workspaceblobstore/paths/p/s${i}/` },
  });
  const answer: JobAnswerData = {
    job: {
      id: "/jobs/p",
      name: "p",
      displayName: null,
      jobType: "Pipeline",
      status: "Running",
      experimentName: "e",
      computeName: null,
      createdAt: null,
      createdBy: null,
      startedAt: null,
      endedAt: null,
      description: null,
      tags: {},
      error: null,
      properties: { jobType: "Pipeline", inputs: { lr: 0.1 }, jobs: { s1: { componentId: "c" }, s2: {} } },
    },
    timeline: {
      name: "p",
      jobType: "Pipeline",
      status: "Running",
      history: [{ status: "Running", at: "2026-12-06T10:00:00Z" }],
      error: null,
      startedAt: "2026-12-06T10:00:00Z",
      endedAt: null,
      logPath: null,
      steps: [step(1), step(2)],
    },
  };

  it("keeps what the graph paints first and leaves out the step definitions and each step's history", () => {
    const seed = graphTabSeed(answer);
    expect(seed.job.properties).toEqual({ jobType: "Pipeline", inputs: { lr: 0.1 } });
    expect(seed.timeline!.history).toEqual(answer.timeline!.history);
    expect(seed.timeline!.steps).toEqual(
      answer.timeline!.steps.map((st) => ({ ...st, history: [], logPath: null, dependsOn: [] })),
    );
    // The answer it came from is unchanged (it is the cached object other readers share).
    expect(answer.job.properties.jobs).toBeDefined();
    expect(answer.timeline!.steps[0].history).toHaveLength(1);
  });

  it("takes a job with no timeline (Azure mode)", () => {
    expect(graphTabSeed({ ...answer, timeline: null }).timeline).toBeNull();
  });
});
