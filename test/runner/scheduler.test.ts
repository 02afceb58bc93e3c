import { describe, expect, it } from "vitest";
import { runDag, type StepOutcome } from "@/local-workspace/runner/scheduler";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("runDag", () => {
  it("runs in dependency order and never more than maxParallel at once", async () => {
    const order: string[] = [];
    let live = 0;
    let peak = 0;
    const steps = [
      { id: "a", dependsOn: [] },
      { id: "b", dependsOn: [] },
      { id: "c", dependsOn: [] },
      { id: "d", dependsOn: ["a", "b"] },
      { id: "e", dependsOn: ["d", "c"] },
    ];
    const result = await runDag({
      steps,
      maxParallel: 2,
      signal: new AbortController().signal,
      onSkip: () => {},
      run: async (id) => {
        live++;
        peak = Math.max(peak, live);
        await sleep(20);
        order.push(id);
        live--;
        return "Completed";
      },
    });
    expect(peak).toBe(2);
    expect(order.indexOf("d")).toBeGreaterThan(Math.max(order.indexOf("a"), order.indexOf("b")));
    expect(order.at(-1)).toBe("e");
    expect([...result.values()].every((o) => o === "Completed")).toBe(true);
  });

  it("does not run what depends on a failed step, and says why", async () => {
    const ran: string[] = [];
    const skipped: Record<string, string> = {};
    const result = await runDag({
      steps: [
        { id: "prep", dependsOn: [] },
        { id: "train", dependsOn: ["prep"] },
        { id: "score", dependsOn: ["train"] },
        { id: "side", dependsOn: [] },
      ],
      maxParallel: 4,
      signal: new AbortController().signal,
      onSkip: (id, reason) => (skipped[id] = reason),
      run: async (id): Promise<StepOutcome> => {
        ran.push(id);
        return id === "prep" ? "Failed" : "Completed";
      },
    });
    expect(ran.sort()).toEqual(["prep", "side"]);
    expect(result.get("train")).toBe("Canceled");
    expect(skipped.train).toContain('"prep" failed');
    expect(skipped.score).toContain('"train" was canceled');
  });

  it("stops starting steps once canceled", async () => {
    const ctl = new AbortController();
    const ran: string[] = [];
    const result = await runDag({
      steps: [
        { id: "a", dependsOn: [] },
        { id: "b", dependsOn: ["a"] },
      ],
      maxParallel: 1,
      signal: ctl.signal,
      onSkip: () => {},
      run: async (id) => {
        ran.push(id);
        ctl.abort();
        return "Canceled";
      },
    });
    expect(ran).toEqual(["a"]);
    expect(result.get("b")).toBe("Canceled");
  });
});
