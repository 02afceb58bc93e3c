import { describe, expect, it } from "vitest";
import { isStudioJobType, jobTypeChoices } from "./model";

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
