import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { startLocalWorkspace } from "@/local-workspace/server";
import { mlflowTrackingUri } from "@/local-workspace/resources/mlflow";

const SECRET = "mlflow-test-secret";
let svc: Awaited<ReturnType<typeof startLocalWorkspace>>;
let base: string;
const token = (roles: string[]) =>
  new SignJWT({ oid: "u1", name: "Dana", preferred_username: "dana@x", roles })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("ml-studio-local")
    .setAudience("https://management.azure.com/")
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(SECRET));

async function call(method: string, p: string, body?: unknown, roles = ["DataScientist"]) {
  const res = await fetch(`${base}/api/2.0/mlflow/${p}`, {
    method,
    headers: { authorization: `Bearer ${await token(roles)}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-mlflow-"));
  svc = await startLocalWorkspace({ port: 0, dataDir, tokenSecret: SECRET, seed: true, timeScale: 0.05 });
  base = mlflowTrackingUri(svc.url, "00000000-0000-0000-0000-000000000001", "ml-studio-demo", "demo-workspace");
});
afterAll(() => svc?.close());

describe("MLflow tracking API", () => {
  it("creates a run, logs metrics, params and tags, and returns the history", async () => {
    const exp = await call("POST", "experiments/create", { name: "exp-a" });
    expect(exp.status).toBe(200);
    const run = await call("POST", "runs/create", { experiment_id: exp.json.experiment_id, run_name: "job-123" });
    expect(run.json.run.info.run_id).toBe("job-123");
    for (let step = 0; step < 3; step++)
      expect(
        (await call("POST", "runs/log-metric", { run_id: "job-123", key: "loss", value: 1 / (step + 1), step })).status,
      ).toBe(200);
    await call("POST", "runs/log-batch", {
      run_id: "job-123",
      metrics: [{ key: "acc", value: 0.9, step: 0 }],
      params: [{ key: "lr", value: "0.01" }],
      tags: [{ key: "t", value: "v" }],
    });
    const hist = await call("GET", "metrics/get-history?run_id=job-123&metric_key=loss");
    expect(hist.json.metrics.map((m: any) => m.value)).toEqual([1, 0.5, 1 / 3]);
    const got = await call("GET", "runs/get?run_id=job-123");
    expect(got.json.run.data.params).toEqual([{ key: "lr", value: "0.01" }]);
    expect(got.json.run.data.metrics.find((m: any) => m.key === "loss").value).toBeCloseTo(1 / 3);
    const done = await call("POST", "runs/update", { run_id: "job-123", status: "FINISHED", end_time: 5 });
    expect(done.json.run_info.status).toBe("FINISHED");
  });

  it("answers in MLflow's error shape", async () => {
    const missing = await call("GET", "runs/get?run_id=nope");
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    const bad = await call("POST", "runs/log-metric", { run_id: "job-123", key: "x", value: "not a number" });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain("value");
    await call("POST", "runs/create", { run_name: "job-p" });
    await call("POST", "runs/log-parameter", { run_id: "job-p", key: "k", value: "1" });
    const changed = await call("POST", "runs/log-parameter", { run_id: "job-p", key: "k", value: "2" });
    expect(changed.status).toBe(400);
  });

  it("needs a token, and a writer role to log", async () => {
    const anon = await fetch(`${base}/api/2.0/mlflow/runs/get?run_id=job-123`);
    expect(anon.status).toBe(401);
    const reader = await call("POST", "runs/log-metric", { run_id: "job-123", key: "x", value: 1 }, ["Reader"]);
    expect(reader.status).toBe(403);
  });
});
