/**
 * Models and environments through the studio's routes: route → cache → SDK → the local workspace service, with
 * artifacts in Azurite (workspaceblobstore). Uploads go to write-only SAS URLs as the browser sends them.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const VERSIONS = "ws/[sub]/[rg]/[ws]/models/[name]/versions";
const VERSION = "ws/[sub]/[rg]/[ws]/models/[name]/versions/[version]";
const ENV_VERSION = "ws/[sub]/[rg]/[ws]/environments/[name]/versions/[version]";

let s: Studio;
beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0 }, timeScale: 0.01 });
  await s.svc.seeded;
});
afterAll(async () => {
  await s?.close();
});

async function upload(
  segment: "model-uploads" | "environment-uploads",
  files: Record<string, string | Buffer>,
  opts: { skip?: string[] } = {},
) {
  const list = Object.entries(files).map(([path, c]) => ({ path, size: Buffer.byteLength(c) }));
  const res = await s.call("POST", `ws/[sub]/[rg]/[ws]/${segment}`, ws, { as: "scientist", body: { files: list } });
  expect(res.status, res.text).toBe(201);
  const ticket = res.body.data as {
    uploadId: string;
    mode: string;
    files: { path: string; url: string; headers: Record<string, string> }[];
  };
  expect(ticket.mode).toBe("sas");
  for (const f of ticket.files) {
    if (opts.skip?.includes(f.path)) continue;
    expect(f.url).toMatch(/sp=cw/); // create + write only
    const content = files[f.path];
    const r = await fetch(f.url, {
      method: "PUT",
      headers: f.headers,
      body: typeof content === "string" ? content : new Uint8Array(content),
    });
    expect(r.status).toBe(201);
  }
  return { uploadId: ticket.uploadId, files: list, ticket };
}

/** Registers `name` `version` from a folder of workspaceblobstore (the files stay where they are). */
function registerFromDatastore(name: string, version: string, path: string, modelType = "custom_model") {
  return s.call(
    "PUT",
    VERSION,
    { ...ws, name, version },
    { as: "scientist", body: { modelType, source: { kind: "datastore", datastore: "workspaceblobstore", path } } },
  );
}

