import { describe, expect, it } from "vitest";
import { safeNext } from "@/lib/client/auth/safe-next";

describe("safeNext", () => {
  it("keeps same-origin relative paths", () => {
    expect(safeNext("/workspaces/a?tab=computes#x")).toBe("/workspaces/a?tab=computes#x");
    expect(safeNext("/")).toBe("/");
  });
  it("refuses anything that could leave the studio", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "https://evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "evil",
      "/\n//evil",
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
  });
});
