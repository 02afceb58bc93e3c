import { describe, expect, it } from "vitest";
import { bestTrial } from "./SweepTrials";

const trial = (jobName: string, primaryMetric: number | null) =>
  ({ jobName, primaryMetric, step: jobName, status: "Completed" }) as never;

describe("the best trial", () => {
  const trials = [trial("a", 0.4), trial("b", 0.9), trial("c", null), trial("d", 0.1)];
  it("is the highest when maximizing and the lowest when minimizing, unreported trials never", () => {
    expect(bestTrial(trials, "Maximize")?.jobName).toBe("b");
    expect(bestTrial(trials, "Minimize")?.jobName).toBe("d");
    expect(bestTrial([trial("c", null)], "Maximize")).toBeUndefined();
  });
  it("is the one the service names when it names one", () => {
    expect(bestTrial(trials, "Maximize", "a")?.jobName).toBe("a");
  });
});
