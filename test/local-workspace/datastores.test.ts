import { shared } from "../support/shared";
/**
 * Datastores and data assets in the local workspace service: the recorded 2022-10-01 examples' shapes, the
 * official SDK round trip for the four kinds and their credentials, listSecrets, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { RG, WS, WS_PATH, call, sdkClient, start } from "./helpers";

const EXAMPLES = shared("azure-ml-rest-spec/2022-10-01/examples");
const haveSpec = fs.existsSync(EXAMPLES);
const example = (rel: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, rel), "utf8"));

/** Every key of the example body must be in the actual one (recursively; values may differ). */
function missingKeys(expected: any, actual: any, at = ""): string[] {
  if (expected === null || typeof expected !== "object" || actual === null || actual === undefined) return [];
  if (Array.isArray(expected))
    return expected.length && Array.isArray(actual) && actual.length
      ? missingKeys(expected[0], actual[0], `${at}[]`)
      : [];
  // Dictionaries (tags, the asset property bag) hold instance data: their example keys are placeholders.
  if (/\.(tags|properties\.properties)$/.test(at)) return [];
  return Object.keys(expected).flatMap((k) =>
    k in actual ? missingKeys(expected[k], actual[k], `${at}.${k}`) : [`${at}.${k}`],
  );
}

let svc: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  svc = await start();
});
afterAll(async () => {
  await svc?.close();
});

describe.skipIf(!haveSpec)("recorded examples", () => {
  it("datastore get / list / listSecrets", async () => {
    const get = await call(svc.url, "GET", `${WS_PATH}/datastores/workspaceblobstore`);
    expect(get.status).toBe(200);
    expect(missingKeys(example("Datastore/get.json").responses["200"].body, get.body)).toEqual([]);
    const list = await call(svc.url, "GET", `${WS_PATH}/datastores`);
    // The example lists an AzureBlob store; compare with ours (the list starts with other kinds).
    const blobs = {
      ...list.body,
      value: list.body.value.filter((d: any) => d.properties.datastoreType === "AzureBlob"),
    };
    expect(
      missingKeys(example("Datastore/list.json").responses["200"].body, blobs).filter((k) => k !== ".nextLink"),
    ).toEqual([]);
    const secrets = await call(svc.url, "POST", `${WS_PATH}/datastores/workspaceblobstore/listSecrets`);
    expect(missingKeys(example("Datastore/listSecrets.json").responses["200"].body, secrets.body)).toEqual([]);
  });

  it("replays the createOrUpdate examples of each kind", async () => {
    for (const dir of fs.readdirSync(path.join(EXAMPLES, "Datastore")).filter((d) => !d.endsWith(".json"))) {
      const ex = example(`Datastore/${dir}/createOrUpdate.json`);
      const body = JSON.parse(JSON.stringify(ex.parameters.body));
      // The examples use placeholder values ("string") that real naming rules refuse; keep the shape, fix the values.
      const p = body.properties;
      if (p.accountName) p.accountName = "examplestore";
      for (const k of ["containerName", "fileShareName", "filesystem"]) if (p[k]) p[k] = "example-container";
      if (p.storeName) p.storeName = "examplelake";
      if (p.credentials.clientId) p.credentials.clientId = "11111111-2222-3333-4444-555555555555";
      if (p.credentials.tenantId) p.credentials.tenantId = "00000000-1111-2222-3333-444444444444";
      const name = `ex_${dir.toLowerCase()}`;
      const r = await call(svc.url, "PUT", `${WS_PATH}/datastores/${name}`, { body });
      expect(r.status, `${dir}: ${r.text}`).toBe(201);
      expect(missingKeys(ex.responses["200"].body, r.body), dir).toEqual([]);
      expect(JSON.stringify(r.body)).not.toMatch(/"secrets"/);
    }
  });

  it("data version and container shapes", async () => {
    const v = await call(svc.url, "GET", `${WS_PATH}/data/titanic/versions/1`);
    expect(missingKeys(example("DataVersionBase/get.json").responses["200"].body, v.body)).toEqual([]);
    const c = await call(svc.url, "GET", `${WS_PATH}/data/titanic`);
    expect(missingKeys(example("DataContainer/get.json").responses["200"].body, c.body)).toEqual([]);
  });
});

