/**
 * The command palette's search route over the local workspace service: every kind found by a part of its name,
 * versions named as `name:version` / `name@latest` checked against the asset's versions, bad queries refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceId } from "../../local-workspace/arm";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const wsId = workspaceId(SUB, RG, WS);

let s: Studio;
const MODEL = "palette-quokka-model";
const JOB = "palette-wombat-job";

type Item = { kind: string; name: string; detail: string; href: string };
const search = async (q: string, as: "reader" | "scientist" | "admin" = "reader") => {
  const r = await s.call("GET", "ws/[sub]/[rg]/[ws]/search", s.wsParams, { as, query: { q } });
  return { status: r.status, items: (r.body?.data?.items ?? []) as Item[], body: r.body };
};

beforeAll(async () => {
  s = await startStudio({ proxy: false, storage: false });
  const sdk = s.sdk();
  for (const v of ["1", "2", "3"])
    await sdk.modelVersions.createOrUpdate(RG, WS, MODEL, v, {
      properties: {
        modelType: "custom_model",
        modelUri: `azureml://datastores/workspaceblobstore/paths/m/${v}/`,
      } as never,
    });
  await sdk.jobs.createOrUpdate(RG, WS, JOB, {
    properties: {
      jobType: "Command",
      command: "echo hello",
      environmentId: "azureml:palette:1",
      computeId: `${wsId}/computes/cpu-cluster`,
    },
  } as never);
}, 60_000);

afterAll(async () => {
  await s?.close();
});

describe("palette search", () => {
  it("finds a compute by a part of its name and links to it", async () => {
    const r = await search("cpu-clu");
    expect(r.status).toBe(200);
    const hit = r.items.find((i) => i.kind === "compute" && i.name === "cpu-cluster");
    expect(hit?.href).toMatch(/\/compute\?name=cpu-cluster$/);
    expect(hit?.detail).toMatch(/AmlCompute/);
  });

  it("finds a model by a part of its name, best match first", async () => {
    const r = await search("quokka");
    expect(r.items[0], JSON.stringify(r.items.slice(0, 3))).toMatchObject({ kind: "model", name: MODEL });
    expect(r.items[0]).toMatchObject({ kind: "model", name: MODEL });
    expect(r.items[0].href).toMatch(new RegExp(`/models/${MODEL}$`));
  });

  it("a version named as name:version or name@latest opens that version; one that does not exist is not offered", async () => {
    const v2 = await search(`${MODEL}:2`);
    expect(v2.items[0]).toMatchObject({ kind: "model", name: `${MODEL}:2` });
    expect(v2.items[0].href).toMatch(new RegExp(`/models/${MODEL}\\?version=2$`));
    const partial = await search("palette-quok:1");
    expect(partial.items[0]).toMatchObject({ kind: "model", name: `${MODEL}:1` });
    const latest = await search(`azureml:${MODEL}@latest`);
    expect(latest.items[0]).toMatchObject({ kind: "model", name: `${MODEL}:3` });
    const missing = await search(`${MODEL}:9`);
    expect(missing.items.some((i) => i.name.startsWith(`${MODEL}:`))).toBe(false);
    // The asset itself is still found.
    expect(missing.items.some((i) => i.name === MODEL)).toBe(true);
  });

  it("finds the workspace, datastores, environments and components of the demo", async () => {
    expect((await search(WS)).items.some((i) => i.kind === "workspace" && i.name === WS)).toBe(true);
    expect(
      (await search("blobstore")).items.some((i) => i.kind === "datastore" && i.name === "workspaceblobstore"),
    ).toBe(true);
    const envs = (await search("env")).items.filter((i) => i.kind === "environment");
    expect(envs.length).toBeGreaterThan(0);
  });

  it("finds a job by its name", async () => {
    const r = await search("wombat");
    expect(r.items.find((i) => i.kind === "job")).toMatchObject({
      name: JOB,
      href: expect.stringMatching(`/jobs/${JOB}$`),
    });
  });

  it("refuses an empty or oversized query naming q, and finds nothing for nonsense", async () => {
    const empty = await search("   ");
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toMatch(/q is required/);
    const long = await search("x".repeat(201));
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toMatch(/at most 200/);
    expect((await search("zzzz-no-such-thing-qqq")).items).toEqual([]);
  });
});
