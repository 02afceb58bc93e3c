/** The jobs routes against the local workspace service (with Azurite): list, detail, log stream, metrics, actions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { key } from "../../local-workspace/arm";
import { startStudio, SUB, RG, WS, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const wsId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;
let s: Studio;

const until = async (check: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
};

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0, seedContent: false } });
  const command = `echo "line one"; echo 'line "two"'; curl -s -X POST -H "Authorization: Bearer $MLFLOW_TRACKING_TOKEN" -H 'Content-Type: application/json' -d "{\\"run_id\\":\\"$MLFLOW_RUN_ID\\",\\"key\\":\\"acc\\",\\"value\\":0.9,\\"timestamp\\":1,\\"step\\":3}" "$MLFLOW_TRACKING_URI/api/2.0/mlflow/runs/log-metric" >/dev/null; echo done`;
  await s.sdk().jobs.createOrUpdate(RG, WS, "rt-cmd", {
    properties: {
      jobType: "Command",
      command,
      environmentId: "azureml:x:1",
      computeId: `${wsId}/computes/cpu-cluster`,
    } as never,
  });
  await s.sdk().jobs.createOrUpdate(RG, WS, "rt-pipe", {
    properties: {
      jobType: "Pipeline",
      displayName: "rt pipe",
      settings: { default_compute: `${wsId}/computes/cpu-cluster` },
      jobs: {
        a: {
          componentId: `${wsId}/components/hello_python_world/versions/1`,
          inputs: {
            sample_input_data: {
              job_input_type: "uri_folder",
              uri: "azureml://datastores/workspaceblobstore/paths/none",
            },
          },
        },
      },
    } as never,
  });
  await until(async () => (await s.sdk().jobs.get(RG, WS, "rt-cmd")).properties.status === "Completed");
}, 60_000);

afterAll(async () => {
  await s?.close();
});

describe("jobs routes", () => {
  it("lists jobs and reads one with its timeline", async () => {
    const list = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" });
    expect(list.status).toBe(200);
    expect(list.body.data.map((j: any) => j.name)).toEqual(expect.arrayContaining(["rt-cmd", "rt-pipe"]));
    const one = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]", { ...ws, name: "rt-pipe" }, { as: "reader" });
    expect(one.body.data.job).toMatchObject({ name: "rt-pipe", jobType: "Pipeline", displayName: "rt pipe" });
    expect(one.body.data.timeline.steps.map((st: any) => st.jobName)).toEqual(["rt-pipe-a"]);
    const missing = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]", { ...ws, name: "nope" }, { as: "reader" });
    expect(missing.status).toBe(404);
  });

  it("streams a finished job's log as Server-Sent Events to the end, and resumes from an offset", async () => {
    const full = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/logs",
      { ...ws, name: "rt-cmd" },
      { as: "reader" },
    );
    expect(full.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = full.text
      .split("\n\n")
      .filter((e) => e.startsWith("id: "))
      .map((e) => JSON.parse(e.split("data: ")[1]).text)
      .join("");
    expect(text).toContain('line one\nline "two"\n');
    expect(full.text).toMatch(/event: end\ndata: .*"status":"Completed"/);
    // The offset is in bytes; the runner's own lines come first (one of them quotes the command).
    const offset = Buffer.byteLength(text.slice(0, text.lastIndexOf("line one\n") + "line one\n".length));
    const rest = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/logs",
      { ...ws, name: "rt-cmd" },
      { as: "reader", query: { from: String(offset) } },
    );
    expect(rest.text).not.toContain("line one\\n");
    expect(rest.text).toContain("two");
    const dl = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/logs/download",
      { ...ws, name: "rt-cmd" },
      { as: "reader" },
    );
    expect(dl.headers.get("content-disposition")).toContain("rt-cmd-std_log.txt");
    expect(dl.text).toBe(text);
    const wrongStep = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/logs",
      { ...ws, name: "rt-cmd" },
      { as: "reader", query: { step: "rt-pipe-a" } },
    );
    expect(wrongStep.status).toBe(404);
  });

  it("reads the metrics a job logged through MLflow", async () => {
    const m = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/metrics",
      { ...ws, name: "rt-cmd" },
      { as: "reader" },
    );
    expect(m.body.data).toEqual([{ key: "acc", points: [{ step: 3, value: 0.9, timestamp: 1 }] }]);
  });

  it("reruns, clones into a draft, refuses to cancel an ended job, and refuses readers", async () => {
    const rerun = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/[action]",
      { ...ws, name: "rt-cmd", action: "rerun" },
      { as: "scientist" },
    );
    expect(rerun.status).toBe(202);
    expect(rerun.body.data.name).toMatch(/^rt-cmd_rerun_[0-9a-f]{6}$/);
    const copy = await s.sdk().jobs.get(RG, WS, rerun.body.data.name);
    expect((copy.properties as any).command).toContain("line one");
    const clone = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/[action]",
      { ...ws, name: "rt-pipe", action: "clone" },
      { as: "scientist" },
    );
    expect(clone.status).toBe(202);
    const draft = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]",
      { ...ws, id: clone.body.data.draftId },
      { as: "scientist" },
    );
    expect(draft.body.data.graph.nodes.map((n: any) => n.id)).toContain("a");
    const cancel = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/[action]",
      { ...ws, name: "rt-cmd", action: "cancel" },
      { as: "scientist" },
    );
    expect(cancel.status).toBe(409);
    const asReader = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/[action]",
      { ...ws, name: "rt-cmd", action: "rerun" },
      { as: "reader" },
    );
    expect(asReader.status).toBe(403);
    const graphOfCommand = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/graph",
      { ...ws, name: "rt-cmd" },
      { as: "reader" },
    );
    expect(graphOfCommand.status).toBe(400);
  });

  it("reruns a sweep: a copy with the same search space runs its own trials", async () => {
    await s.sdk().jobs.createOrUpdate(RG, WS, "rt-sweep", {
      properties: {
        jobType: "Sweep",
        computeId: `${wsId}/computes/cpu-cluster`,
        trial: { command: "echo lr=${{search_space.lr}}", environmentId: "azureml:x:1" },
        searchSpace: { lr: ["choice", [[0.1, 0.2]]] },
        samplingAlgorithm: { samplingAlgorithmType: "Grid" },
        objective: { goal: "Maximize", primaryMetric: "acc" },
        limits: { jobLimitsType: "Sweep", maxTotalTrials: 2, maxConcurrentTrials: 2 },
        earlyTermination: { policyType: "Bandit", slackFactor: 0.2, evaluationInterval: 1 },
      } as never,
    });
    const rerun = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/[action]",
      { ...ws, name: "rt-sweep", action: "rerun" },
      { as: "scientist" },
    );
    expect(rerun.status, rerun.text).toBe(202);
    const name = rerun.body.data.name as string;
    expect(name).toMatch(/^rt-sweep_rerun_[0-9a-f]{6}$/);
    const copy = (await s.sdk().jobs.get(RG, WS, name)).properties as any;
    expect(copy).toMatchObject({
      jobType: "Sweep",
      searchSpace: { lr: ["choice", [[0.1, 0.2]]] },
      limits: { maxTotalTrials: 2, maxConcurrentTrials: 2 },
      earlyTermination: { policyType: "Bandit", slackFactor: 0.2 },
    });
    await until(async () =>
      ["Completed", "Failed"].includes((await s.sdk().jobs.get(RG, WS, name)).properties.status!),
    );
    const detail = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]", { ...ws, name }, { as: "reader" });
    expect(detail.body.data.job.status).toBe("Completed");
    expect(detail.body.data.timeline.steps).toHaveLength(2);
  });

  it("an AutoML job (Azure ML only) is listed and shown read-only: no rerun, no YAML export", async () => {
    // Put in the service's store as an Azure workspace would hold it: the local service never creates one.
    const id = `${wsId}/jobs/rt-automl`;
    const now = Date.now();
    s.svc.ctx.store.put(
      {
        id,
        kind: "jobs",
        parent: key(wsId),
        name: "rt-automl",
        body: {
          id,
          name: "rt-automl",
          type: "Microsoft.MachineLearningServices/workspaces/jobs",
          properties: {
            jobType: "AutoML",
            displayName: "titanic automl",
            status: "Completed",
            experimentName: "automl",
            computeId: `${wsId}/computes/cpu-cluster`,
            taskDetails: { taskType: "Classification", targetColumnName: "Survived" },
            properties: {},
            tags: {},
          },
          systemData: { createdAt: new Date(now).toISOString(), createdBy: "someone" },
        },
        sim: null,
        dueAt: null,
      },
      now,
    );
    const list = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" });
    expect(list.body.data.find((j: any) => j.name === "rt-automl")).toMatchObject({
      jobType: "AutoML",
      displayName: "titanic automl",
      status: "Completed",
    });
    const one = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]", { ...ws, name: "rt-automl" }, { as: "reader" });
    expect(one.status, one.text).toBe(200);
    expect(one.body.data.job).toMatchObject({ jobType: "AutoML", computeName: "cpu-cluster" });
    expect(one.body.data.job.properties.taskDetails.taskType).toBe("Classification");
    const rerun = await s.call(
      "POST",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/[action]",
      { ...ws, name: "rt-automl", action: "rerun" },
      { as: "scientist" },
    );
    expect(rerun.status).toBe(400);
    expect(rerun.body.error.message).toMatch(/job of type AutoML, which the studio shows read-only/);
    const yaml = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/yaml",
      { ...ws, name: "rt-automl" },
      { as: "reader" },
    );
    expect(yaml.status).toBe(400);
    expect(yaml.body.error.message).toMatch(/is a job of type AutoML; command and sweep jobs export here/);
  });
});
