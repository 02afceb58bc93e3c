/**
 * "New compute" for every kind through the studio's routes, end to end against the local workspace service:
 * a low-priority cluster, an instance with cron schedules (then edited), an attached Kubernetes cluster and an
 * attached VM; and the bad input of each: a 400 naming the field, nothing written upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, startStudio, until, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";
const SCHEDULES = "ws/[sub]/[rg]/[ws]/computes/[name]/schedules";
const K8S_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kubernetes/connectedClusters/arc-1`;
const VM_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/dsvm-2`;

let s: Studio;
beforeAll(async () => {
  s = await startStudio({ timeScale: 0.05 });
});
afterAll(async () => {
  await s?.close();
});

const upstream = (name: string) => s.sdk().computeOperations.get(RG, WS, name);
const inner = async (name: string) => ((await upstream(name)).properties as any).properties;
const create = (name: string, body: unknown, as: "scientist" | "reader" = "scientist") =>
  s.call("PUT", ONE, { ...ws, name }, { as, body });

describe("create every kind of compute", () => {
  it("a low-priority cluster with its idle seconds before scale down", async () => {
    const res = await create("rt-spot", {
      computeType: "AmlCompute",
      vmSize: "Standard_DS2_v2",
      vmPriority: "LowPriority",
      minNodes: 0,
      maxNodes: 2,
      idleSecondsBeforeScaleDown: 900,
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({ category: "cluster", vmPriority: "LowPriority" });
    const p = await inner("rt-spot");
    expect(p.vmPriority).toBe("LowPriority");
    expect(p.scaleSettings.nodeIdleTimeBeforeScaleDown).toMatch(/^PT(900S|15M)$/);
  });

  it("an instance with start/stop cron schedules, shown on the detail and replaced by an edit", async () => {
    const res = await create("rt-sched-ci", {
      computeType: "ComputeInstance",
      vmSize: "Standard_DS11_v2",
      idleSecondsBeforeShutdown: 3600,
      schedules: [
        { action: "Start", cron: "0 8 * * 1-5", timeZone: "W. Europe Standard Time" },
        { action: "Stop", cron: "0 18 * * 1-5", enabled: false },
      ],
    });
    expect(res.status, res.text).toBe(202);
    const stored = (await inner("rt-sched-ci")).schedules.computeStartStop;
    expect(stored).toMatchObject([
      {
        action: "Start",
        status: "Enabled",
        triggerType: "Cron",
        cron: { expression: "0 8 * * 1-5", timeZone: "W. Europe Standard Time" },
      },
      { action: "Stop", status: "Disabled", cron: { expression: "0 18 * * 1-5", timeZone: "UTC" } },
    ]);
    const detail = await s.call("GET", ONE, { ...ws, name: "rt-sched-ci" }, { as: "reader" });
    expect(detail.body.data.schedules.computeStartStop).toHaveLength(2);

    // A compute being created refuses edits (409, as Azure does): wait until it is made.
    await until(
      () => upstream("rt-sched-ci"),
      (c) => (c.properties as { provisioningState?: string }).provisioningState === "Succeeded",
      60_000,
      100,
    );
    const edit = await s.call(
      "PUT",
      SCHEDULES,
      { ...ws, name: "rt-sched-ci" },
      { as: "scientist", body: { schedules: [{ action: "Stop", cron: "30 19 * * *" }] } },
    );
    expect(edit.status, edit.text).toBe(200);
    expect(edit.body.data.schedules.computeStartStop).toMatchObject([
      { action: "Stop", cron: { expression: "30 19 * * *" } },
    ]);
    expect((await inner("rt-sched-ci")).schedules.computeStartStop).toHaveLength(1);
    // The instance is otherwise as it was.
    expect((await inner("rt-sched-ci")).vmSize).toBe("Standard_DS11_v2");
  });

  it("an attached Kubernetes cluster with its namespace and instance type", async () => {
    const res = await create("rt-k8s", {
      computeType: "Kubernetes",
      resourceId: K8S_ID,
      namespace: "azureml",
      instanceTypes: {
        "gpu-small": { resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { "nvidia.com/gpu": "1" } } },
      },
      defaultInstanceType: "gpu-small",
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({ name: "rt-k8s", category: "inference" });
    const c = await upstream("rt-k8s");
    expect(c.properties).toMatchObject({ computeType: "Kubernetes", resourceId: K8S_ID });
    expect(await inner("rt-k8s")).toMatchObject({ namespace: "azureml", defaultInstanceType: "gpu-small" });
  });

  it("an attached VM: its credentials reach the upstream's listKeys, never a GET", async () => {
    const res = await create("rt-vm", {
      computeType: "VirtualMachine",
      resourceId: VM_ID,
      address: "10.0.0.7",
      sshPort: 2222,
      administratorAccount: { username: "azureuser", password: "rt-Pa55word!" },
    });
    expect(res.status, res.text).toBe(202);
    expect(await inner("rt-vm")).toMatchObject({ address: "10.0.0.7", sshPort: 2222 });
    const keys = (await s.sdk().computeOperations.listKeys(RG, WS, "rt-vm")) as any;
    expect(keys.administratorAccount.password).toBe("rt-Pa55word!");
    const detail = await s.call("GET", ONE, { ...ws, name: "rt-vm" }, { as: "scientist" });
    expect(detail.text).not.toContain("rt-Pa55word!");
  });
});

describe("bad input: a 400 naming the field, nothing written upstream", () => {
  const cases: [string, unknown, string][] = [
    [
      "an attached VM with no credentials",
      { computeType: "VirtualMachine", address: "10.0.0.8", administratorAccount: { username: "azureuser" } },
      "administratorAccount.password",
    ],
    [
      "an attached VM with no account at all",
      { computeType: "VirtualMachine", address: "10.0.0.8" },
      "administratorAccount",
    ],
    [
      "an attached VM with no address",
      { computeType: "VirtualMachine", administratorAccount: { username: "u", password: "p" } },
      "address",
    ],
    [
      "a Kubernetes compute whose default instance type it does not define",
      { computeType: "Kubernetes", resourceId: K8S_ID, defaultInstanceType: "huge" },
      "defaultInstanceType",
    ],
    ["a Kubernetes compute without a cluster", { computeType: "Kubernetes", namespace: "x" }, "resourceId"],
    [
      "an instance schedule with an invalid cron",
      {
        computeType: "ComputeInstance",
        vmSize: "Standard_DS11_v2",
        schedules: [{ action: "Start", cron: "0 25 * * *" }],
      },
      "schedules.0.cron",
    ],
    [
      "a cluster with an unknown tier",
      { computeType: "AmlCompute", vmSize: "Standard_DS2_v2", vmPriority: "Spot", minNodes: 0, maxNodes: 1 },
      "vmPriority",
    ],
  ];
  it.each(cases)("%s", async (_what, body, field) => {
    s.proxy!.reset();
    const res = await create("rt-bad", body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(s.proxy!.writes()).toEqual([]);
    await expect(upstream("rt-bad")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("a region the subscription lacks: the upstream's 400 naming location, nothing created", async () => {
    // Only the upstream knows its subscription's regions (ARM in Azure): the studio passes its refusal on.
    const res = await create("rt-far", {
      computeType: "AmlCompute",
      vmSize: "Standard_DS2_v2",
      minNodes: 0,
      maxNodes: 1,
      location: "brazilsouth",
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: "LocationNotAvailableForResourceType", field: "location" });
    await expect(upstream("rt-far")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("an invalid cron in a schedule edit; schedules of a cluster", async () => {
    s.proxy!.reset();
    const bad = await s.call(
      "PUT",
      SCHEDULES,
      { ...ws, name: "rt-sched-ci" },
      { as: "scientist", body: { schedules: [{ action: "Stop", cron: "every evening" }] } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("schedules.0.cron");
    expect(bad.body.error.message).toMatch(/5 fields/);
    const cluster = await s.call(
      "PUT",
      SCHEDULES,
      { ...ws, name: "cpu-cluster" },
      { as: "scientist", body: { schedules: [{ action: "Stop", cron: "0 18 * * *" }] } },
    );
    expect(cluster.status).toBe(400);
    expect(s.proxy!.writes()).toEqual([]);
    expect((await inner("rt-sched-ci")).schedules.computeStartStop).toHaveLength(1);
  });

  it("a reader may not create or edit schedules", async () => {
    const res = await create(
      "rt-reader",
      { computeType: "VirtualMachine", address: "h", administratorAccount: { username: "u", password: "p" } },
      "reader",
    );
    expect(res.status).toBe(403);
  });
});

describe("remove them", () => {
  it("detaches the attached Kubernetes cluster and VM, deletes the instance and the cluster", async () => {
    s.proxy!.reset();
    for (const name of ["rt-k8s", "rt-vm", "rt-sched-ci", "rt-spot"]) {
      const res = await s.call("DELETE", ONE, { ...ws, name }, { as: "scientist" });
      expect(res.status, res.text).toBe(202);
    }
    const deletes = s.proxy!.writes().filter((w) => w.method === "DELETE");
    const action = (name: string) =>
      new URL(`http://x${deletes.find((d) => d.path.includes(`/computes/${name}?`))!.path}`).searchParams.get(
        "underlyingResourceAction",
      );
    expect([action("rt-k8s"), action("rt-vm"), action("rt-sched-ci"), action("rt-spot")]).toEqual([
      "Detach",
      "Detach",
      "Delete",
      "Delete",
    ]);
  });
});

describe("a compute jobs run on", () => {
  it("is a 409 naming the jobs; forced, they are canceled and the compute goes", async () => {
    const sdk = s.sdk();
    await sdk.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "rt-busy",
      {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: { vmSize: "Standard_DS2_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 1 } },
        },
      },
      { updateIntervalInMs: 20 },
    );
    const wsId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;
    await sdk.jobs.createOrUpdate(RG, WS, "rt-busy-job", {
      properties: {
        jobType: "Command",
        command: "sleep 120",
        environmentId: "azureml:any:1",
        computeId: `${wsId}/computes/rt-busy`,
      } as never,
    });
    const refused = await s.call("DELETE", ONE, { ...ws, name: "rt-busy" }, { as: "scientist" });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.code).toBe("JobsRunning");
    expect(refused.body.error.message).toContain("rt-busy-job");
    expect((await upstream("rt-busy")).name).toBe("rt-busy");
    const forced = await s.call(
      "DELETE",
      ONE,
      { ...ws, name: "rt-busy" },
      { as: "scientist", query: { force: "true" } },
    );
    expect(forced.status, forced.text).toBe(202);
    expect(forced.body.data.canceledJobs).toEqual(["rt-busy-job"]);
    const job = await sdk.jobs.get(RG, WS, "rt-busy-job");
    expect(["CancelRequested", "Canceled"]).toContain(job.properties.status);
  });
});
