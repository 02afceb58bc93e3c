/**
 * A workspace's overview (GET …/overview) against the local workspace service: computes counted by state as the
 * compute list says, the latest models and data assets, running jobs; each item links into its section.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const OVERVIEW = "ws/[sub]/[rg]/[ws]/overview";

let s: Studio;
beforeAll(async () => {
  s = await startStudio({ timeScale: 0.05 });
});
afterAll(async () => {
  await s?.close();
});

describe("workspace overview", () => {
  it("sums up computes, models, data and jobs the way their own lists do", async () => {
    const res = await s.call("GET", OVERVIEW, ws, { as: "reader" });
    expect(res.status, res.text).toBe(200);
    const o = res.body.data;
    const computes = (await s.call("GET", "ws/[sub]/[rg]/[ws]/computes", ws, { as: "reader" })).body.data as {
      name: string;
      state: string;
    }[];
    const byState: Record<string, number> = {};
    for (const c of computes) byState[c.state] = (byState[c.state] ?? 0) + 1;
    expect(o.computes).toMatchObject({ available: true, total: computes.length, counts: { byState } });
    expect(o.computes.recent.length).toBeGreaterThan(0);
    expect(o.computes.recent[0].href).toMatch(new RegExp(`^/w/${SUB}/${RG}/${WS}/compute\\?name=`));

    const models = (await s.call("GET", "ws/[sub]/[rg]/[ws]/models", ws, { as: "reader" })).body.data as unknown[];
    expect(o.models).toMatchObject({ available: true, total: models.length });
    expect(o.models.total).toBeGreaterThan(0);
    expect(o.models.recent[0].href).toMatch(new RegExp(`/models/`));
    expect(o.data.available).toBe(true);
    expect(o.data.total).toBeGreaterThan(0);
    expect(o.jobs).toMatchObject({ available: true, href: `/w/${SUB}/${RG}/${WS}/jobs` });
    expect(res.headers.get("x-cache-source")).toMatch(/^(cache|upstream)$/);
  });

  it("names models and data assets from their lists alone, with no read per asset (as does the palette)", async () => {
    // As scientist: the first test's reader has these lists cached; a caller of their own reads them afresh.
    s.proxy!.reset();
    const res = await s.call("GET", OVERVIEW, ws, { as: "scientist" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.models.total).toBeGreaterThan(0);
    const search = await s.call("GET", "ws/[sub]/[rg]/[ws]/search", ws, { as: "scientist", query: { q: "zz" } });
    expect(search.status, search.text).toBe(200);
    const paths = s.proxy!.state.requests.map((r) => r.path.replace(/\?.*/, ""));
    expect(
      paths.some((p) => /\/models$/.test(p)),
      paths.join("\n"),
    ).toBe(true);
    const perAsset = paths.filter((p) => /\/(models|data|components)\/[^/]+\/versions/.test(p));
    expect(perAsset, "version reads per asset").toEqual([]);
  });

  it("a workspace the caller cannot see is its 404, not an empty overview", async () => {
    const res = await s.call("GET", OVERVIEW, { ...ws, ws: "no-such-workspace" }, { as: "reader" });
    expect(res.status).toBe(404);
  });
});
