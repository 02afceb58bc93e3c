import { shared } from "../support/shared";
/**
 * Contract tests for models and environments: replay the recorded 2022-10-01 examples (ModelContainer,
 * ModelVersion, EnvironmentContainer, EnvironmentVersion) and compare response shapes and statuses. Example
 * bodies carry placeholders ("string") where the service checks values (model URI, conda file, image and build
 * together); those few values are replaced by valid ones, which the test says where it does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { WS_PATH, call, start } from "./helpers";

const SPEC_DIR = shared("azure-ml-rest-spec/2022-10-01");
const haveSpec = fs.existsSync(path.join(SPEC_DIR, "examples", "ModelVersion"));
const example = (rel: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, "examples", rel), "utf8"));

function shapeDiff(expected: any, actual: any, at = ""): string[] {
  if (expected === null || typeof expected !== "object") return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected array`];
    return expected.length && actual.length ? shapeDiff(expected[0], actual[0], `${at}[]`) : [];
  }
  if (actual === null) return [];
  if (typeof actual !== "object") return [`${at}: expected object`];
  const out: string[] = [];
  for (const k of Object.keys(expected)) {
    // Free-form dictionaries (tags, properties, flavors) are keyed by the caller's own names.
    if (
      [
        "tags",
        "properties.properties",
        "properties.tags",
        "properties.flavors",
        "value[].properties.tags",
        "value[].properties.properties",
        "value[].properties.flavors",
      ].includes(at)
    )
      continue;
    const p = at ? `${at}.${k}` : k;
    // nextLink is present only while more pages follow.
    if (p === "nextLink") continue;
    if (!(k in actual)) out.push(`${p}: missing`);
    else out.push(...shapeDiff(expected[k], actual[k], p));
  }
  return out;
}

type Svc = Awaited<ReturnType<typeof start>>;
let svc: Svc;
beforeAll(async () => {
  svc = await start({ timeScale: 0.001 });
});
afterAll(async () => {
  await svc.close();
});

describe.skipIf(!haveSpec)("contract: model and environment examples of 2022-10-01", () => {
  it("ModelContainer/createOrUpdate, get, list, delete", async () => {
    const ex = example("ModelContainer/createOrUpdate.json");
    const put = await call(svc.url, "PUT", `${WS_PATH}/models/contract-model`, { body: ex.parameters.body });
    expect([200, 201]).toContain(put.status);
    expect(shapeDiff(ex.responses[put.status].body, put.body)).toEqual([]);
    const get = await call(svc.url, "GET", `${WS_PATH}/models/contract-model`, { roles: ["Reader"] });
    expect(shapeDiff(example("ModelContainer/get.json").responses["200"].body, get.body)).toEqual([]);
    const list = await call(svc.url, "GET", `${WS_PATH}/models`, { roles: ["Reader"] });
    expect(shapeDiff(example("ModelContainer/list.json").responses["200"].body, list.body)).toEqual([]);
    const del = await call(svc.url, "DELETE", `${WS_PATH}/models/contract-model`);
    expect(Object.keys(example("ModelContainer/delete.json").responses)).toContain(String(del.status));
  });

  it("ModelVersion/createOrUpdate and list (modelUri made a real datastore URI)", async () => {
    const ex = example("ModelVersion/createOrUpdate.json");
    const body = structuredClone(ex.parameters.body);
    body.properties.modelUri = "azureml://datastores/workspaceblobstore/paths/models/contract/1/";
    const put = await call(svc.url, "PUT", `${WS_PATH}/models/contract-mv/versions/1`, { body });
    expect(put.status).toBe(201);
    expect(shapeDiff(ex.responses["201"].body, put.body)).toEqual([]);
    expect(put.body.properties.modelType).toBe("CustomModel");
    const again = await call(svc.url, "PUT", `${WS_PATH}/models/contract-mv/versions/1`, { body });
    expect(again.status).toBe(200);
    const list = await call(svc.url, "GET", `${WS_PATH}/models/contract-mv/versions`, { roles: ["Reader"] });
    expect(shapeDiff(example("ModelVersion/list.json").responses["200"].body, list.body)).toEqual([]);
  });

  it("EnvironmentContainer/createOrUpdate, list, delete", async () => {
    const ex = example("EnvironmentContainer/createOrUpdate.json");
    const put = await call(svc.url, "PUT", `${WS_PATH}/environments/contract-env`, { body: ex.parameters.body });
    expect([200, 201]).toContain(put.status);
    expect(shapeDiff(ex.responses[put.status].body, put.body)).toEqual([]);
    const list = await call(svc.url, "GET", `${WS_PATH}/environments`, { roles: ["Reader"] });
    expect(shapeDiff(example("EnvironmentContainer/list.json").responses["200"].body, list.body)).toEqual([]);
    const del = await call(svc.url, "DELETE", `${WS_PATH}/environments/contract-env`);
    expect(Object.keys(example("EnvironmentContainer/delete.json").responses)).toContain(String(del.status));
  });

  it("EnvironmentVersion/createOrUpdate, get, list, delete (image only, a valid conda file)", async () => {
    const ex = example("EnvironmentVersion/createOrUpdate.json");
    const body = structuredClone(ex.parameters.body);
    // The example gives image and build together (the service takes one) and "string" as the conda file.
    delete body.properties.build;
    body.properties.condaFile = "name: e\ndependencies:\n  - python=3.10\n";
    const put = await call(svc.url, "PUT", `${WS_PATH}/environments/contract-ev/versions/1`, { body });
    expect(put.status).toBe(201);
    expect(shapeDiff(ex.responses["201"].body, put.body)).toEqual([]);
    expect(put.body.properties.environmentType).toBe("UserCreated");
    expect(put.body.properties.inferenceConfig).toEqual(body.properties.inferenceConfig);
    const get = await call(svc.url, "GET", `${WS_PATH}/environments/contract-ev/versions/1`, { roles: ["Reader"] });
    expect(shapeDiff(example("EnvironmentVersion/get.json").responses["200"].body, get.body)).toEqual([]);
    const list = await call(svc.url, "GET", `${WS_PATH}/environments/contract-ev/versions`, { roles: ["Reader"] });
    expect(shapeDiff(example("EnvironmentVersion/list.json").responses["200"].body, list.body)).toEqual([]);
    const del = await call(svc.url, "DELETE", `${WS_PATH}/environments/contract-ev/versions/1`);
    expect(Object.keys(example("EnvironmentVersion/delete.json").responses)).toContain(String(del.status));
  });

  it("EnvironmentVersion with a build context (the example's build, no image)", async () => {
    const ex = example("EnvironmentVersion/createOrUpdate.json");
    const body = structuredClone(ex.parameters.body);
    delete body.properties.image;
    delete body.properties.condaFile;
    const put = await call(svc.url, "PUT", `${WS_PATH}/environments/contract-ctx/versions/1`, { body });
    expect(put.status).toBe(201);
    expect(put.body.properties.build).toEqual({
      contextUri: body.properties.build.contextUri,
      dockerfilePath: "prod/Dockerfile",
    });
  });
});
