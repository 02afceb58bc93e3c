/**
 * Sweeps on the local workspace service: trials are child command jobs with their parameter values; each reports
 * its primary metric to MLflow (urllib, as `mlflow.log_metric` would) and the sweep records the best trial; trials
 * run at most max_concurrent_trials and the cluster's nodes at once; cancel stops them all; Bayesian sampling is
 * random here and the log says so; the Bandit policy stops a trial that falls behind; trial_timeout stops a trial
 * that runs too long; bad sweeps get one 400 naming every problem and create nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESTART_REASON } from "../../local-workspace/runner/job-runner";
import { call, start, until, WS_PATH } from "./helpers";

type Svc = Awaited<ReturnType<typeof start>>;
let svc: Svc;
const computeId = `${WS_PATH}/computes/cpu-cluster`;
const ENV = "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1";

/** Logs `metric` = each value of VALUES (space-separated) at steps 0.., sleeping PAUSE seconds between them. */
const REPORT = `python3 - <<'PY'
import json, os, time, urllib.request
for step, value in enumerate(os.environ["VALUES"].split()):
    body = json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"], "key": "score", "value": float(value), "timestamp": int(time.time() * 1000), "step": step}).encode()
    req = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric", data=body, method="POST", headers={"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
    urllib.request.urlopen(req).read()
    time.sleep(float(os.environ.get("PAUSE", "0")))
PY`;

const put = (name: string, body: unknown) => call(svc.url, "PUT", `${WS_PATH}/jobs/${name}`, { body });
const get = (name: string) => call(svc.url, "GET", `${WS_PATH}/jobs/${name}`);
const timeline = (name: string) => call(svc.url, "GET", `${WS_PATH}/jobs/${name}/timeline`);
const finished = (name: string, ms = 60_000) =>
  until(
    () => get(name),
    (r) => ["Completed", "Failed", "Canceled"].includes(r.body?.properties?.status),
    ms,
    100,
  );

function sweep(props: Record<string, unknown>, trial: Record<string, unknown> = {}) {
  return {
    properties: {
      jobType: "Sweep",
      experimentName: "sweep-test",
      computeId,
      inputs: { greeting: { jobInputType: "literal", value: "hi" } },
      trial: { command: "echo", environmentId: ENV, ...trial },
      searchSpace: { lr: ["choice", [[0.01, 0.05, 0.1]]] },
      samplingAlgorithm: { samplingAlgorithmType: "Grid" },
      objective: { goal: "Maximize", primaryMetric: "score" },
      limits: { jobLimitsType: "Sweep", maxTotalTrials: 10, maxConcurrentTrials: 2 },
      ...props,
    },
  };
}

beforeAll(async () => {
  svc = await start({ storage: false });
});
afterAll(async () => {
  await svc?.close();
});