describe("through the official SDK", () => {
  it("registers each kind with each credential type; listSecrets returns only the secrets", async () => {
    const c = sdkClient(svc.url);
    await c.datastores.createOrUpdate(RG, WS, "sp_lake", {
      properties: {
        datastoreType: "AzureDataLakeGen2",
        accountName: "lakeacct",
        filesystem: "raw-zone",
        credentials: {
          credentialsType: "ServicePrincipal",
          clientId: "11111111-2222-3333-4444-555555555555",
          tenantId: "00000000-1111-2222-3333-444444444444",
          secrets: { secretsType: "ServicePrincipal", clientSecret: "s3cret" },
        },
      } as any,
    });
    const got = await c.datastores.get(RG, WS, "sp_lake");
    expect(got.properties).toMatchObject({
      datastoreType: "AzureDataLakeGen2",
      filesystem: "raw-zone",
      credentials: { credentialsType: "ServicePrincipal", clientId: "11111111-2222-3333-4444-555555555555" },
    });
    expect(JSON.stringify(got)).not.toContain("s3cret");
    expect(await c.datastores.listSecrets(RG, WS, "sp_lake")).toEqual({
      secretsType: "ServicePrincipal",
      clientSecret: "s3cret",
    });
    await c.datastores.createOrUpdate(RG, WS, "identity_blob", {
      properties: {
        datastoreType: "AzureBlob",
        accountName: "blobacct",
        containerName: "data",
        credentials: { credentialsType: "None" },
      } as any,
    });
    await expect(c.datastores.listSecrets(RG, WS, "identity_blob")).rejects.toMatchObject({ statusCode: 400 });
    const names: string[] = [];
    for await (const d of c.datastores.list(RG, WS)) names.push(d.name!);
    expect(names).toEqual(expect.arrayContaining(["sp_lake", "identity_blob", "workspaceblobstore"]));
    await c.datastores.delete(RG, WS, "sp_lake");
    await expect(c.datastores.get(RG, WS, "sp_lake")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("data versions: auto-created container, latest and next version, immutable URI", async () => {
    const c = sdkClient(svc.url);
    await c.dataVersions.createOrUpdate(RG, WS, "sdk-data", "1", {
      properties: { dataType: "uri_folder", dataUri: "azureml://datastores/workspaceblobstore/paths/a/" },
    });
    await c.dataVersions.createOrUpdate(RG, WS, "sdk-data", "2", {
      properties: { dataType: "uri_folder", dataUri: "azureml://datastores/workspaceblobstore/paths/b/" },
    });
    const container = await c.dataContainers.get(RG, WS, "sdk-data");
    expect(container.properties).toMatchObject({ dataType: "uri_folder", latestVersion: "2", nextVersion: "3" });
    await expect(
      c.dataVersions.createOrUpdate(RG, WS, "sdk-data", "1", {
        properties: { dataType: "uri_folder", dataUri: "azureml://datastores/workspaceblobstore/paths/c/" },
      }),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      c.dataVersions.createOrUpdate(RG, WS, "sdk-data", "3", {
        properties: { dataType: "uri_file", dataUri: "azureml://datastores/workspaceblobstore/paths/c.csv" },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("bad input", () => {
  it("invalid names, container names, unknown fields and a reader's writes are refused, and nothing is stored", async () => {
    const bad = async (name: string, body: unknown, roles?: any) =>
      call(svc.url, "PUT", `${WS_PATH}/datastores/${name}`, { body, roles });
    const ok = {
      properties: {
        datastoreType: "AzureBlob",
        accountName: "acct",
        containerName: "good-name",
        credentials: { credentialsType: "None" },
      },
    };
    expect((await bad("bad-name", ok)).status).toBe(400);
    expect((await bad("x1", { properties: { ...ok.properties, containerName: "Bad--Name" } })).status).toBe(400);
    expect((await bad("x2", { properties: { ...ok.properties, surprise: 1 } })).status).toBe(400);
    expect(
      (await bad("x3", { properties: { ...ok.properties, credentials: { credentialsType: "AccountKey" } } })).status,
    ).toBe(400);
    expect((await bad("x4", ok, ["Reader"])).status).toBe(403);
    for (const n of ["x1", "x2", "x3", "x4"])
      expect((await call(svc.url, "GET", `${WS_PATH}/datastores/${n}`)).status).toBe(404);
  });
});
