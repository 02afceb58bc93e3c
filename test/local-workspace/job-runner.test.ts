import { shared } from "../support/shared";
/**
 * The job runner end to end inside the local service, with Azurite: pipelines run in dependency order on the
 * cluster's nodes, logs and outputs land in workspaceblobstore, metrics reach MLflow, cancel kills processes,
 * a restart fails what was running, bad pipelines get one 400 listing every problem, values stay values.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_COMPONENTS, putSeedComponent, seedCodePrefix } from "../../local-workspace/seed-components";
import { seedComponentCode } from "../../local-workspace/storage/seed-component-code";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { RESTART_REASON } from "../../local-workspace/runner/job-runner";
import { call, RG, sdkClient, start, until, WS, WS_PATH, type Res } from "./helpers";

type Svc = Awaited<ReturnType<typeof start>>;
let svc: Svc;
const wsId = WS_PATH;
const computeId = `${WS_PATH}/computes/cpu-cluster`;
const compId = (name: string) => `${WS_PATH}/components/${name}/versions/1`;

/** A step script that reads its input folder, writes a file to its output, prints and logs a metric to MLflow with urllib. */
const STEP_PY = `import json, os, sys, time, urllib.request
inp, out, label = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
files = sorted(os.listdir(inp)) if os.path.isdir(inp) else []
print(f"{label} got {files}", flush=True)
with open(os.path.join(out, f"{label}.txt"), "w") as f:
    f.write(label + "\\n")
for name in files:
    src = os.path.join(inp, name)
    if os.path.isfile(src):
        with open(src) as a, open(os.path.join(out, name), "w") as b:
            b.write(a.read())
uri = os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric"
body = json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"], "key": "rows", "value": len(files), "timestamp": int(time.time() * 1000), "step": 0}).encode()
req = urllib.request.Request(uri, data=body, method="POST", headers={"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
urllib.request.urlopen(req).read()
`;

/** Registers a component and uploads its code folder to workspaceblobstore, where the runner reads it. */
async function component(
  name: string,
  command: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  files: Record<string, string> = { "step.py": STEP_PY },
) {
  const c = {
    spec: { name, version: "1", type: "command", inputs, outputs, environment: { image: "python" }, command },
    files,
  };
  putSeedComponent(svc.ctx, wsId, c, Date.now());
  await seedComponentCode(svc.storage!, svc.ctx, wsId, [c]);
}

const put = (name: string, body: unknown) => call(svc.url, "PUT", `${WS_PATH}/jobs/${name}`, { body });
const get = (name: string) => call(svc.url, "GET", `${WS_PATH}/jobs/${name}`);
const timeline = (name: string) => call(svc.url, "GET", `${WS_PATH}/jobs/${name}/timeline`);
const finished = (name: string, ms = 30_000) =>
  until(
    () => get(name),
    (r) => ["Completed", "Failed", "Canceled"].includes(r.body?.properties?.status),
    ms,
    100,
  );
const pipeline = (jobs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  properties: {
    jobType: "Pipeline",
    experimentName: "runner-test",
    settings: { default_compute: computeId },
    inputs: {},
    outputs: {},
    jobs,
    ...extra,
  },
});

async function readBlob(p: string): Promise<string | null> {
  const { container } = defaultStoreNames(svc.ctx, wsId);
  const blob = svc.storage!.blobService.getContainerClient(container).getBlobClient(p);
  if (!(await blob.exists())) return null;
  return (await blob.downloadToBuffer()).toString("utf8");
}

beforeAll(async () => {
  svc = await start({ storage: { seedBlobCount: 0, seedContent: false } });
  const { container } = defaultStoreNames(svc.ctx, wsId);
  const c = svc.storage!.blobService.getContainerClient(container);
  await c.createIfNotExists();
  const csv = fs.readFileSync(
    shared("azureml-examples/cli/jobs/pipelines-with-components/basics/3b_pipeline_with_data/data/sample.csv"),
  );
  await c.getBlockBlobClient("tests/3b/data/sample.csv").uploadData(csv);
  for (const x of ["a", "b", "c"])
    await component(
      `rt_${x}`,
      `python step.py \${{inputs.rt_${x}_input}} \${{outputs.rt_${x}_output}} ${x}`,
      { [`rt_${x}_input`]: { type: "uri_folder" } },
      { [`rt_${x}_output`]: { type: "uri_folder" } },
    );
  await component(
    "rt_sleep",
    "echo started; sleep ${{inputs.seconds}}; echo done",
    { seconds: { type: "string" } },
    { out: { type: "uri_folder" } },
    { "x.txt": "x" },
  );
  await component(
    "rt_fail",
    "echo about to fail; echo partial > ${{outputs.out}}/partial.txt; exit 3",
    {},
    { out: { type: "uri_folder" } },
    { "x.txt": "x" },
  );
  await component(
    "rt_echo",
    "printf '%s\\n' ${{inputs.value}} > ${{outputs.out}}/value.txt; echo ran",
    { value: { type: "string" } },
    { out: { type: "uri_folder" } },
    { "x.txt": "x" },
  );
}, 60_000);

