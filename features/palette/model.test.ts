import { describe, expect, it } from "vitest";
import { bestMatches, matchScore, parsePaletteQuery } from "./model";

describe("palette queries", () => {
  it("reads a version from name:version, name@latest, name 3 and azureml: references", () => {
    expect(parsePaletteQuery("iris:3")).toEqual({ text: "iris", version: "3" });
    expect(parsePaletteQuery("azureml:Iris@latest")).toEqual({ text: "iris", version: "latest" });
    expect(parsePaletteQuery("iris v2")).toEqual({ text: "iris", version: "2" });
    expect(parsePaletteQuery("cpu-cluster")).toEqual({ text: "cpu-cluster", version: null });
    expect(parsePaletteQuery("  Train Job ")).toEqual({ text: "train job", version: null });
  });

  it("scores exact over prefix over word over anywhere over detail; no match is 0", () => {
    const s = (name: string, detail = "") => matchScore("iris", name, detail);
    expect(s("iris")).toBeGreaterThan(s("iris-data"));
    expect(s("iris-data")).toBeGreaterThan(s("old-iris"));
    expect(s("old-iris")).toBeGreaterThan(s("oldiris"));
    expect(s("oldiris")).toBeGreaterThan(s("flowers", "the iris set"));
    expect(s("flowers")).toBe(0);
  });

  it("keeps the best few of many, best first", () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `model-${i}`);
    names.push("model-77-best");
    const top = bestMatches(
      names,
      "model-77",
      (n) => n,
      () => "",
      5,
    );
    expect(top[0]).toBe("model-77");
    expect(top).toHaveLength(5);
    expect(top.every((n) => n.includes("model-77"))).toBe(true);
  });
});
