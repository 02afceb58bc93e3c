import { shared } from "../support/shared";
/** Components, code assets and pipeline jobs in the local service, through the official SDK and raw HTTP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { RG, WS, WS_PATH, call, sdkClient, start } from "./helpers";

const SPEC_DIR = shared("azure-ml-rest-spec/2022-10-01/examples");
const example = (rel: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, rel), "utf8"));

let svc: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  svc = await start({ storage: { seedBlobCount: 0, seedContent: false } });
});
afterAll(async () => {
  await svc.close();
});

const spec = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: "1",
  type: "command",
  inputs: { data: { type: "uri_folder" }, n: { type: "integer", default: 3 } },
  outputs: { out: { type: "uri_folder" } },
  environment: { image: "python" },
  command: "python run.py ${{inputs.data}} ${{inputs.n}} ${{outputs.out}}",
  ...extra,
});

describe("components", () => {
  it("seeds the basics components with code assets and readable code files", async () => {
    const c = sdkClient(svc.url, ["Reader"]);
    const names: string[] = [];
    for await (const x of c.componentContainers.list(RG, WS)) names.push(x.name!);
    expect(names).toEqual(
      expect.arrayContaining([
        "my_train",
        "my_score",
        "my_eval",
        "component_a",
        "component_b",
        "component_c",
        "hello_python_world",
      ]),
    );
    const v = await c.componentVersions.get(RG, WS, "my_train", "1");
    const code = String(v.properties.componentSpec?.code);
    expect(code).toMatch(/\/codes\/[0-9a-f]{36}\/versions\/1$/);
    const [, codeName] = /\/codes\/([^/]+)\/versions/.exec(code)!;
    const cv = await c.codeVersions.get(RG, WS, codeName, "1");
    const prefix = cv.properties.codeUri!.replace("azureml://datastores/workspaceblobstore/paths/", "");
    // The code folder is in the workspace's blob container (Azurite), under the prefix the codeUri names.
    await svc.seeded;
    const container = svc.storage!.blobService.getContainerClient(defaultStoreNames(svc.ctx, WS_PATH).container);
    const blobNames: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: `${prefix}/` })) blobNames.push(b.name);
    expect(blobNames).toEqual([`${prefix}/train.py`]);
    expect((await container.getBlobClient(`${prefix}/train.py`).downloadToBuffer()).toString()).toContain("argparse");
    // The stand-in blob endpoints are gone: code goes to storage, not through ARM.
    const gone = await call(
      svc.url,
      "GET",
      `${WS_PATH}/localBlobStore/workspaceblobstore/blobs?prefix=${encodeURIComponent(prefix)}`,
    );
    expect(gone.status).toBe(404);
  });

  it("registers versions (container made on the fly, latest/next version), refuses changed specs and bad specs", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.componentVersions.createOrUpdate(RG, WS, "prep", "1", { properties: { componentSpec: spec("prep") } });
    await c.componentVersions.createOrUpdate(RG, WS, "prep", "2", {
      properties: { componentSpec: spec("prep", { version: "2" }) },
    });
    const container = await c.componentContainers.get(RG, WS, "prep");
    expect(container.properties).toMatchObject({ latestVersion: "2", nextVersion: "3", isArchived: false });
    const versions: string[] = [];
    for await (const v of c.componentVersions.list(RG, WS, "prep")) versions.push(v.name!);
    expect(versions).toEqual(["2", "1"]);
    await expect(
      c.componentVersions.createOrUpdate(RG, WS, "prep", "1", {
        properties: { componentSpec: spec("prep", { command: "echo changed" }) },
      }),
    ).rejects.toMatchObject({ statusCode: 409 });
    // Only description may change on an existing version.
    const same = await c.componentVersions.createOrUpdate(RG, WS, "prep", "1", {
      properties: { componentSpec: spec("prep"), description: "now described" },
    });
    expect(same.properties.description).toBe("now described");
    const bad = await call(svc.url, "PUT", `${WS_PATH}/components/bad/versions/1`, {
      body: { properties: { componentSpec: spec("bad", { outputs: { out: { type: "string" } } }) } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/outputs.out.type: Output "out" has type "string"/);
    const mismatch = await call(svc.url, "PUT", `${WS_PATH}/components/other/versions/1`, {
      body: { properties: { componentSpec: spec("prep") } },
    });
    expect(mismatch.body.error.message).toMatch(/does not match the component name 'other'/);
    const noCode = await call(svc.url, "PUT", `${WS_PATH}/components/nocode/versions/1`, {
      body: { properties: { componentSpec: spec("nocode", { code: "azureml:missing:1" }) } },
    });
    expect(noCode.body.error.message).toMatch(/not a code asset of this workspace/);
    const reader = await call(svc.url, "PUT", `${WS_PATH}/components/r/versions/1`, {
      roles: ["Reader"],
      body: { properties: { componentSpec: spec("r") } },
    });
    expect(reader.status).toBe(403);
  });

  it("archives a container and its versions; lists honour listViewType", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.componentVersions.createOrUpdate(RG, WS, "old", "1", { properties: { componentSpec: spec("old") } });
    await c.componentContainers.createOrUpdate(RG, WS, "old", { properties: { isArchived: true } });
    const active: string[] = [];
    for await (const x of c.componentContainers.list(RG, WS)) active.push(x.name!);
    expect(active).not.toContain("old");
    const archived: string[] = [];
    for await (const x of c.componentContainers.list(RG, WS, { listViewType: "ArchivedOnly" })) archived.push(x.name!);
    expect(archived).toEqual(["old"]);
    expect((await c.componentVersions.get(RG, WS, "old", "1")).properties.isArchived).toBe(true);
  });

  it("matches the recorded ComponentVersion and CodeVersion example shapes", async () => {
    for (const [kind, rel, body] of [
      [
        "components",
        "ComponentVersion/createOrUpdate.json",
        {
          properties: {
            description: "d",
            tags: { a: "b" },
            properties: { p: "q" },
            isAnonymous: false,
            componentSpec: spec("shape"),
          },
        },
      ],
      [
        "codes",
        "CodeVersion/createOrUpdate.json",
        {
          properties: {
            description: "d",
            tags: { a: "b" },
            properties: { p: "q" },
            isAnonymous: false,
            codeUri: "https://blobStorage/folderName",
          },
        },
      ],
    ] as const) {
      const ex = example(rel);
      const res = await call(svc.url, "PUT", `${WS_PATH}/${kind}/shape/versions/1`, { body });
      expect(res.status).toBe(201);
      for (const k of Object.keys(ex.responses["201"].body.properties)) expect(res.body.properties).toHaveProperty(k);
      for (const k of Object.keys(ex.responses["201"].body.systemData)) expect(res.body.systemData).toHaveProperty(k);
      expect(res.body.id).toMatch(new RegExp(`/${kind}/shape/versions/1$`));
    }
    const list = example("ComponentContainer/list.json");
    const res = await call(svc.url, "GET", `${WS_PATH}/components`);
    for (const k of Object.keys(list.responses["200"].body.value[0].properties))
      expect(res.body.value[0].properties).toHaveProperty(k);
  });
});

describe("pipeline jobs", () => {
  const compId = (name: string, v = "1") => `${WS_PATH}/components/${name}/versions/${v}`;
  const computeId = `${WS_PATH}/computes/cpu-cluster`;
  const pipeline = (jobs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    properties: {
      jobType: "Pipeline",
      displayName: "p",
      experimentName: "designer",
      settings: { default_compute: computeId },
      inputs: { n: { jobInputType: "literal", value: "5" } },
      outputs: {},
      jobs,
      ...extra,
    },
  });

  it("stores a submitted pipeline as NotStarted and lists it", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const body = pipeline({
      a: {
        type: "command",
        componentId: compId("component_a"),
        inputs: {
          component_a_input: { job_input_type: "uri_folder", uri: "azureml://datastores/workspaceblobstore/paths/x" },
        },
      },
      b: {
        type: "command",
        componentId: compId("component_b"),
        inputs: {
          component_b_input: { job_input_type: "literal", value: "${{parent.jobs.a.outputs.component_a_output}}" },
        },
      },
    });
    const created = await c.jobs.createOrUpdate(RG, WS, "pipe-1", body as any);
    expect(created.properties).toMatchObject({ jobType: "Pipeline", status: "NotStarted", experimentName: "designer" });
    const got = await c.jobs.get(RG, WS, "pipe-1");
    expect((got.properties as any).jobs.b.componentId).toBe(compId("component_b"));
    const names: string[] = [];
    for await (const j of c.jobs.list(RG, WS)) names.push(j.name!);
    expect(names).toContain("pipe-1");
    const ex = example("Job/PipelineJob/createOrUpdate.json");
    for (const k of Object.keys(ex.responses["201"].body.properties)) expect(got.properties).toHaveProperty(k);
  });

  it("lists jobs by listViewType and refuses an unknown one with a 400 naming it, as the asset lists do", async () => {
    const all = await call(svc.url, "GET", `${WS_PATH}/jobs?listViewType=All`, { roles: ["Reader"] });
    expect(all.status).toBe(200);
    const archived = await call(svc.url, "GET", `${WS_PATH}/jobs?listViewType=ArchivedOnly`, { roles: ["Reader"] });
    expect(archived.body.value.length).toBeLessThanOrEqual(all.body.value.length);
    const bad = await call(svc.url, "GET", `${WS_PATH}/jobs?listViewType=Bogus`, { roles: ["Reader"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "InvalidQueryParameter", target: "listViewType" });
    expect(bad.body.error.message).toContain("'Bogus'");
  });

  it("refuses unknown components, computes, step references and non-pipeline jobs with the step named", async () => {
    const put = (name: string, body: unknown) => call(svc.url, "PUT", `${WS_PATH}/jobs/${name}`, { body });
    const r1 = await put("bad-1", pipeline({ a: { componentId: compId("nope") } }));
    expect([r1.status, r1.body.error.message]).toEqual([
      400,
      expect.stringMatching(/Step 'a' uses component .*nope.* not registered/),
    ]);
    const r2 = await put(
      "bad-2",
      pipeline({ a: { componentId: compId("component_a"), computeId: `${WS_PATH}/computes/ghost` } }),
    );
    expect(r2.body.error.message).toMatch(/compute 'ghost' does not exist/);
    const r3 = await put(
      "bad-3",
      pipeline({
        a: {
          componentId: compId("component_a"),
          inputs: { component_a_input: { job_input_type: "literal", value: "${{parent.jobs.z.outputs.o}}" } },
        },
      }),
    );
    expect(r3.body.error.message).toMatch(/no step 'z'/);
    const r4 = await put("bad-4", { properties: { jobType: "Command", command: "echo" } });
    expect(r4.status).toBe(400);
    const r5 = await put("bad-5", pipeline({ a: { componentId: compId("component_a") } }, { settings: {} }));
    expect(r5.body.error.message).toMatch(/no compute/);
    const none = await call(svc.url, "GET", `${WS_PATH}/jobs/bad-1`);
    expect(none.status).toBe(404);
  });
});