afterAll(async () => {
  await svc?.close();
});

describe("job runner", () => {
  it("runs the 3b pipeline: steps in order, outputs and logs in workspaceblobstore, metrics in MLflow", async () => {
    const r = await put(
      "p3b",
      pipeline(
        {
          component_a: {
            type: "command",
            componentId: compId("rt_a"),
            inputs: {
              rt_a_input: {
                job_input_type: "uri_folder",
                uri: "azureml://datastores/workspaceblobstore/paths/tests/3b/data",
              },
            },
          },
          component_b: {
            type: "command",
            componentId: compId("rt_b"),
            inputs: {
              rt_b_input: { job_input_type: "literal", value: "${{parent.jobs.component_a.outputs.rt_a_output}}" },
            },
          },
          component_c: {
            type: "command",
            componentId: compId("rt_c"),
            inputs: {
              rt_c_input: { job_input_type: "literal", value: "${{parent.jobs.component_b.outputs.rt_b_output}}" },
            },
            outputs: { rt_c_output: { value: "${{parent.outputs.final}}", type: "literal" } },
          },
        },
        { outputs: { final: { jobOutputType: "uri_folder" } } },
      ),
    );
    expect(r.status).toBe(201);
    const done = await finished("p3b");
    expect(done.body.properties.status).toBe("Completed");
    expect(done.body.properties.outputs.final.uri).toBe(
      "azureml://datastores/workspaceblobstore/paths/azureml/p3b-component_c/rt_c_output/",
    );
    const t = (await timeline("p3b")).body;
    expect(t.steps.map((s: any) => [s.step, s.status])).toEqual([
      ["component_a", "Completed"],
      ["component_b", "Completed"],
      ["component_c", "Completed"],
    ]);
    for (const s of t.steps)
      expect(s.history.map((h: any) => h.status)).toEqual([
        "NotStarted",
        "Queued",
        "Preparing",
        "Running",
        "Finalizing",
        "Completed",
      ]);
    // In order: each step starts running after the one before it completed.
    const at = (s: any, st: string) => Date.parse(s.history.find((h: any) => h.status === st).at);
    expect(at(t.steps[1], "Running")).toBeGreaterThanOrEqual(at(t.steps[0], "Completed"));
    expect(at(t.steps[2], "Running")).toBeGreaterThanOrEqual(at(t.steps[1], "Completed"));
    // The data went through all three steps and out to storage.
    expect(await readBlob("azureml/p3b-component_c/rt_c_output/sample.csv")).toContain(",");
    expect(await readBlob("azureml/p3b-component_c/rt_c_output/c.txt")).toBe("c\n");
    const log = await readBlob(t.steps[0].logPath);
    expect(log).toMatch(/Environment requested: inline: image python.*this machine's interpreters/);
    expect(log).toContain("a got ['sample.csv']");
    // Steps are jobs: listed under the pipeline, not among the workspace's top-level jobs.
    const children = await call(svc.url, "GET", `${WS_PATH}/jobs?parentJobName=p3b`);
    expect(children.body.value.map((j: any) => j.properties.properties["azureml.parentJobName"])).toEqual([
      "p3b",
      "p3b",
      "p3b",
    ]);
    const top = await call(svc.url, "GET", `${WS_PATH}/jobs`);
    expect(top.body.value.map((j: any) => j.name)).not.toContain("p3b-component_a");
    const hist = await call(
      svc.url,
      "GET",
      `/mlflow/v1.0/subscriptions/${WS_PATH.split("/")[2]}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}/api/2.0/mlflow/metrics/get-history?run_id=p3b-component_a&metric_key=rows`,
    );
    expect(hist.body.metrics).toEqual([expect.objectContaining({ key: "rows", value: 1 })]);
  }, 60_000);

  it("runs at most the cluster's max nodes at once and shows them as busy nodes", async () => {
    const cluster = `${WS_PATH}/computes/gpu-cluster`; // maxNodeCount 2
    const jobs = Object.fromEntries(
      ["s1", "s2", "s3", "s4"].map((s) => [
        s,
        {
          componentId: compId("rt_sleep"),
          computeId: cluster,
          inputs: { seconds: { job_input_type: "literal", value: "0.8" } },
        },
      ]),
    );
    expect((await put("par", pipeline(jobs))).status).toBe(201);
    const busy = await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/gpu-cluster`),
      (r) => r.body.properties.properties.nodeStateCounts.runningNodeCount === 2,
      15_000,
      50,
    );
    expect(busy.body.properties.properties.nodeStateCounts.runningNodeCount).toBe(2);
    expect((await finished("par")).body.properties.status).toBe("Completed");
    const t = (await timeline("par")).body;
    const spans = t.steps.map((s: any) => [
      Date.parse(s.history.find((h: any) => h.status === "Running").at),
      Date.parse(s.endedAt),
    ]);
    for (const [startAt] of spans)
      expect(spans.filter(([s, e]: number[]) => s <= startAt && startAt < e).length).toBeLessThanOrEqual(2);
    const after = await call(svc.url, "GET", `${WS_PATH}/computes/gpu-cluster`);
    expect(after.body.properties.properties.nodeStateCounts.runningNodeCount).toBe(0);
  }, 60_000);

  it("a wide pipeline waiting on a small cluster holds its steps without a listener-leak warning", async () => {
    // Every step waiting for a node, and every running step's process, listens on the job's cancel signal.
    const warnings: string[] = [];
    const onWarning = (w: Error) => void (w.name === "MaxListenersExceededWarning" && warnings.push(w.message));
    process.on("warning", onWarning);
    try {
      const jobs = Object.fromEntries(
        Array.from({ length: 16 }, (_, i) => [
          `w${i}`,
          {
            componentId: compId("rt_sleep"),
            computeId: `${WS_PATH}/computes/gpu-cluster`, // maxNodeCount 2
            inputs: { seconds: { job_input_type: "literal", value: "0.05" } },
          },
        ]),
      );
      expect((await put("wide", pipeline(jobs))).status).toBe(201);
      expect((await finished("wide")).body.properties.status).toBe("Completed");
      // Node emits process warnings on the next tick.
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  }, 60_000);

  it("a failed step stops what depends on it, keeps its output, and fails the pipeline", async () => {
    expect(
      (
        await put(
          "pfail",
          pipeline({
            bad: { componentId: compId("rt_fail") },
            after: {
              componentId: compId("rt_echo"),
              inputs: { value: { job_input_type: "literal", value: "${{parent.jobs.bad.outputs.out}}" } },
            },
            independent: {
              componentId: compId("rt_echo"),
              inputs: { value: { job_input_type: "literal", value: "ok" } },
            },
          }),
        )
      ).status,
    ).toBe(201);
    const done = await finished("pfail");
    expect(done.body.properties.status).toBe("Failed");
    const t = (await timeline("pfail")).body;
    const by = Object.fromEntries(t.steps.map((s: any) => [s.step, s]));
    expect(by.bad).toMatchObject({ status: "Failed", exitCode: 3, error: expect.stringMatching(/exited with code 3/) });
    expect(by.after).toMatchObject({ status: "Canceled", error: 'Not run: step "bad" failed.' });
    expect(by.independent.status).toBe("Completed");
    expect(await readBlob("azureml/pfail-bad/out/partial.txt")).toBe("partial\n");
    expect(await readBlob(by.bad.logPath)).toContain("about to fail");
  }, 60_000);

  it("passes input values as values, never as shell syntax", async () => {
    const marker = path.join(os.tmpdir(), `pwned-${Date.now()}`);
    const value = `x; touch ${marker} $(touch ${marker}) \`touch ${marker}\``;
    expect(
      (
        await put(
          "inject",
          pipeline({ e: { componentId: compId("rt_echo"), inputs: { value: { job_input_type: "literal", value } } } }),
        )
      ).status,
    ).toBe(201);
    expect((await finished("inject")).body.properties.status).toBe("Completed");
    expect(fs.existsSync(marker)).toBe(false);
    expect(await readBlob("azureml/inject-e/out/value.txt")).toBe(value + "\n");
  }, 60_000);

  it("cancel (SDK beginCancel) ends the processes and the job", async () => {
    expect(
      (
        await put(
          "long",
          pipeline({
            sleepy: {
              componentId: compId("rt_sleep"),
              inputs: { seconds: { job_input_type: "literal", value: "30" } },
            },
            next: {
              componentId: compId("rt_echo"),
              inputs: { value: { job_input_type: "literal", value: "${{parent.jobs.sleepy.outputs.out}}" } },
            },
          }),
        )
      ).status,
    ).toBe(201);
    await until(
      () => timeline("long"),
      (r) => r.body.steps[0]?.status === "Running",
      15_000,
      50,
    );
    const sdk = sdkClient(svc.url, ["DataScientist"]);
    const started = Date.now();
    await sdk.jobs.beginCancelAndWait(RG, WS, "long", { updateIntervalInMs: 100 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const t = (await timeline("long")).body;
    expect(t.status).toBe("Canceled");
    expect(t.steps.map((s: any) => s.status)).toEqual(["Canceled", "Canceled"]);
    expect(t.history.map((h: any) => h.status)).toContain("CancelRequested");
  }, 60_000);

  it("refuses a bad pipeline with one 400 listing every problem", async () => {
    const r: Res = await put(
      "bad-all",
      pipeline({
        x: {
          componentId: compId("rt_echo"),
          computeId: `${WS_PATH}/computes/ghost`,
          inputs: { value: { job_input_type: "literal", value: "${{parent.jobs.y.outputs.out}}" } },
        },
        y: {
          componentId: compId("rt_echo"),
          inputs: { value: { job_input_type: "literal", value: "${{parent.jobs.x.outputs.out}}" } },
        },
        z: { componentId: compId("rt_a"), inputs: {} },
        w: { componentId: compId("rt_a"), inputs: { rt_a_input: { job_input_type: "uri_folder", uri: "./data" } } },
      }),
    );
    expect(r.status).toBe(400);
    const messages = r.body.error.details.map((d: any) => d.message).join("\n");
    expect(messages).toMatch(/compute 'ghost' does not exist/);
    expect(messages).toMatch(/'x' → 'y' → 'x'|'y' → 'x' → 'y'/);
    expect(messages).toMatch(/Step 'z' does not bind required input 'rt_a_input'/);
    expect(messages).toMatch(/local path '.\/data'/);
    expect(r.body.error.message).toMatch(/The job has 4 problems/);
    expect((await get("bad-all")).status).toBe(404);
  });

  it("refuses Spark and AutoML jobs (Azure ML only) saying where they run, and creates nothing", async () => {
    // Their ARM bodies as Azure ML takes them: the refusal comes before their own keys could read as unknown.
    const bodies: Record<string, Record<string, unknown>> = {
      "automl-1": {
        jobType: "AutoML",
        computeId,
        taskDetails: {
          taskType: "Classification",
          targetColumnName: "y",
          trainingData: { jobInputType: "mltable", uri: "azureml:titanic-table:1" },
        },
      },
      "spark-1": {
        jobType: "Spark",
        entry: { sparkJobEntryType: "SparkJobPythonEntry", file: "main.py" },
        codeId: compId("rt_echo"),
        resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.2" },
      },
    };
    for (const [name, properties] of Object.entries(bodies)) {
      const r: Res = await put(name, { properties });
      expect(r.status, name).toBe(400);
      expect(r.body.error.code).toBe("UserError");
      expect(r.body.error.message).toMatch(
        new RegExp(
          `^jobType '${properties.jobType}': ${properties.jobType} jobs run on Azure ML only; submit it to an Azure ML workspace`,
        ),
      );
      expect((await get(name)).status, name).toBe(404);
    }
  });

  it("runs a command job", async () => {
    const r = await put("cmd1", {
      properties: {
        jobType: "Command",
        command: "echo hello ${{inputs.who}} > ${{outputs.out}}/hello.txt",
        environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
        computeId,
        inputs: { who: { jobInputType: "literal", value: "world" } },
        outputs: { out: { jobOutputType: "uri_folder" } },
      },
    });
    expect(r.status).toBe(201);
    expect((await finished("cmd1")).body.properties.status).toBe("Completed");
    expect(await readBlob("azureml/cmd1/out/hello.txt")).toBe("hello world\n");
  }, 30_000);
});

describe("code assets", () => {
  it("runs a seeded component whose code the background seed has not written yet (seeded on demand)", async () => {
    await svc.seeded;
    const prefix = seedCodePrefix(SEED_COMPONENTS.find((c) => c.spec.name === "component_a")!);
    const container = svc.storage!.blobService.getContainerClient(defaultStoreNames(svc.ctx, wsId).container);
    await container.getBlobClient(`${prefix}/hello.py`).delete();
    const r = await put(
      "seeded-a",
      pipeline({
        a: {
          componentId: compId("component_a"),
          inputs: {
            component_a_input: {
              job_input_type: "uri_folder",
              uri: "azureml://datastores/workspaceblobstore/paths/tests/3b/data",
            },
          },
        },
      }),
    );
    expect(r.status).toBe(201);
    expect((await finished("seeded-a")).body.properties.status).toBe("Completed");
    expect(await readBlob("ExperimentRun/dcid.seeded-a-a/user_logs/std_log.txt")).toContain("Hello from componentA");
    expect(await container.getBlobClient(`${prefix}/hello.py`).exists()).toBe(true);
  }, 30_000);

  it("fails a step whose code folder is missing from storage, naming it", async () => {
    await component("rt_nocode", "echo never", {}, { out: { type: "uri_folder" } }, { "gone.txt": "soon gone" });
    const container = svc.storage!.blobService.getContainerClient(defaultStoreNames(svc.ctx, wsId).container);
    for await (const b of container.listBlobsFlat({ prefix: "LocalUpload/" }))
      if (b.name.endsWith("/gone.txt")) await container.deleteBlob(b.name);
    expect((await put("nocode", pipeline({ s: { componentId: compId("rt_nocode") } }))).status).toBe(201);
    const t = (await finished("nocode")).body;
    expect(t.properties.status).toBe("Failed");
    expect((await timeline("nocode")).body.steps[0]).toMatchObject({
      status: "Failed",
      error: expect.stringMatching(/LocalUpload\/[0-9a-f]{32}\/src is an empty or missing folder/),
    });
  }, 30_000);
});

describe("code snapshots", () => {
  it("gives every step its own copy of the code, read from storage once per code version", async () => {
    await component(
      "rt_snap",
      "cat data.txt; echo changed > data.txt",
      {},
      { out: { type: "uri_folder" } },
      {
        "data.txt": "as registered",
      },
    );
    const three = pipeline({
      s1: { componentId: compId("rt_snap") },
      s2: { componentId: compId("rt_snap") },
      s3: { componentId: compId("rt_snap") },
    });
    expect((await put("snap-1", three)).status).toBe(201);
    expect((await finished("snap-1")).body.properties.status).toBe("Completed");
    // No step saw another's change: each got its own copy.
    for (const st of ["s1", "s2", "s3"])
      expect(await readBlob(`ExperimentRun/dcid.snap-1-${st}/user_logs/std_log.txt`)).toContain("as registered");
    // The code version is immutable, as in Azure ML: with its blobs gone, a new job still runs the snapshot.
    const container = svc.storage!.blobService.getContainerClient(defaultStoreNames(svc.ctx, wsId).container);
    for await (const b of container.listBlobsFlat({ prefix: "LocalUpload/" }))
      if (b.name.endsWith("/data.txt")) await container.deleteBlob(b.name);
    expect((await put("snap-2", three)).status).toBe(201);
    expect((await finished("snap-2")).body.properties.status).toBe("Completed");
    expect(await readBlob("ExperimentRun/dcid.snap-2-s2/user_logs/std_log.txt")).toContain("as registered");
  }, 30_000);
});

describe("restart", () => {
  it("ends steps left running by a stopped service as Failed with the reason", async () => {
    const dataDir = svc.dataDir;
    expect(
      (
        await put(
          "orphan",
          pipeline({
            sleepy: {
              componentId: compId("rt_sleep"),
              inputs: { seconds: { job_input_type: "literal", value: "60" } },
            },
            next: {
              componentId: compId("rt_echo"),
              inputs: { value: { job_input_type: "literal", value: "${{parent.jobs.sleepy.outputs.out}}" } },
            },
          }),
        )
      ).status,
    ).toBe(201);
    await until(
      () => timeline("orphan"),
      (r) => r.body.steps[0]?.status === "Running",
      15_000,
      50,
    );
    await svc.close();
    svc = await start({ dataDir, storage: { seedBlobCount: 0, seedContent: false } });
    const t = (await timeline("orphan")).body;
    expect(t.status).toBe("Failed");
    expect(t.steps[0]).toMatchObject({ status: "Failed", error: RESTART_REASON });
    expect(t.steps[1]).toMatchObject({
      status: "Failed",
      error: expect.stringMatching(/restarted before this step started/),
    });
  }, 60_000);
});