describe("models", () => {
  it("lists models as their containers, with no read per model; withLatest adds each latest type and stage", async () => {
    s.proxy!.reset();
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/models", ws, { as: "reader" });
    expect(res.status, res.text).toBe(200);
    const credit = res.body.data.find((m: { name: string }) => m.name === "credit-default-classifier");
    expect(credit).toMatchObject({ latestVersion: "4", nextVersion: "5" });
    expect(credit).not.toHaveProperty("type");
    expect(res.body.data.some((m: { name: string }) => m.name === "churn-xgb")).toBe(true);
    const paths = s.proxy!.state.requests.map((r) => r.path.replace(/\?.*/, ""));
    expect(
      paths.filter((p) => /\/models\/[^/]+\/versions/.test(p)),
      "version reads",
    ).toEqual([]);

    const full = await s.call("GET", "ws/[sub]/[rg]/[ws]/models", ws, {
      as: "reader",
      query: { withLatest: "true" },
    });
    expect(full.status, full.text).toBe(200);
    expect(full.body.data.find((m: { name: string }) => m.name === "credit-default-classifier")).toMatchObject({
      type: "mlflow_model",
      stage: "Staging",
      latestVersion: "4",
    });
    expect(full.body.data).toHaveLength(res.body.data.length);
  });

  it("answers type and stage of the named versions (the rows on screen), each read once through the cache", async () => {
    const query = { versions: "credit-default-classifier@4,credit-default-classifier@1,churn-xgb@999" };
    s.proxy!.reset();
    const first = await s.call("GET", "ws/[sub]/[rg]/[ws]/model-details", ws, { as: "scientist", query });
    expect(first.status, first.text).toBe(200);
    expect(first.body.data).toEqual({
      "credit-default-classifier@4": { type: "mlflow_model", stage: "Staging" },
      "credit-default-classifier@1": expect.objectContaining({ type: expect.any(String) }),
      // A version that is gone reads as nothing, not as an error for the whole screen.
      "churn-xgb@999": { type: null, stage: null },
    });
    const reads = () => s.proxy!.state.requests.filter((r) => /\/models\/[^/]+\/versions\/[^/?]+/.test(r.path));
    expect(reads()).toHaveLength(3);
    const again = await s.call("GET", "ws/[sub]/[rg]/[ws]/model-details", ws, { as: "scientist", query });
    expect(again.body.data).toEqual(first.body.data);
    expect(again.headers.get("x-cache-source")).toBe("cache");
    expect(reads(), "the second answer comes from the cache").toHaveLength(3);
  });

  it.each([
    ["", "must name 1 to 100 versions"],
    ["credit-default-classifier", "is not name@version"],
    ["credit-default-classifier@4,bad name@1", '"bad name@1" is not name@version: its name must be'],
    ["m@1@2", "more than one '@'"],
    ["m@" + "x".repeat(300), "its version must be"],
    [Array.from({ length: 101 }, (_, i) => `m${i}@1`).join(","), "must name 1 to 100 versions"],
  ])("refuses model-details?versions=%s with a 400 naming the problem", async (versions, message) => {
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/model-details", ws, { as: "reader", query: { versions } });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it("serves versions in the common shape and files with MD5 and SHA-256 from storage", async () => {
    const res = await s.call("GET", VERSIONS, { ...ws, name: "credit-default-classifier" }, { as: "reader" });
    expect(res.body.data.versions.map((v: { version: string }) => v.version)).toEqual(["4", "3", "2", "1"]);
    expect(res.body.data.next).toBeNull();
    const v3 = res.body.data.versions.find((v: { version: string }) => v.version === "3");
    expect(v3).toMatchObject({
      stage: "Production",
      properties: { accuracy: "0.889" },
      contents: { fields: { type: "mlflow_model" } },
    });
    expect(v3.tags.stage).toBeUndefined();
    const files = await s.call(
      "GET",
      `${VERSION}/files`,
      { ...ws, name: "credit-default-classifier", version: "3" },
      { as: "reader" },
    );
    const names = files.body.data.map((f: { path: string }) => f.path);
    expect(names).toEqual([
      "conda.yaml",
      "input_example.json",
      "MLmodel",
      "model.pkl",
      "python_env.yaml",
      "requirements.txt",
    ]);
    const pkl = files.body.data.find((f: { path: string }) => f.path === "model.pkl");
    expect(pkl.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(pkl.sha256).toMatch(/^[0-9a-f]{64}$/);
    const mlflow = await s.call(
      "GET",
      `${VERSION}/mlflow`,
      { ...ws, name: "credit-default-classifier", version: "3" },
      { as: "reader" },
    );
    expect(mlflow.body.data.signature.inputs.map((c: { name: string }) => c.name)).toContain("bureau_score");
    expect(mlflow.body.data.inputExample.columns).toHaveLength(5);
  });

  it("registers an uploaded version only after the files are in, with their hashes; 409 for an existing version", async () => {
    const content = { "model.pkl": Buffer.alloc(5000, 3), "README.md": "# churn\n" };
    const up = await upload("model-uploads", content);
    const put = await s.call(
      "PUT",
      VERSION,
      { ...ws, name: "churn-xgb", version: "4" },
      {
        as: "scientist",
        body: {
          modelType: "custom_model",
          description: "from upload",
          properties: { accuracy: "0.82" },
          stage: "Staging",
          source: { kind: "upload", uploadId: up.uploadId, files: up.files },
        },
      },
    );
    expect(put.status, put.text).toBe(201);
    expect(put.body.data).toMatchObject({
      version: "4",
      stage: "Staging",
      contents: { fields: { uri: `azureml://datastores/workspaceblobstore/paths/LocalUpload/${up.uploadId}/` } },
    });
    const files = await s.call("GET", `${VERSION}/files`, { ...ws, name: "churn-xgb", version: "4" }, { as: "reader" });
    const pkl = files.body.data.find((f: { path: string }) => f.path === "model.pkl");
    expect(pkl.sha256).toBe(createHash("sha256").update(content["model.pkl"]).digest("hex"));
    expect(pkl.md5).toBe(createHash("md5").update(content["model.pkl"]).digest("hex"));

    const again = await s.call(
      "PUT",
      VERSION,
      { ...ws, name: "churn-xgb", version: "4" },
      {
        as: "scientist",
        body: { modelType: "custom_model", source: { kind: "upload", uploadId: up.uploadId, files: up.files } },
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/Version 4 of model churn-xgb already exists.*version 5/);
  });

  it("refuses an incomplete upload and leaves no version; cancelling deletes what was staged", async () => {
    const up = await upload("model-uploads", { "a.bin": "aaaa", "b.bin": "bbbb" }, { skip: ["b.bin"] });
    const put = await s.call(
      "PUT",
      VERSION,
      { ...ws, name: "half-made", version: "1" },
      {
        as: "scientist",
        body: { modelType: "custom_model", source: { kind: "upload", uploadId: up.uploadId, files: up.files } },
      },
    );
    expect(put.status).toBe(400);
    expect(put.body.error.message).toMatch(/b\.bin is missing.*Nothing was registered/);
    await expect(s.sdk().modelContainers.get(RG, WS, "half-made")).rejects.toMatchObject({ statusCode: 404 });
    const cancel = await s.call(
      "DELETE",
      "ws/[sub]/[rg]/[ws]/model-uploads/[id]",
      { ...ws, id: up.uploadId },
      { as: "scientist" },
    );
    expect(cancel.status).toBe(200);
    expect(cancel.body.data.deleted).toBe(1);
  });

  it("takes files through the server route too (stores without SAS), checks the declared size, and hands out read-only download URLs", async () => {
    const begin = await s.call("POST", "ws/[sub]/[rg]/[ws]/model-uploads", ws, {
      as: "scientist",
      body: { files: [{ path: "weights.bin", size: 6 }] },
    });
    const id = begin.body.data.uploadId;
    const short = await s.call(
      "PUT",
      "ws/[sub]/[rg]/[ws]/model-uploads/[id]/file",
      { ...ws, id },
      { as: "scientist", query: { path: "weights.bin", size: "6" }, raw: "abc" },
    );
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/ended after 3 of 6 bytes; nothing was kept/);
    const ok = await s.call(
      "PUT",
      "ws/[sub]/[rg]/[ws]/model-uploads/[id]/file",
      { ...ws, id },
      { as: "scientist", query: { path: "weights.bin", size: "6" }, raw: "abcdef" },
    );
    expect(ok.status, ok.text).toBe(201);
    const put = await s.call(
      "PUT",
      VERSION,
      { ...ws, name: "server-upload", version: "1" },
      {
        as: "scientist",
        body: {
          modelType: "custom_model",
          source: { kind: "upload", uploadId: id, files: [{ path: "weights.bin", size: 6 }] },
        },
      },
    );
    expect(put.status, put.text).toBe(201);
    const dl = await s.call(
      "GET",
      `${VERSION}/download`,
      { ...ws, name: "server-upload", version: "1" },
      { as: "reader", query: { path: "weights.bin" } },
    );
    expect(dl.status).toBe(200);
    expect(dl.body.data.url).toMatch(/sp=r&/);
    expect(await (await fetch(dl.body.data.url)).text()).toBe("abcdef");
    const redirect = await s.call(
      "GET",
      `${VERSION}/download`,
      { ...ws, name: "server-upload", version: "1" },
      { as: "reader", query: { path: "weights.bin", redirect: "1" } },
    );
    expect(redirect.status).toBe(302);
    const escape = await s.call(
      "GET",
      `${VERSION}/download`,
      { ...ws, name: "server-upload", version: "1" },
      { as: "reader", query: { path: "../other/secret.txt" } },
    );
    expect(escape.status).toBe(400);
  });

  it("registers from a datastore path (checked) and refuses a path that does not exist", async () => {
    const ok = await registerFromDatastore("from-datastore", "1", "models/fraud-detector/2", "mlflow_model");
    expect(ok.status, ok.text).toBe(201);
    const bad = await registerFromDatastore("from-datastore", "2", "no/such/folder", "mlflow_model");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Nothing exists at 'no\/such\/folder'/);
  });

  it("names: a new model takes the service's create rule (no '.'), versions up to 255 characters with '.'", async () => {
    const folder = "models/fraud-detector/2";
    const dotted = await registerFromDatastore("my.model", "1", folder);
    expect(dotted.status).toBe(400);
    expect(dotted.body.error).toMatchObject({ field: "name" });
    expect(dotted.body.error.message).toMatch(/cannot contain '\.'/);
    await expect(s.sdk().modelContainers.get(RG, WS, "my.model")).rejects.toMatchObject({ statusCode: 404 });
    const long = `2024.01.${"x".repeat(240)}`;
    const ok = await registerFromDatastore("long-version", long, folder);
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.data.version).toBe(long);
    const tooLong = await registerFromDatastore("long-version", "x".repeat(256), folder);
    expect(tooLong.status).toBe(400);
    // Azure's curated names keep their dots for reading.
    const curated = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/environments/[name]/versions",
      { ...ws, name: "AzureML-pytorch-2.2-cuda12.1" },
      { as: "reader" },
    );
    expect(curated.status, curated.text).toBe(200);
  });

  it("edits, archives, refuses edits while archived, restores", async () => {
    const p = { ...ws, name: "fraud-detector", version: "3" };
    expect(
      (await s.call("PATCH", VERSION, p, { as: "scientist", body: { tags: { reviewed: "yes" }, stage: "Staging" } }))
        .body.data,
    ).toMatchObject({ tags: { reviewed: "yes" }, stage: "Staging" });
    expect((await s.call("PATCH", VERSION, p, { as: "scientist", body: { archived: true } })).body.data.archived).toBe(
      true,
    );
    const refused = await s.call("PATCH", VERSION, p, { as: "scientist", body: { description: "nope" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/archived and cannot be edited/);
    expect((await s.call("PATCH", VERSION, p, { as: "scientist", body: { archived: false } })).body.data.archived).toBe(
      false,
    );
  });

  it("after a write, the list is revised in its cached row, not listed again upstream", async () => {
    const list = async () => {
      const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/models", ws, { as: "reader" });
      expect(res.status, res.text).toBe(200);
      return res.body.data as { name: string; latestVersion: string | null; description: string }[];
    };
    const containerLists = () =>
      s.proxy!.state.requests.filter((r) => /\/models(\?|$)/.test(r.path) && r.method === "GET").length;
    const before = await list();
    // Both lists cached just now, so neither is revalidated in the background during the test.
    expect(
      (await s.call("GET", "ws/[sub]/[rg]/[ws]/models", ws, { as: "reader", query: { withLatest: "true" } })).status,
    ).toBe(200);
    s.proxy!.reset();

    const edited = await s.call(
      "PATCH",
      VERSION,
      { ...ws, name: "churn-xgb", version: "2" },
      { as: "scientist", body: { description: "revised, not relisted" } },
    );
    expect(edited.status, edited.text).toBe(200);
    const created = await registerFromDatastore("revised-model", "1", "models/fraud-detector/2");
    expect(created.status, created.text).toBe(201);
    const after = await list();
    expect(containerLists(), "container lists upstream").toBe(0);
    expect(after.map((m) => m.name)).toEqual(
      [...before.map((m) => m.name), "revised-model"].sort((a, b) => a.localeCompare(b)),
    );
    expect(after.find((m) => m.name === "revised-model")).toMatchObject({ latestVersion: "1" });

    // Archiving a version changes its container as the service sees fit (its latest version, say).
    const archived = await s.call(
      "PATCH",
      VERSION,
      { ...ws, name: "revised-model", version: "1" },
      { as: "scientist", body: { archived: true } },
    );
    expect(archived.status, archived.text).toBe(200);
    // What the studio revised, both lists, is what the service lists.
    s.proxy!.reset();
    const revised = await list();
    const withLatest = await s.call("GET", "ws/[sub]/[rg]/[ws]/models", ws, {
      as: "reader",
      query: { withLatest: "true" },
    });
    expect(containerLists()).toBe(0);
    const truth: [string, string | null][] = [];
    for await (const c of s.sdk().modelContainers.list(RG, WS))
      truth.push([c.name!, c.properties.latestVersion ?? null]);
    truth.sort(([a], [b]) => a.localeCompare(b));
    expect(revised.map((m) => [m.name, m.latestVersion])).toEqual(truth);
    expect(withLatest.body.data.map((m: { name: string; latestVersion: string }) => [m.name, m.latestVersion])).toEqual(
      truth,
    );
  });

  it("lets readers read and refuses their writes before the upstream", async () => {
    expect((await s.call("GET", VERSIONS, { ...ws, name: "churn-xgb" }, { as: "reader" })).status).toBe(200);
    expect(
      (
        await s.call(
          "PATCH",
          VERSION,
          { ...ws, name: "churn-xgb", version: "2" },
          { as: "reader", body: { description: "x" } },
        )
      ).status,
    ).toBe(403);
  });
});

