import { describe, expect, it } from "vitest";
import {
  bindSearchSpace,
  drawValue,
  earlyTerminationReason,
  gridPoints,
  readSearchSpace,
  sampleTrials,
  seededRandom,
} from "@/lib/domain/jobs/sweep-run";

describe("sampling", () => {
  it("grid: every combination of the choices, and refuses anything but choice", () => {
    const { space } = readSearchSpace({ a: ["choice", [[1, 2]]], b: ["choice", [["x", "y", "z"]]] });
    expect(gridPoints(space)).toHaveLength(6);
    expect(gridPoints(space)[0]).toEqual({ a: 1, b: "x" });
    const { space: mixed } = readSearchSpace({ a: ["uniform", [0, 1]] });
    expect(() => gridPoints(mixed)).toThrow(/choice only; 'a' is uniform/);
  });

  it("random: the same seed gives the same trials; a small discrete space runs out instead of repeating", () => {
    const { space } = readSearchSpace({ lr: ["uniform", [0.01, 0.1]], k: ["choice", [["a", "b"]]] });
    expect(sampleTrials(space, "Random", 5, 42)).toEqual(sampleTrials(space, "Random", 5, 42));
    expect(sampleTrials(space, "Random", 5, 42)).not.toEqual(sampleTrials(space, "Random", 5, 43));
    const { space: tiny } = readSearchSpace({ k: ["choice", [["a", "b"]]] });
    expect(sampleTrials(tiny, "Random", 10, 1)).toHaveLength(2);
  });

  it("every distribution draws within its range, quantized where asked", () => {
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) {
      const u = drawValue({ type: "uniform", min: 2, max: 3 }, random) as number;
      expect(u >= 2 && u <= 3).toBe(true);
      const lu = drawValue({ type: "loguniform", min: -3, max: 0 }, random) as number;
      expect(lu >= Math.exp(-3) && lu <= 1).toBe(true);
      const q = drawValue({ type: "quniform", min: 0, max: 10, q: 2 }, random) as number;
      expect(q % 2).toBe(0);
      const r = drawValue({ type: "randint", upper: 5 }, random) as number;
      expect(Number.isInteger(r) && r >= 0 && r < 5).toBe(true);
      expect(drawValue({ type: "lognormal", mu: 0, sigma: 1 }, random) as number).toBeGreaterThan(0);
    }
    const normals = Array.from(
      { length: 4000 },
      () => drawValue({ type: "normal", mu: 10, sigma: 2 }, random) as number,
    );
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    expect(mean).toBeGreaterThan(9.8);
    expect(mean).toBeLessThan(10.2);
  });

  it("reads every problem of a search space", () => {
    const { problems } = readSearchSpace({
      a: ["uniform", [1, 0]],
      b: ["nonsense", [1]],
      c: ["choice", [[]]],
      d: ["normal", [0, -1]],
    });
    expect(problems).toHaveLength(4);
  });
});

describe("binding values into the trial's command", () => {
  it("puts plain values in as they are and quotes anything the shell would read", () => {
    expect(bindSearchSpace("train --lr ${{search_space.lr}} --k ${{ search_space.k }}", { lr: 0.01, k: "rbf" })).toBe(
      "train --lr 0.01 --k rbf",
    );
    expect(bindSearchSpace("x ${{search_space.s}}", { s: "a b; rm -rf /" })).toBe("x 'a b; rm -rf /'");
    expect(bindSearchSpace("x ${{search_space.s}}", { s: "it's" })).toBe("x 'it'\\''s'");
    expect(bindSearchSpace("${{search_space.other}}", {})).toBe("${{search_space.other}}");
  });
});

describe("early termination", () => {
  it("Bandit: outside the slack factor or amount of the best trial at the same report", () => {
    const bandit = { type: "bandit" as const, slackFactor: 0.1, evaluationInterval: 1, delayEvaluation: 0 };
    expect(earlyTerminationReason(bandit, "Maximize", [0.8], [[1.0]])).toMatch(/Bandit/); // 0.8 < 1/1.1
    expect(earlyTerminationReason(bandit, "Maximize", [0.95], [[1.0]])).toBeNull();
    expect(earlyTerminationReason(bandit, "Minimize", [1.2], [[1.0]])).toMatch(/Bandit/); // 1.2 > 1.1
    const amount = { type: "bandit" as const, slackAmount: 0.2 };
    expect(earlyTerminationReason(amount, "Maximize", [0.85], [[1.0]])).toBeNull();
    expect(earlyTerminationReason(amount, "Maximize", [0.75], [[1.0]])).toMatch(/Bandit/);
  });

  it("evaluates only at its interval after its delay, and only against trials that got that far", () => {
    const p = { type: "bandit" as const, slackFactor: 0.1, evaluationInterval: 2, delayEvaluation: 1 };
    expect(earlyTerminationReason(p, "Maximize", [0.1], [[1, 1, 1]])).toBeNull(); // k=1: delayed
    expect(earlyTerminationReason(p, "Maximize", [0.1, 0.1], [[1, 1, 1]])).toBeNull(); // k=2: not on the interval
    expect(earlyTerminationReason(p, "Maximize", [0.1, 0.1, 0.1], [[1, 1, 1]])).toMatch(/report 3/);
    expect(earlyTerminationReason(p, "Maximize", [0.1, 0.1, 0.1], [[1]])).toBeNull();
  });

  it("median stopping: the trial's best is worse than the median of the others' running averages", () => {
    const p = { type: "median_stopping" as const };
    expect(
      earlyTerminationReason(
        p,
        "Maximize",
        [0.2, 0.3],
        [
          [0.5, 0.6],
          [0.7, 0.8],
          [0.1, 0.1],
        ],
      ),
    ).toMatch(/Median/);
    expect(
      earlyTerminationReason(
        p,
        "Maximize",
        [0.2, 0.9],
        [
          [0.5, 0.6],
          [0.7, 0.8],
          [0.1, 0.1],
        ],
      ),
    ).toBeNull();
  });

  it("truncation selection: the lowest percentage at this report", () => {
    const p = { type: "truncation_selection" as const, truncationPercentage: 25 };
    const others = [[0.9], [0.8], [0.7]];
    expect(earlyTerminationReason(p, "Maximize", [0.1], others)).toMatch(/lowest 25%/);
    expect(earlyTerminationReason(p, "Maximize", [0.85], others)).toBeNull();
    expect(earlyTerminationReason(p, "Minimize", [0.95], others)).toMatch(/lowest/);
  });
});
