import { describe, expect, it } from "vitest";
import { assetsSection, combinedCache, computesSection, jobsSection, RECENT_ITEMS } from "./model";

const BASE = "/w/s/rg/ws";
const job = (name: string, status: string, createdAt: string) => ({
  name,
  displayName: null,
  jobType: "Command",
  status,
  createdAt,
});

describe("the workspace overview's sections", () => {
  it("jobs: counts the ones not ended and lists them newest first", () => {
    const sec = jobsSection(BASE, [
      job("a", "Completed", "2026-01-01T00:00:00Z"),
      job("b", "Running", "2026-01-02T00:00:00Z"),
      job("c", "Queued", "2026-01-03T00:00:00Z"),
      job("d", "Failed", "2026-01-04T00:00:00Z"),
    ]);
    if (!sec.available) throw new Error("available");
    expect(sec.total).toBe(4);
    expect(sec.counts.active).toBe(2);
    expect(sec.recent.map((r) => r.name)).toEqual(["c", "b"]);
    expect(sec.recent[0]).toMatchObject({ href: `${BASE}/jobs/c`, detail: "Command · Queued" });
  });

  it("jobs: with none running, the latest of any status", () => {
    const sec = jobsSection(BASE, [
      job("a", "Completed", "2026-01-01T00:00:00Z"),
      job("b", "Canceled", "2026-01-02T00:00:00Z"),
    ]);
    if (!sec.available) throw new Error("available");
    expect(sec.counts.active).toBe(0);
    expect(sec.recent.map((r) => r.name)).toEqual(["b", "a"]);
  });

  it("computes: a count per state and at most RECENT_ITEMS of the newest, linking to the compute's panel", () => {
    const computes = Array.from({ length: 7 }, (_, i) => ({
      name: `c${i}`,
      computeType: "AmlCompute",
      state: i % 2 ? "Steady" : "Running",
      createdOn: `2026-01-0${i + 1}T00:00:00Z`,
    }));
    const sec = computesSection(BASE, computes);
    if (!sec.available) throw new Error("available");
    expect(sec.counts.byState).toEqual({ Running: 4, Steady: 3 });
    expect(sec.recent).toHaveLength(RECENT_ITEMS);
    expect(sec.recent[0]).toMatchObject({ name: "c6", href: `${BASE}/compute?name=c6` });
  });

  it("models and data: the latest changed first, with their latest version", () => {
    const sec = assetsSection(BASE, "data", [
      { name: "old", latestVersion: "1", modifiedAt: null, createdAt: "2026-01-01T00:00:00Z" },
      { name: "new name", latestVersion: "3", modifiedAt: "2026-02-01T00:00:00Z", createdAt: "2025-01-01T00:00:00Z" },
    ]);
    if (!sec.available) throw new Error("available");
    expect(sec.recent.map((r) => [r.name, r.detail, r.href])).toEqual([
      ["new name", "version 3", `${BASE}/data/new%20name`],
      ["old", "version 1", `${BASE}/data/old`],
    ]);
  });

  it("one cache status: the oldest age, stale when any part is stale or missing", () => {
    expect(
      combinedCache(
        [
          { source: "cache", ageMs: 10 },
          { source: "upstream", ageMs: 0 },
        ],
        [],
      ),
    ).toEqual({
      source: "upstream",
      ageMs: 10,
    });
    expect(
      combinedCache(
        [
          { source: "cache", ageMs: 10 },
          { source: "cache", ageMs: 40 },
        ],
        [],
      ),
    ).toEqual({
      source: "cache",
      ageMs: 40,
    });
    expect(combinedCache([{ source: "cache", ageMs: 10 }, null], ["jobs down"])).toMatchObject({
      source: "stale",
      upstreamError: "jobs down",
    });
  });
});