describe("sweeps on the local service", () => {
  it("grid: one trial per combination with its values in the command; the best trial is recorded", async () => {
    // score = 1 - (lr - 0.05)^2: lr 0.05 is best.
    const command = `echo "\${{inputs.greeting}} lr=\${{search_space.lr}}" && export VALUES=$(python3 -c "print(1 - (\${{search_space.lr}} - 0.05) ** 2)") && ${REPORT}`;
    const created = await put("sweep_grid", sweep({}, { command }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const done = await finished("sweep_grid");
    expect(done.body.properties.status).toBe("Completed");
    const t = (await timeline("sweep_grid")).body;
    expect(t.steps.map((s: any) => s.hyperparameters.lr).sort()).toEqual([0.01, 0.05, 0.1]);
    for (const s of t.steps) {
      expect(s.status).toBe("Completed");
      expect(s.primaryMetric).toBeCloseTo(1 - (s.hyperparameters.lr - 0.05) ** 2, 10);
    }
    const best = t.steps.find((s: any) => s.hyperparameters.lr === 0.05);
    expect(t.bestTrial).toBe(best.jobName);
    expect(done.body.properties.properties.best_child_run_id).toBe(best.jobName);
    // Trials are jobs of their own, listed under the sweep, their command bound.
    const trials = await call(svc.url, "GET", `${WS_PATH}/jobs?parentJobName=sweep_grid`);
    expect(trials.body.value).toHaveLength(3);
    expect(trials.body.value.map((j: any) => j.properties.command).join("\n")).toContain(
      'echo "${{inputs.greeting}} lr=0.05"',
    );
  });

  it("random: the sampled values stay in their distributions and max_total_trials holds", async () => {
    const created = await put(
      "sweep_random",
      sweep(
        {
          searchSpace: {
            lr: ["loguniform", [-6, -1]],
            depth: ["randint", [8]],
            kernel: ["choice", [["linear", "rbf"]]],
          },
          samplingAlgorithm: { samplingAlgorithmType: "Random", seed: 7 },
          limits: { maxTotalTrials: 4, maxConcurrentTrials: 4 },
        },
        { command: `export VALUES=\${{search_space.depth}} && ${REPORT}` },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await finished("sweep_random")).body.properties.status).toBe("Completed");
    const t = (await timeline("sweep_random")).body;
    expect(t.steps).toHaveLength(4);
    for (const s of t.steps) {
      expect(s.hyperparameters.lr).toBeGreaterThanOrEqual(Math.exp(-6));
      expect(s.hyperparameters.lr).toBeLessThanOrEqual(Math.exp(-1));
      expect(
        Number.isInteger(s.hyperparameters.depth) && s.hyperparameters.depth >= 0 && s.hyperparameters.depth < 8,
      ).toBe(true);
      expect(["linear", "rbf"]).toContain(s.hyperparameters.kernel);
      expect(s.primaryMetric).toBe(s.hyperparameters.depth);
    }
  });

  // The most trials holding a node at one moment: each trial's span runs from Running to its end.
  const mostAtOnce = (steps: any[]) => {
    const spans = steps.map((s) => [
      Date.parse(s.history.find((h: any) => h.status === "Running").at),
      Date.parse(s.endedAt),
    ]);
    return Math.max(...spans.map(([at]) => spans.filter(([s, e]) => s <= at && at < e).length));
  };

  it("6 trials with max_concurrent_trials 2 run two at a time, never more", async () => {
    const created = await put(
      "sweep_cap",
      sweep(
        {
          searchSpace: { x: ["choice", [[1, 2, 3, 4, 5, 6]]] },
          limits: { maxTotalTrials: 6, maxConcurrentTrials: 2 },
        },
        { command: "sleep 0.6 && echo x=${{search_space.x}}" },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await finished("sweep_cap")).body.properties.status).toBe("Completed");
    const t = (await timeline("sweep_cap")).body;
    expect(t.steps).toHaveLength(6);
    // cpu-cluster has 4 nodes: the sweep's own limit is what holds it to 2.
    expect(mostAtOnce(t.steps)).toBe(2);
  });

  it("the cluster's free nodes cap a sweep below max_concurrent_trials", async () => {
    const created = await put(
      "sweep_nodes",
      sweep(
        {
          computeId: `${WS_PATH}/computes/gpu-cluster`, // maxNodeCount 2
          searchSpace: { x: ["choice", [[1, 2, 3, 4]]] },
          limits: { maxTotalTrials: 4, maxConcurrentTrials: 4 },
        },
        { command: "sleep 0.6 && echo x=${{search_space.x}}" },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await finished("sweep_nodes")).body.properties.status).toBe("Completed");
    expect(mostAtOnce((await timeline("sweep_nodes")).body.steps)).toBe(2);
  });

  it("cancel stops every running trial and starts no more", async () => {
    const created = await put(
      "sweep_cancel",
      sweep(
        { searchSpace: { x: ["choice", [[1, 2, 3, 4, 5, 6]]] }, limits: { maxTotalTrials: 6, maxConcurrentTrials: 2 } },
        { command: "sleep 60" },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await until(
      () => timeline("sweep_cancel"),
      (r) => r.body?.steps?.filter((s: any) => s.status === "Running").length === 2,
      15_000,
      100,
    );
    const started = Date.now();
    const cancel = await call(svc.url, "POST", `${WS_PATH}/jobs/sweep_cancel/cancel`);
    expect(cancel.status).toBe(202);
    const done = await finished("sweep_cancel", 15_000);
    expect(done.body.properties.status).toBe("Canceled");
    // The 60 s trials were stopped, not waited for.
    expect(Date.now() - started).toBeLessThan(10_000);
    const t = (await timeline("sweep_cancel")).body;
    expect(t.steps).toHaveLength(2);
    expect(t.steps.map((s: any) => s.status)).toEqual(["Canceled", "Canceled"]);
  });

  it("Bayesian sampling is sampled at random here, and the sweep's log says so", async () => {
    const created = await put(
      "sweep_bayes",
      sweep({
        searchSpace: { lr: ["uniform", [0.01, 0.1]] },
        samplingAlgorithm: { samplingAlgorithmType: "Bayesian" },
        limits: { maxTotalTrials: 2, maxConcurrentTrials: 2 },
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await finished("sweep_bayes")).body.properties.status).toBe("Completed");
    const t = (await timeline("sweep_bayes")).body;
    expect(t.steps).toHaveLength(2);
    for (const s of t.steps) {
      expect(s.hyperparameters.lr).toBeGreaterThanOrEqual(0.01);
      expect(s.hyperparameters.lr).toBeLessThanOrEqual(0.1);
    }
    const log = fs.readFileSync(
      path.join(svc.dataDir, "local-workspace", "jobs", "sweep_bayes", "user_logs", "std_log.txt"),
      "utf8",
    );
    expect(log).toMatch(
      /Bayesian sampling: the local workspace service has no Bayesian optimiser, so it samples the space at random/,
    );
  });

  it("Bandit stops a trial that falls outside the slack of the best one", async () => {
    // x=1 reports 100 ten times at once; x=0 reports 1 every half second: at its first report it is far behind.
    const created = await put(
      "sweep_bandit",
      sweep(
        {
          searchSpace: { x: ["choice", [[1, 0]]] },
          earlyTermination: { policyType: "Bandit", slackFactor: 0.1, evaluationInterval: 1, delayEvaluation: 0 },
        },
        {
          command: `if [ \${{search_space.x}} = 1 ]; then VALUES="100 100 100 100 100 100 100 100 100 100"; PAUSE=0; else sleep 1; VALUES="1 1 1 1 1 1 1 1 1 1"; PAUSE=0.5; fi; export VALUES PAUSE; ${REPORT}`,
        },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await finished("sweep_bandit")).body.properties.status).toBe("Completed");
    const t = (await timeline("sweep_bandit")).body;
    const good = t.steps.find((s: any) => s.hyperparameters.x === 1);
    const bad = t.steps.find((s: any) => s.hyperparameters.x === 0);
    expect(good.status).toBe("Completed");
    expect(bad.status).toBe("Canceled");
    expect(bad.error).toMatch(/Early terminated: Bandit policy/);
    expect(t.bestTrial).toBe(good.jobName);
  });

  it("trial_timeout stops a trial that runs too long; a sweep with no completed trial fails", async () => {
    const created = await put(
      "sweep_timeout",
      sweep(
        { searchSpace: { x: ["choice", [[1]]] }, limits: { maxTotalTrials: 1, trialTimeout: "PT1S" } },
        { command: "sleep 30" },
      ),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const done = await finished("sweep_timeout", 20_000);
    expect(done.body.properties.status).toBe("Failed");
    const t = (await timeline("sweep_timeout")).body;
    expect(t.steps[0].status).toBe("Canceled");
    expect(t.steps[0].error).toMatch(/trial reached its timeout \(1 s\)/);
  });

  it("a bad sweep gets one 400 naming every problem, and nothing is created", async () => {
    const bad = await put(
      "sweep_bad",
      sweep(
        {
          searchSpace: { lr: ["uniform", [0.1, 0.01]], c: ["uniform", [0, 1]] },
          objective: { goal: "Sideways" },
          limits: { maxTotalTrials: -1, timeout: "two hours" },
          earlyTermination: { policyType: "Patience" },
        },
        { command: "echo ${{search_space.missing}}" },
      ),
    );
    expect(bad.status).toBe(400);
    const message = bad.body.error.message as string;
    for (const part of [
      "searchSpace.lr: min must be below max",
      "Grid sampling takes choice only; searchSpace.c is uniform",
      "objective.goal must be Maximize or Minimize",
      "objective.primaryMetric",
      "limits.maxTotalTrials must be a positive whole number",
      "limits.timeout must be an ISO 8601 duration",
      "earlyTermination.policyType must be one of",
      "${{search_space.missing}}, which searchSpace does not declare",
    ])
      expect(message).toContain(part);
    expect((await get("sweep_bad")).status).toBe(404);
  });

  it("a restart mid-sweep leaves nothing Running: the sweep and its trials end Failed saying why", async () => {
    const created = await put(
      "sweep_orphan",
      sweep(
        { searchSpace: { x: ["choice", [[1, 2, 3]]] }, limits: { maxConcurrentTrials: 1 } },
        { command: "sleep 60" },
      ),
    );
    expect(created.status).toBe(201);
    await until(
      () => timeline("sweep_orphan"),
      (r) => r.body.steps?.[0]?.status === "Running",
      15_000,
      50,
    );
    const dataDir = svc.dataDir;
    await svc.close();
    svc = await start({ dataDir, storage: false });
    const t = (await timeline("sweep_orphan")).body;
    expect(t.status).toBe("Failed");
    expect(t.steps[0]).toMatchObject({ status: "Failed", error: RESTART_REASON });
    expect(t.steps.every((s: any) => !["Running", "Queued", "NotStarted", "Preparing"].includes(s.status))).toBe(true);
  }, 60_000);
});
