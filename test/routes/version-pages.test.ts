/**
 * Paged version histories (issue 14) through the studio's routes: route → cache → SDK → the local workspace service,
 * which answers 100 versions per page. The kernel (lib/server/assets) is shared, so models stand for every kind;
 * environments and data are checked to answer the same shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";
import { bulkCreateModelVersions } from "../../local-workspace/seed-models";
import { workspaceId } from "../../local-workspace/arm";

const ws = { sub: SUB, rg: RG, ws: WS };
const VERSIONS = "ws/[sub]/[rg]/[ws]/models/[name]/versions";
const VERSION = "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version]";
type Page = { versions: { version: string }[]; next: string | null };

let s: Studio;
beforeAll(async () => {
  s = await startStudio({ storage: false });
  const wsId = workspaceId(SUB, RG, WS);
  bulkCreateModelVersions(s.svc.ctx, wsId, "paged-250", 250);
  bulkCreateModelVersions(s.svc.ctx, wsId, "paged-10k", 10_000);
}, 120_000);
afterAll(async () => {
  await s?.close();
});

async function page(name: string, cursor?: string): Promise<Page> {
  const res = await s.call("GET", VERSIONS, { ...ws, name }, { as: "reader", query: cursor ? { cursor } : {} });
  expect(res.status, res.text).toBe(200);
  return res.body.data as Page;
}

const labels = (p: Page) => p.versions.map((v) => v.version);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => String(from - i)); // from down to `to`

describe("paged version histories", () => {
  it("answers the newest page first with a cursor, continues with it, and ends with next: null", async () => {
    const first = await page("paged-250");
    expect(labels(first)).toEqual(range(250, 151));
    expect(first.next).toEqual(expect.any(String));
    const second = await page("paged-250", first.next!);
    expect(labels(second)).toEqual(range(150, 51));
    const last = await page("paged-250", second.next!);
    expect(labels(last)).toEqual(range(50, 1));
    expect(last.next).toBeNull();
  });

  it("holds at 10,000 versions: the first page is one upstream page of the newest, and the next follows it", async () => {
    const first = await page("paged-10k");
    expect(labels(first)).toEqual(range(10_000, 9_901));
    const second = await page("paged-10k", first.next!);
    expect(labels(second)).toEqual(range(9_900, 9_801));
    expect(second.next).toEqual(expect.any(String));
  });

  it("refuses a cursor it did not hand out with a 400 naming the cursor", async () => {
    for (const cursor of ["not-a-cursor", Buffer.from(JSON.stringify({ skip: 5 })).toString("base64url"), "e30"]) {
      const res = await s.call("GET", VERSIONS, { ...ws, name: "paged-250" }, { as: "reader", query: { cursor } });
      expect(res.status, cursor).toBe(400);
      expect(res.body.error.field).toBe("cursor");
      expect(res.body.error.message).toMatch(/cursor/);
    }
  });

  it("reads one version on its own (a link to a version beyond the first page), 404 naming a missing one", async () => {
    const res = await s.call("GET", VERSION, { ...ws, name: "paged-10k", version: "3" }, { as: "reader" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ version: "3", description: "Nightly retrain #3" });
    const missing = await s.call("GET", VERSION, { ...ws, name: "paged-10k", version: "10001" }, { as: "reader" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/10001/);
  });

  it("answers 404 naming the asset for a history of no such model", async () => {
    const res = await s.call("GET", VERSIONS, { ...ws, name: "no-such-model" }, { as: "reader" });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/no-such-model/);
  });

  it("environments and data answer the same page shape", async () => {
    const env = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/environments/[name]/versions",
      { ...ws, name: "fraud-training-env" },
      { as: "reader" },
    );
    expect(env.status, env.text).toBe(200);
    expect(env.body.data).toMatchObject({ versions: expect.any(Array), next: null });
    const data = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/data/[name]/versions",
      { ...ws, name: "titanic" },
      { as: "reader" },
    );
    expect(data.status, data.text).toBe(200);
    expect(data.body.data.versions.length).toBeGreaterThan(0);
  });
});