describe("environments", () => {
  it("lists curated and custom environments apart (curated flagged)", async () => {
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/environments", ws, { as: "reader" });
    const curated = res.body.data.filter((e: { curated: boolean }) => e.curated).map((e: { name: string }) => e.name);
    expect(curated).toContain("AzureML-sklearn-1.5");
    expect(res.body.data.find((e: { name: string }) => e.name === "fraud-training-env").curated).toBe(false);
  });

  it("answers invalid conda YAML with line and column, a bad image reference, and curated writes with 400s", async () => {
    const bad = await s.call(
      "PUT",
      ENV_VERSION,
      { ...ws, name: "e2", version: "1" },
      {
        as: "scientist",
        body: {
          image: "python:3.11",
          condaFile: "dependencies:\n  - python=3.11\n  - pip:\n    - numpy\n   oops: [\n",
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: "InvalidCondaFile",
      field: "condaFile",
      details: { line: expect.any(Number), column: expect.any(Number) },
    });
    expect(bad.body.error.message).toMatch(/line \d+, column \d+/);
    const img = await s.call(
      "PUT",
      ENV_VERSION,
      { ...ws, name: "e2", version: "1" },
      { as: "scientist", body: { image: "My Image:latest" } },
    );
    expect(img.status).toBe(400);
    expect(img.body.error.field).toBe("image");
    const curated = await s.call(
      "PUT",
      ENV_VERSION,
      { ...ws, name: "AzureML-sklearn-1.5", version: "99" },
      { as: "admin", body: { image: "python:3.11" } },
    );
    expect(curated.status).toBe(400);
    expect(curated.body.error.message).toMatch(/curated environment.*read-only/);
  });

  it("creates a version from a build context upload, lists its files and Dockerfile, and builds it", async () => {
    const up = await upload("environment-uploads", {
      Dockerfile: "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
      "requirements.txt": "numpy==1.26.4\n",
    });
    const res = await s.call(
      "PUT",
      ENV_VERSION,
      { ...ws, name: "ctx-env", version: "1" },
      { as: "scientist", body: { build: { uploadId: up.uploadId, files: up.files, dockerfilePath: "Dockerfile" } } },
    );
    expect(res.status, res.text).toBe(201);
    const ctx = await s.call(
      "GET",
      `${ENV_VERSION}/context`,
      { ...ws, name: "ctx-env", version: "1" },
      { as: "reader" },
    );
    expect(ctx.body.data.files.map((f: { path: string }) => f.path)).toEqual(["Dockerfile", "requirements.txt"]);
    expect(ctx.body.data.dockerfile).toMatch(/^FROM python:3\.11-slim/);
    let build: { status: string; log: string } | undefined;
    for (let i = 0; i < 100; i++) {
      const r = await s.call("GET", `${ENV_VERSION}/build`, { ...ws, name: "ctx-env", version: "1" }, { as: "reader" });
      expect(r.status, r.text).toBe(200);
      build = r.body.data;
      if (build!.status === "Succeeded" || build!.status === "Failed") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(build!.status).toBe("Succeeded");
    expect(build!.log).toMatch(/Downloading build context/);
  });

  it("refuses a build context whose Dockerfile does not start with FROM, saying where", async () => {
    const up = await upload("environment-uploads", { Dockerfile: "RUN echo hi\n" });
    const res = await s.call(
      "PUT",
      ENV_VERSION,
      { ...ws, name: "ctx-bad", version: "1" },
      { as: "scientist", body: { build: { uploadId: up.uploadId, files: up.files, dockerfilePath: "Dockerfile" } } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/line 1, column 1: The first instruction must be FROM/);
    await expect(s.sdk().environmentContainers.get(RG, WS, "ctx-bad")).rejects.toMatchObject({ statusCode: 404 });
  });
});
