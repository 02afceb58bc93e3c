/**
 * The compute, workspace, VM size and usage routes end to end: route handler → cache → SDK → the real local
 * workspace service over HTTP (through a recording proxy, so the test sees exactly what reached the upstream).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, until, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const LIST = "ws/[sub]/[rg]/[ws]/computes";
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";
const ACTION = "ws/[sub]/[rg]/[ws]/computes/[name]/[action]";

let s: Studio;

beforeAll(async () => {
  s = await startStudio({ timeScale: 0.05 });
});
afterAll(async () => {
  await s?.close();
});

const getCompute = (name: string) => s.call("GET", ONE, { ...ws, name }, { as: "scientist" });
const upstreamExists = async (name: string) =>
  s
    .sdk()
    .computeOperations.get(RG, WS, name)
    .then(
      () => true,
      (e: { statusCode?: number }) => {
        if (e.statusCode === 404) return false;
        throw e;
      },
    );

describe("workspaces, VM sizes, usage", () => {
  it("lists the workspaces of the configured subscription with cache meta", async () => {
    const res = await s.call("GET", "workspaces", {}, { as: "reader" });
    expect(res.status).toBe(200);
    expect(res.body.data.map((w: { name: string }) => w.name)).toEqual(["demo-workspace", "research-workspace"]);
    expect(res.body.data[0]).toMatchObject({ subscriptionId: SUB, resourceGroup: RG, location: "eastus" });
    expect(res.body.cache).toEqual({ source: "upstream", ageMs: 0 });
    const again = await s.call("GET", "workspaces", {}, { as: "reader" });
    expect(again.body.cache.source).toBe("cache");
    expect(again.body.data).toEqual(res.body.data);
  });

  it("lists VM sizes with vCPUs, family and the Linux price", async () => {
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/vm-sizes", ws, { as: "reader" });
    expect(res.status).toBe(200);
    const ds3 = res.body.data.find((v: { name: string }) => v.name === "Standard_DS3_v2");
    expect(ds3).toMatchObject({ family: "standardDSv2Family", vCPUs: 4, gpus: 0, memoryGB: 14, pricePerHour: 0.293 });
    expect(ds3.supportedComputeTypes).toEqual(expect.arrayContaining(["AmlCompute", "ComputeInstance"]));
    expect(res.body.data.length).toBeGreaterThan(10);
  });

  it("reports usage per family that agrees with the upstream's own usages and quotas", async () => {
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/usage", ws, { as: "reader" });
    expect(res.status).toBe(200);
    const dsv2 = res.body.data.find((f: { family: string }) => f.family === "standardDSv2Family");
    // Seed: alice-ci (DS11_v2, 2 vCPUs, running) + cpu-cluster (3 × DS3_v2 = 12); bob-ci is stopped.
    expect(dsv2).toMatchObject({ workspaceLimit: 48, subscriptionLimit: 100, workspaceUsage: 14 });
    const usages: Array<{ id?: string; currentValue?: number }> = [];
    for await (const u of s.sdk().usages.list("eastus")) usages.push(u);
    const wsRow = usages.find((u) => u.id?.toLowerCase().endsWith(`/workspaces/${WS}/usages/standarddsv2family`));
    expect(dsv2.workspaceUsage).toBe(wsRow?.currentValue);
  });
});

describe("computes", () => {
  it("lists computes: first from the upstream, then from the cache", async () => {
    const first = await s.call("GET", LIST, ws, { as: "reader" });
    expect(first.status).toBe(200);
    expect(first.body.cache).toEqual({ source: "upstream", ageMs: 0 });
    const names = first.body.data.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(names).toEqual(
      expect.arrayContaining(["alice-ci", "bob-ci", "cpu-cluster", "gpu-cluster", "k8s-inference", "dsvm-attached"]),
    );
    const alice = first.body.data.find((c: { name: string }) => c.name === "alice-ci");
    expect(alice).toMatchObject({ category: "instance", state: "Running", vmSize: "Standard_DS11_v2" });

    const upstreamBefore = s.proxy!.state.requests.length;
    const second = await s.call("GET", LIST, ws, { as: "reader" });
    expect(second.body.cache.source).toBe("cache");
    expect(second.body.cache.ageMs).toBeGreaterThanOrEqual(0);
    expect(second.body.data).toEqual(first.body.data);
    expect(s.proxy!.state.requests.length).toBe(upstreamBefore);
  });

  it("gets one compute and its nodes", async () => {
    const res = await getCompute("cpu-cluster");
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: "cpu-cluster",
      category: "cluster",
      computeType: "AmlCompute",
      vmSize: "Standard_DS3_v2",
      state: "Steady",
    });
    expect(res.body.data.nodes).toMatchObject({ current: 3, min: 0, max: 4, busy: 2 });
    const nodes = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/computes/[name]/nodes",
      { ...ws, name: "cpu-cluster" },
      { as: "reader" },
    );
    expect(nodes.status).toBe(200);
    expect(nodes.body.data).toHaveLength(3);
  });

  it("answers 404 for a compute that does not exist", async () => {
    const res = await getCompute("no-such-ci");
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBeTruthy();
  });

  it("stops and starts an instance: 202, then the state moves", async () => {
    const stop = await s.call("POST", ACTION, { ...ws, name: "alice-ci", action: "stop" }, { as: "scientist" });
    expect(stop.status, stop.text).toBe(202);
    expect(["Stopping", "Stopped"]).toContain(stop.body.data.state);
    expect(s.proxy!.writes().some((r) => r.method === "POST" && /\/computes\/alice-ci\/stop\?/i.test(r.path))).toBe(
      true,
    );
    await until(
      () => getCompute("alice-ci"),
      (r) => r.body.data?.state === "Stopped",
    );

    const again = await s.call("POST", ACTION, { ...ws, name: "alice-ci", action: "stop" }, { as: "scientist" });
    expect(again.status).toBe(409);

    const start = await s.call("POST", ACTION, { ...ws, name: "alice-ci", action: "start" }, { as: "scientist" });
    expect(start.status, start.text).toBe(202);
    expect(["Starting", "Running"]).toContain(start.body.data.state);
    await until(
      () => getCompute("alice-ci"),
      (r) => r.body.data?.state === "Running",
    );
  });

  it("refuses start/stop on a cluster with a 400 naming the action", async () => {
    const res = await s.call("POST", ACTION, { ...ws, name: "cpu-cluster", action: "stop" }, { as: "scientist" });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("action");
  });

  it("creates an instance: 202 Creating, then Running; the list shows it", async () => {
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-ci-1" },
      {
        as: "scientist",
        body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2", description: "route test" },
      },
    );
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({
      name: "rt-ci-1",
      category: "instance",
      vmSize: "Standard_DS11_v2",
      description: "route test",
    });
    expect(await upstreamExists("rt-ci-1")).toBe(true);
    const list = await s.call("GET", LIST, ws, { as: "reader" });
    expect(list.body.data.map((c: { name: string }) => c.name)).toContain("rt-ci-1");
    await until(
      () => getCompute("rt-ci-1"),
      (r) => r.body.data?.state === "Running",
    );
  });

  it("creating a name that exists → 409, no PUT upstream", async () => {
    s.proxy!.reset();
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-ci-1" },
      { as: "scientist", body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2" } },
    );
    expect(res.status).toBe(409);
    expect(s.proxy!.writes()).toEqual([]);
  });

  it("creates a cluster with the requested scale settings", async () => {
    const body = {
      computeType: "AmlCompute",
      vmSize: "Standard_DS2_v2",
      minNodes: 0,
      maxNodes: 2,
      idleSecondsBeforeScaleDown: 600,
    };
    const res = await s.call("PUT", ONE, { ...ws, name: "rt-cluster-1" }, { as: "scientist", body });
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({ name: "rt-cluster-1", category: "cluster" });
    const up = await s.sdk().computeOperations.get(RG, WS, "rt-cluster-1");
    expect((up.properties as any).properties.scaleSettings).toMatchObject({
      minNodeCount: 0,
      maxNodeCount: 2,
      nodeIdleTimeBeforeScaleDown: expect.stringMatching(/^PT(600S|10M)$/),
    });
    expect((up.properties as any).properties.vmPriority).toBe("Dedicated");
    await until(
      () => getCompute("rt-cluster-1"),
      (r) => r.body.data?.provisioningState === "Succeeded",
    );
  });

  it("refuses an over-quota cluster with 400 QuotaExceeded and numbers, before any upstream write", async () => {
    s.proxy!.reset();
    // NCSv3: demo-workspace limit 12; 1 × Standard_NC24s_v3 needs 24.
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-too-big" },
      { as: "scientist", body: { computeType: "AmlCompute", vmSize: "Standard_NC24s_v3", minNodes: 0, maxNodes: 1 } },
    );
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe("QuotaExceeded");
    expect(res.body.error.field).toBe("maxNodes");
    // The studio's own message (not the upstream's "Maximum allowed: …"): it never asked the upstream to create.
    expect(res.body.error.message).toMatch(/needs 24 vCPUs/);
    expect(res.body.error.message).toMatch(/only 12 of 12 are left/);
    expect(res.body.error.details).toMatchObject({ family: "standardNCSv3Family", needed: 24, left: 12, limit: 12 });
    expect(s.proxy!.writes()).toEqual([]);
    expect(await upstreamExists("rt-too-big")).toBe(false);
  });

  it("refuses an over-quota instance with 400 QuotaExceeded naming vmSize, no upstream write", async () => {
    s.proxy!.reset();
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-too-big-ci" },
      { as: "scientist", body: { computeType: "ComputeInstance", vmSize: "Standard_NC24s_v3" } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("QuotaExceeded");
    expect(res.body.error.field).toBe("vmSize");
    expect(res.body.error.message).toMatch(/24/);
    expect(s.proxy!.writes()).toEqual([]);
    expect(await upstreamExists("rt-too-big-ci")).toBe(false);
  });

  it("refuses a VM size the region does not offer, before any upstream write", async () => {
    s.proxy!.reset();
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-odd-size" },
      { as: "scientist", body: { computeType: "ComputeInstance", vmSize: "Standard_Nope_v9" } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("vmSize");
    expect(s.proxy!.writes()).toEqual([]);
  });

  it("scales a cluster: 202 and the new settings reach the upstream", async () => {
    const res = await s.call(
      "PATCH",
      ONE,
      { ...ws, name: "rt-cluster-1" },
      { as: "scientist", body: { minNodes: 1, maxNodes: 3, idleSecondsBeforeScaleDown: 300 } },
    );
    expect(res.status, res.text).toBe(202);
    const up = await s.sdk().computeOperations.get(RG, WS, "rt-cluster-1");
    expect((up.properties as any).properties.scaleSettings).toMatchObject({
      minNodeCount: 1,
      maxNodeCount: 3,
      nodeIdleTimeBeforeScaleDown: expect.stringMatching(/^PT(300S|5M)$/),
    });
    const view = await until(
      () => getCompute("rt-cluster-1"),
      (r) => r.body.data?.nodes?.max === 3 && r.body.data?.nodes?.min === 1,
    );
    expect(view.body.data.nodes.idleSecondsBeforeScaleDown).toBe(300);
  });

  it("refuses to scale past the quota with 400 QuotaExceeded, no PATCH upstream", async () => {
    s.proxy!.reset();
    const res = await s.call(
      "PATCH",
      ONE,
      { ...ws, name: "rt-cluster-1" },
      { as: "scientist", body: { minNodes: 0, maxNodes: 1000, idleSecondsBeforeScaleDown: 300 } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("QuotaExceeded");
    expect(res.body.error.message).toMatch(/1000/);
    expect(s.proxy!.writes()).toEqual([]);
  });

  it("refuses to scale an instance (400), no PATCH upstream", async () => {
    s.proxy!.reset();
    const res = await s.call(
      "PATCH",
      ONE,
      { ...ws, name: "bob-ci" },
      { as: "scientist", body: { minNodes: 0, maxNodes: 1, idleSecondsBeforeScaleDown: 300 } },
    );
    expect(res.status).toBe(400);
    expect(s.proxy!.writes()).toEqual([]);
  });

  it("deletes an instance and a cluster: 202, then they are gone", async () => {
    for (const name of ["rt-ci-1", "rt-cluster-1"]) {
      const res = await s.call("DELETE", ONE, { ...ws, name }, { as: "scientist" });
      expect(res.status, res.text).toBe(202);
      expect(res.body.data).toEqual({ deleting: name, canceledJobs: [] });
      expect(
        s
          .proxy!.writes()
          .some(
            (r) =>
              r.method === "DELETE" &&
              r.path.includes(`/computes/${name}?`) &&
              /underlyingResourceAction=Delete/.test(r.path),
          ),
      ).toBe(true);
    }
    for (const name of ["rt-ci-1", "rt-cluster-1"]) {
      await until(
        () => getCompute(name),
        (r) => r.status === 404,
      );
      expect(await upstreamExists(name)).toBe(false);
    }
    const list = await s.call("GET", LIST, ws, { as: "reader" });
    expect(list.body.data.map((c: { name: string }) => c.name)).not.toContain("rt-ci-1");
  });

  it("detaches (never deletes) an attached compute", async () => {
    s.proxy!.reset();
    const res = await s.call("DELETE", ONE, { ...ws, name: "dsvm-attached" }, { as: "scientist" });
    expect(res.status).toBe(202);
    expect(s.proxy!.writes().some((r) => r.method === "DELETE" && /underlyingResourceAction=Detach/.test(r.path))).toBe(
      true,
    );
  });
});
