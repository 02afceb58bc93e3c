import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API, RG, SECRET, WS, WS_PATH, call, sdkClient, start, tmpDir } from "./helpers";
import { startLocalWorkspace } from "../../local-workspace/server";

type Svc = Awaited<ReturnType<typeof start>>;
let svc: Svc;

beforeAll(async () => {
  svc = await start({ timeScale: 0.001 });
});
afterAll(async () => {
  await svc.close();
});

async function all<T>(it: AsyncIterable<T>) {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("models through the official SDK", () => {
  it("lists seeded models of all three types with versions, metrics and latest/next version", async () => {
    const c = sdkClient(svc.url, ["Reader"]);
    const models = await all(c.modelContainers.list(RG, WS));
    const names = models.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(["credit-default-classifier", "churn-xgb", "bert-sentiment-triton", "fraud-detector"]),
    );
    const credit = models.find((m) => m.name === "credit-default-classifier")!;
    expect(credit.properties).toMatchObject({ latestVersion: "4", nextVersion: "5", isArchived: false });
    const versions = await all(c.modelVersions.list(RG, WS, "credit-default-classifier"));
    expect(versions.map((v) => v.name)).toEqual(["4", "3", "2", "1"]); // createdtime desc, as MFE
    const types = new Set<string>();
    for (const m of ["credit-default-classifier", "churn-xgb", "bert-sentiment-triton"]) {
      for (const v of await all(c.modelVersions.list(RG, WS, m, { listViewType: "All" })))
        types.add(v.properties.modelType!);
    }
    expect([...types].sort()).toEqual(["custom_model", "mlflow_model", "triton_model"]);
    const v3 = await c.modelVersions.get(RG, WS, "credit-default-classifier", "3");
    expect(v3.properties.properties).toMatchObject({ accuracy: "0.889", auc: "0.921" });
    expect(v3.properties.flavors?.python_function?.data).toMatchObject({ loader_module: "mlflow.sklearn" });
    expect(v3.properties.modelUri).toMatch(
      /^azureml:\/\/datastores\/workspaceblobstore\/paths\/models\/credit-default-classifier\/3\/$/,
    );
  });

  it("hides archived versions unless asked (listViewType)", async () => {
    const c = sdkClient(svc.url, ["Reader"]);
    expect((await all(c.modelVersions.list(RG, WS, "churn-xgb"))).map((v) => v.name)).toEqual(["3", "2"]);
    expect(
      (await all(c.modelVersions.list(RG, WS, "churn-xgb", { listViewType: "ArchivedOnly" }))).map((v) => v.name),
    ).toEqual(["1"]);
    expect(await all(c.modelVersions.list(RG, WS, "churn-xgb", { listViewType: "All" }))).toHaveLength(3);
  });

  it("registers a version (creating the container), edits its tags, refuses changed contents with 409", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const created = await c.modelVersions.createOrUpdate(RG, WS, "sdk-model", "1", {
      properties: {
        modelType: "custom_model",
        modelUri: "azureml://datastores/workspaceblobstore/paths/models/sdk-model/1/",
        description: "first",
        tags: { a: "1" },
        properties: { accuracy: "0.5" },
      },
    });
    expect(created.name).toBe("1");
    expect(created.systemData?.createdBy).toBe("tester@ml-studio.local");
    expect((await c.modelContainers.get(RG, WS, "sdk-model")).properties.latestVersion).toBe("1");
    const edited = await c.modelVersions.createOrUpdate(RG, WS, "sdk-model", "1", {
      properties: { ...created.properties, tags: { a: "2" }, description: "edited" },
    });
    expect(edited.properties.tags).toEqual({ a: "2" });
    await expect(
      c.modelVersions.createOrUpdate(RG, WS, "sdk-model", "1", {
        properties: { modelType: "custom_model", modelUri: "azureml://datastores/workspaceblobstore/paths/elsewhere/" },
      }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: "VersionAlreadyExists",
      message: expect.stringMatching(/already exists.*modelUri.*next free version is 2/),
    });
  });

  it("refuses edits of an archived version until it is restored", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const base = {
      modelType: "custom_model",
      modelUri: "azureml://datastores/workspaceblobstore/paths/models/arch/1/",
    };
    await c.modelVersions.createOrUpdate(RG, WS, "arch-model", "1", { properties: { ...base, description: "d" } });
    await c.modelVersions.createOrUpdate(RG, WS, "arch-model", "1", { properties: { ...base, isArchived: true } });
    await expect(
      c.modelVersions.createOrUpdate(RG, WS, "arch-model", "1", {
        properties: { ...base, isArchived: true, description: "changed" },
      }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: "AssetArchived",
    });
    const restored = await c.modelVersions.createOrUpdate(RG, WS, "arch-model", "1", {
      properties: { ...base, isArchived: false },
    });
    expect(restored.properties.isArchived).toBe(false);
    expect(restored.properties.description).toBe("d");
  });

  it("rejects a bad model type and a missing URI, and readers writing", async () => {
    const w = sdkClient(svc.url, ["DataScientist"]);
    await expect(
      w.modelVersions.createOrUpdate(RG, WS, "bad", "1", {
        properties: { modelType: "pickle", modelUri: "azureml://x/y" },
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: "InvalidModelType" });
    await expect(
      w.modelVersions.createOrUpdate(RG, WS, "bad", "1", { properties: { modelType: "custom_model" } }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const r = sdkClient(svc.url, ["Reader"]);
    await expect(
      r.modelVersions.createOrUpdate(RG, WS, "bad", "1", {
        properties: { modelType: "custom_model", modelUri: "azureml://x/y" },
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
    await expect(r.modelContainers.get(RG, WS, "bad")).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("environments through the official SDK", () => {
  it("serves curated environments as read-only", async () => {
    const c = sdkClient(svc.url, ["Admin"]);
    const envs = await all(c.environmentContainers.list(RG, WS));
    const curated = envs.filter((e) => e.name!.startsWith("AzureML-"));
    expect(curated.length).toBeGreaterThanOrEqual(4);
    const v = (await all(c.environmentVersions.list(RG, WS, "AzureML-sklearn-1.5")))[0];
    expect(v.properties).toMatchObject({
      environmentType: "Curated",
      image: expect.stringMatching(/^mcr\.microsoft\.com\/azureml\/curated\/sklearn-1\.5:\d+$/),
    });
    expect(v.properties.condaFile).toMatch(/scikit-learn==1\.5\.1/);
    await expect(
      c.environmentVersions.createOrUpdate(RG, WS, "AzureML-sklearn-1.5", "99", {
        properties: { image: "python:3.11" },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "CuratedEnvironmentReadOnly",
      message: expect.stringMatching(/curated.*read-only/),
    });
    await expect(c.environmentVersions.delete(RG, WS, "AzureML-sklearn-1.5", v.name!)).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it("creates a version from image + conda; its build moves NotStarted → Running → Succeeded with a log", async () => {
    // A clock the test moves, so every state is seen however busy the machine is.
    let now = Date.parse("2026-01-01T00:00:00Z");
    const svc2 = await startLocalWorkspace({
      port: 0,
      dataDir: tmpDir(),
      tokenSecret: SECRET,
      timeScale: 1,
      now: () => now,
      storage: false,
    });
    try {
      const c = sdkClient(svc2.url, ["DataScientist"]);
      const conda =
        "name: t\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip:\n    - numpy==1.26.4\n";
      const v = await c.environmentVersions.createOrUpdate(RG, WS, "sdk-env", "1", {
        properties: { image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest", condaFile: conda },
      });
      expect(v.properties).toMatchObject({ environmentType: "UserCreated", osType: "Linux" });
      const build = async () => (await call(svc2.url, "GET", `${WS_PATH}/environments/sdk-env/versions/1/build`)).body;
      const first = await build();
      expect(first).toMatchObject({ status: "NotStarted", log: "" });
      now += 2_000;
      const running = await build();
      expect(running.status).toBe("Running");
      expect(running.log).toMatch(/FROM mcr\.microsoft\.com\/azureml\/openmpi4\.1\.0-ubuntu20\.04:latest/);
      expect(running.log).not.toMatch(/Image build succeeded/);
      now += 60_000;
      const done = await build();
      expect(done.status).toBe("Succeeded");
      expect(done.log).toMatch(/Successfully installed numpy-1\.26\.4/);
      expect(done.log.length).toBeGreaterThan(running.log.length);
      expect(done.endedAt).toBeTruthy();
    } finally {
      await svc2.close();
    }
  });

  it("fails the build of a conda file whose package cannot be found, saying which", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.environmentVersions.createOrUpdate(RG, WS, "sdk-env-bad", "1", {
      properties: {
        image: "python:3.11",
        condaFile: "dependencies:\n  - python=3.11\n  - pip:\n    - left-pad-does-not-exist==1.0\n",
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    const b = (await call(svc.url, "GET", `${WS_PATH}/environments/sdk-env-bad/versions/1/build`)).body;
    expect(b.status).toBe("Failed");
    expect(b.error).toMatch(/No matching distribution found for left-pad-does-not-exist==1\.0/);
  });

  it("rejects invalid conda YAML with line and column, and an image reference that is not one", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await expect(
      c.environmentVersions.createOrUpdate(RG, WS, "sdk-env2", "1", {
        properties: { image: "python:3.11", condaFile: "dependencies:\n  - python=3.11\n - pip\n" },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "InvalidCondaFile",
      message: expect.stringMatching(/line 3, column \d+/),
    });
    await expect(
      c.environmentVersions.createOrUpdate(RG, WS, "sdk-env2", "1", { properties: { image: "Not An Image!" } }),
    ).rejects.toMatchObject({ statusCode: 400, code: "InvalidImage" });
    await expect(c.environmentContainers.get(RG, WS, "sdk-env2")).rejects.toMatchObject({ statusCode: 404 }); // nothing half-made
  });

  it("seeds a failed build and a build-context environment", async () => {
    const failed = (await call(svc.url, "GET", `${WS_PATH}/environments/nlp-experimental/versions/1/build`)).body;
    expect(failed.status).toBe("Failed");
    expect(failed.log).toMatch(/tokenizers-does-not-exist/);
    const ctxEnv = await sdkClient(svc.url).environmentVersions.get(RG, WS, "docker-context-example", "1");
    expect(ctxEnv.properties.build).toMatchObject({ dockerfilePath: "Dockerfile" });
  });

  it("answers api-version checks and unknown names like ARM", async () => {
    expect((await call(svc.url, "GET", `${WS_PATH}/environments/nope/versions/1?${API}`)).status).toBe(404);
    expect((await call(svc.url, "GET", `${WS_PATH}/models/..bad`)).status).toBe(400);
  });
});
