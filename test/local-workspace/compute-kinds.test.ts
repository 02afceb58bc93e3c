/**
 * Every kind of compute the studio creates, through the official SDK against the local workspace service: an
 * instance with cron schedules (and a later PUT that replaces them), a low-priority cluster, an attached
 * Kubernetes cluster and an attached VM — and the service's own refusals (a VM with no credentials, a default
 * instance type the compute does not define).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_TENANT_ID } from "@/lib/domain/arm-names";
import { ATTACHED_LOCAL_CONCURRENCY } from "@/lib/domain/attached-compute";
import { RG, SUB, WS, sdkClient, start, until } from "./helpers";

let svc: Awaited<ReturnType<typeof start>>;
const poll = { updateIntervalInMs: 10 };
beforeAll(async () => {
  svc = await start({ timeScale: 0.001 });
});
afterAll(async () => {
  await svc.close();
});

const inner = async (name: string) =>
  ((await sdkClient(svc.url).computeOperations.get(RG, WS, name)).properties as any).properties;

describe("every kind of compute through the SDK", () => {
  it("an instance with SDK-serialized cron schedules; a PUT of the instance replaces them", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const schedule = (action: "Start" | "Stop", expression: string) => ({
      action,
      status: "Enabled" as const,
      triggerType: "Cron" as const,
      cron: { triggerType: "Cron" as const, expression, timeZone: "UTC" },
    });
    // The same instance, PUT again with only its schedules changed.
    const putInstance = (computeStartStop: ReturnType<typeof schedule>[]) =>
      c.computeOperations.beginCreateOrUpdateAndWait(
        RG,
        WS,
        "kinds-ci",
        {
          location: "eastus",
          properties: {
            computeType: "ComputeInstance",
            properties: { vmSize: "Standard_DS11_v2", schedules: { computeStartStop } },
          },
        },
        poll,
      );
    await putInstance([schedule("Start", "0 8 * * 1-5"), schedule("Stop", "0 18 * * 1-5")]);
    expect((await inner("kinds-ci")).schedules.computeStartStop).toMatchObject([
      { action: "Start", cron: { expression: "0 8 * * 1-5" }, provisioningStatus: "Completed" },
      { action: "Stop", cron: { expression: "0 18 * * 1-5" } },
    ]);
    await putInstance([schedule("Stop", "15 20 * * *")]);
    const after = await inner("kinds-ci");
    expect(after.schedules.computeStartStop).toMatchObject([{ action: "Stop", cron: { expression: "15 20 * * *" } }]);
    expect(after.schedules.computeStartStop).toHaveLength(1);
    await expect(putInstance([schedule("Stop", "61 * * * *")])).rejects.toMatchObject({ statusCode: 400 });
    expect((await inner("kinds-ci")).schedules.computeStartStop).toHaveLength(1);
  });

  it("a low-priority cluster keeps its tier and idle time", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-spot",
      {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: {
            vmSize: "Standard_DS2_v2",
            vmPriority: "LowPriority",
            scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: "PT900S" },
          },
        },
      },
      poll,
    );
    expect(await inner("kinds-spot")).toMatchObject({
      vmPriority: "LowPriority",
      scaleSettings: { nodeIdleTimeBeforeScaleDown: "PT900S" },
    });
  });

  it("attaches a Kubernetes cluster and a VM; detaches them", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const k8sId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kubernetes/connectedClusters/arc`;
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-k8s",
      {
        location: "eastus",
        properties: {
          computeType: "Kubernetes",
          resourceId: k8sId,
          properties: {
            namespace: "azureml",
            defaultInstanceType: "small",
            instanceTypes: { small: { resources: { requests: { cpu: "1", memory: "2Gi" } } } },
          },
        },
      },
      poll,
    );
    expect(await inner("kinds-k8s")).toMatchObject({ namespace: "azureml", defaultInstanceType: "small" });
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-vm",
      {
        location: "eastus",
        properties: {
          computeType: "VirtualMachine",
          properties: {
            address: "10.1.2.3",
            sshPort: 22,
            administratorAccount: { username: "u", privateKeyData: "KEY" },
          },
        },
      },
      poll,
    );
    const keys = (await c.computeOperations.listKeys(RG, WS, "kinds-vm")) as any;
    expect(keys.administratorAccount.privateKeyData).toBe("KEY");
    for (const name of ["kinds-k8s", "kinds-vm"]) {
      await c.computeOperations.beginDeleteAndWait(RG, WS, name, "Detach", poll);
      await expect(c.computeOperations.get(RG, WS, name)).rejects.toMatchObject({ statusCode: 404 });
    }
  });

  it("refuses a VM with no credentials or address and an undefined default instance type, naming the field", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const refusal = (name: string, properties: any) =>
      c.computeOperations
        .beginCreateOrUpdateAndWait(RG, WS, name, { location: "eastus", properties }, poll)
        .catch((e) => e);
    const noCreds = await refusal("kinds-bad-vm", {
      computeType: "VirtualMachine",
      properties: { address: "10.1.2.4", administratorAccount: { username: "u" } },
    });
    expect(noCreds).toMatchObject({ statusCode: 400 });
    expect(noCreds.details?.error?.target).toBe("properties.properties.administratorAccount");
    const noAddress = await refusal("kinds-bad-vm", {
      computeType: "VirtualMachine",
      properties: { administratorAccount: { username: "u", password: "p" } },
    });
    expect(noAddress.details?.error?.target).toBe("properties.properties.address");
    const k8s = await refusal("kinds-bad-k8s", {
      computeType: "Kubernetes",
      properties: { defaultInstanceType: "huge", instanceTypes: { small: {} } },
    });
    expect(k8s).toMatchObject({ statusCode: 400 });
    expect(k8s.details?.error?.target).toBe("properties.properties.defaultInstanceType");
    // With no instance types of its own, a compute has only the extension's built-in one.
    const k8sBare = await refusal("kinds-bad-k8s-bare", {
      computeType: "Kubernetes",
      properties: { namespace: "azureml", defaultInstanceType: "gpu-large" },
    });
    expect(k8sBare).toMatchObject({ statusCode: 400 });
    expect(k8sBare.details?.error?.target).toBe("properties.properties.defaultInstanceType");
    // A region the subscription does not offer.
    const far = await c.computeOperations
      .beginCreateOrUpdateAndWait(
        RG,
        WS,
        "kinds-far",
        {
          location: "brazilsouth",
          properties: {
            computeType: "AmlCompute",
            properties: { vmSize: "Standard_DS2_v2", scaleSettings: { maxNodeCount: 1 } },
          },
        },
        poll,
      )
      .catch((e) => e);
    expect(far).toMatchObject({ statusCode: 400, code: "LocationNotAvailableForResourceType" });
    expect(far.details?.error?.target).toBe("location");
    for (const name of ["kinds-bad-vm", "kinds-bad-k8s", "kinds-bad-k8s-bare", "kinds-far"])
      await expect(c.computeOperations.get(RG, WS, name)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("an instance with SSH access, its public key and an assigned user; without the key, a 400 naming it", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKinds kinds@test";
    const assignedUser = { objectId: "00000000-0000-4000-a000-000000000003", tenantId: LOCAL_TENANT_ID };
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-ssh-ci",
      {
        location: "eastus",
        properties: {
          computeType: "ComputeInstance",
          properties: {
            vmSize: "Standard_DS11_v2",
            sshSettings: { sshPublicAccess: "Enabled", adminPublicKey: key },
            computeInstanceAuthorizationType: "personal",
            personalComputeInstanceSettings: { assignedUser },
          },
        },
      },
      poll,
    );
    expect(await inner("kinds-ssh-ci")).toMatchObject({
      sshSettings: { sshPublicAccess: "Enabled", adminUserName: "azureuser", sshPort: 50000, adminPublicKey: key },
      personalComputeInstanceSettings: { assignedUser },
    });
    const noKey = await c.computeOperations
      .beginCreateOrUpdateAndWait(
        RG,
        WS,
        "kinds-ssh-bad",
        {
          location: "eastus",
          properties: {
            computeType: "ComputeInstance",
            properties: { vmSize: "Standard_DS11_v2", sshSettings: { sshPublicAccess: "Enabled" } },
          },
        },
        poll,
      )
      .catch((e) => e);
    expect(noKey).toMatchObject({ statusCode: 400 });
    expect(noKey.details?.error?.target).toBe("properties.properties.sshSettings.adminPublicKey");
    await expect(c.computeOperations.get(RG, WS, "kinds-ssh-bad")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("a cluster's administrator password and key stay out of GET; its identity and location are kept", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-admin-cl",
      {
        location: "westus2",
        identity: { type: "SystemAssigned" },
        properties: {
          computeType: "AmlCompute",
          properties: {
            vmSize: "Standard_DS2_v2",
            scaleSettings: { minNodeCount: 0, maxNodeCount: 1 },
            userAccountCredentials: { adminUserName: "clusteradmin", adminUserPassword: "kinds-Pa55word!" },
          },
        },
      },
      poll,
    );
    const got = await c.computeOperations.get(RG, WS, "kinds-admin-cl");
    expect(JSON.stringify(got)).not.toContain("kinds-Pa55word!");
    expect((got.properties as any).properties.userAccountCredentials).toEqual({ adminUserName: "clusteradmin" });
    expect(got.identity).toMatchObject({ type: "SystemAssigned", principalId: expect.any(String) });
    expect(got.location).toBe("westus2");
  });

  it("attaches a VM by its resource id alone (its name stands in for the address) and a Synapse Spark pool", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const vmId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/dsvm-by-id`;
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-vm-id",
      {
        location: "eastus",
        properties: {
          computeType: "VirtualMachine",
          resourceId: vmId,
          properties: { sshPort: 22, administratorAccount: { username: "u", password: "p" } },
        },
      },
      poll,
    );
    expect(await inner("kinds-vm-id")).toMatchObject({ address: "dsvm-by-id", sshPort: 22 });
    const poolId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Synapse/workspaces/syn/bigDataPools/pool1`;
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-spark",
      {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        properties: { computeType: "SynapseSpark", resourceId: poolId },
      },
      poll,
    );
    const spark = await c.computeOperations.get(RG, WS, "kinds-spark");
    expect(spark.properties).toMatchObject({
      computeType: "SynapseSpark",
      resourceId: poolId,
      isAttachedCompute: true,
    });
    for (const name of ["kinds-vm-id", "kinds-spark"])
      await c.computeOperations.beginDeleteAndWait(RG, WS, name, "Detach", poll);
  });

  it("a serverless job whose cores exceed its family's free quota is refused (QuotaExceeded), nothing created", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const rows: any[] = [];
    for await (const u of sdkClient(svc.url).usages.list("eastus")) rows.push(u);
    const dsv2 = rows.find((u) => new RegExp(`/workspaces/${WS}/usages/standardDSv2Family$`).test(u.id));
    const free = dsv2.limit - dsv2.currentValue;
    expect(free).toBeGreaterThan(0);
    // Standard_DS2_v2 has 2 vCPUs: one node more than the free cores hold.
    const count = Math.floor(free / 2) + 1;
    const submit = (name: string, instanceType: string, instanceCount: number, computeId?: string) =>
      c.jobs.createOrUpdate(RG, WS, name, {
        properties: {
          jobType: "Command",
          command: "echo hi",
          environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
          ...(computeId ? { computeId } : {}),
          resources: { instanceType, instanceCount },
        } as never,
      });
    const err: any = await submit("kinds-too-big", "Standard_DS2_v2", count).catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("QuotaExceeded");
    expect(err.message).toContain("standardDSv2Family");
    expect(err.message).toContain(`asks for ${count * 2} vCPUs`);
    expect(err.message).toContain(`has ${free} free`);
    await expect(c.jobs.get(RG, WS, "kinds-too-big")).rejects.toMatchObject({ statusCode: 404 });
    // "serverless" named as the compute is the same thing.
    await expect(submit("kinds-too-big-2", "Standard_DS2_v2", count, "serverless")).rejects.toMatchObject({
      statusCode: 400,
      code: "QuotaExceeded",
    });
    await expect(c.jobs.get(RG, WS, "kinds-too-big-2")).rejects.toMatchObject({ statusCode: 404 });
    // One node fits: accepted.
    const ok = await submit("kinds-fits", "Standard_DS2_v2", 1);
    expect(ok.properties.status).toBeDefined();
    await c.jobs.beginCancelAndWait(RG, WS, "kinds-fits", poll);
  });

  it("a job's instance type is one its target has: a Kubernetes compute's own, a VM size serverless; else a 400 naming it", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-k8s-jobs",
      {
        location: "eastus",
        properties: {
          computeType: "Kubernetes",
          resourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kubernetes/connectedClusters/jobs`,
          properties: { namespace: "azureml", instanceTypes: { small: { resources: { requests: { cpu: "1" } } } } },
        },
      },
      poll,
    );
    const submit = (name: string, resources: Record<string, unknown>, computeId?: string) =>
      c.jobs
        .createOrUpdate(RG, WS, name, {
          properties: {
            jobType: "Command",
            command: "echo hi",
            environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
            ...(computeId ? { computeId } : {}),
            resources,
          } as never,
        })
        .catch((e) => e);
    const unknownK8s = await submit("kinds-k8s-gpu", { instanceType: "gpu" }, "kinds-k8s-jobs");
    expect(unknownK8s).toMatchObject({ statusCode: 400 });
    expect(unknownK8s.details?.error?.target).toBe("properties.resources.instanceType");
    expect(unknownK8s.message).toContain("defaultinstancetype, small");
    const unknownVm = await submit("kinds-serverless-bogus", { instanceType: "Standard_Bogus_v9" });
    expect(unknownVm).toMatchObject({ statusCode: 400, code: "InvalidVmSize" });
    expect(unknownVm.details?.error?.target).toBe("properties.resources.instanceType");
    for (const name of ["kinds-k8s-gpu", "kinds-serverless-bogus"])
      await expect(c.jobs.get(RG, WS, name)).rejects.toMatchObject({ statusCode: 404 });
    // Its own instance types, the built-in one included, are accepted.
    for (const [name, instanceType] of [
      ["kinds-k8s-small", "small"],
      ["kinds-k8s-default", "defaultinstancetype"],
    ]) {
      const ok = await submit(name, { instanceType }, "kinds-k8s-jobs");
      expect(ok.properties?.status, String(ok.message)).toBeDefined();
      await c.jobs.beginCancelAndWait(RG, WS, name, poll);
    }
    await c.computeOperations.beginDeleteAndWait(RG, WS, "kinds-k8s-jobs", "Detach", poll);
  });

  it("an attached VM or Kubernetes compute runs jobs here, at most ATTACHED_LOCAL_CONCURRENCY at once, in its own queue", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const attach = (name: string, properties: any) =>
      c.computeOperations.beginCreateOrUpdateAndWait(RG, WS, name, { location: "eastus", properties }, poll);
    await attach("kinds-conc-vm", {
      computeType: "VirtualMachine",
      properties: { address: "10.1.2.9", sshPort: 22, administratorAccount: { username: "u", password: "p" } },
    });
    await attach("kinds-conc-k8s", {
      computeType: "Kubernetes",
      resourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Kubernetes/connectedClusters/conc`,
      properties: { namespace: "azureml" },
    });
    const submit = (name: string, compute: string) =>
      c.jobs.createOrUpdate(RG, WS, name, {
        properties: {
          jobType: "Command",
          command: "sleep 30",
          environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
          computeId: compute,
        } as never,
      });
    const onVm = Array.from({ length: ATTACHED_LOCAL_CONCURRENCY + 1 }, (_, i) => `kinds-conc-vm-${i}`);
    for (const name of onVm) await submit(name, "kinds-conc-vm");
    const status = async (names: string[]) =>
      Promise.all(names.map(async (n) => (await c.jobs.get(RG, WS, n)).properties.status as string));
    const started = (states: string[]) => states.filter((x) => x === "Running").length;
    const states = await until(
      () => status(onVm),
      (v) => started(v) === ATTACHED_LOCAL_CONCURRENCY,
    );
    // The one over the compute's concurrency waits its turn; a job on another attached compute does not.
    expect(states.filter((x) => x === "Queued")).toHaveLength(1);
    await submit("kinds-conc-k8s-0", "kinds-conc-k8s");
    await until(
      () => status(["kinds-conc-k8s-0"]),
      (v) => v[0] === "Running",
    );
    expect(started(await status(onVm))).toBe(ATTACHED_LOCAL_CONCURRENCY);
    // A slot freed: the queued one starts.
    await c.jobs.beginCancelAndWait(RG, WS, onVm[states.indexOf("Running")], poll);
    await until(
      () => status(onVm),
      (v) => started(v) === ATTACHED_LOCAL_CONCURRENCY && !v.includes("Queued"),
    );
    for (const name of [...onVm, "kinds-conc-k8s-0"]) await c.jobs.beginCancelAndWait(RG, WS, name, poll);
    for (const name of ["kinds-conc-vm", "kinds-conc-k8s"])
      await c.computeOperations.beginDeleteAndWait(RG, WS, name, "Detach", poll);
  });

  it("a serverless sweep is checked against quota with its trial's resources, times its concurrent trials", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const rows: any[] = [];
    for await (const u of sdkClient(svc.url).usages.list("eastus")) rows.push(u);
    const dsv2 = rows.find((u) => new RegExp(`/workspaces/${WS}/usages/standardDSv2Family$`).test(u.id));
    const free = dsv2.limit - dsv2.currentValue;
    // One Standard_DS2_v2 (2 vCPUs) per trial fits; as many concurrent trials as the free cores hold, plus one, do not.
    const trials = Math.floor(free / 2) + 1;
    const err: any = await c.jobs
      .createOrUpdate(RG, WS, "kinds-sweep-too-big", {
        properties: {
          jobType: "Sweep",
          trial: {
            command: "echo ${{search_space.lr}}",
            environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
            resources: { instanceType: "Standard_DS2_v2", instanceCount: 1 },
          },
          searchSpace: { lr: ["choice", [[0.1, 0.01]]] },
          samplingAlgorithm: { samplingAlgorithmType: "Grid" },
          objective: { goal: "Maximize", primaryMetric: "acc" },
          limits: { jobLimitsType: "Sweep", maxTotalTrials: trials, maxConcurrentTrials: trials },
        } as never,
      })
      .catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: "QuotaExceeded" });
    expect(err.message).toContain(`asks for ${trials * 2} vCPUs of standardDSv2Family`);
    expect(err.details?.error?.target).toBe("properties.trial.resources.instanceCount");
    await expect(c.jobs.get(RG, WS, "kinds-sweep-too-big")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("a serverless job counts against its instance type's family; low-priority nodes against their own quota", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const usage = async () => {
      const rows: any[] = [];
      for await (const u of sdkClient(svc.url).usages.list("eastus")) rows.push(u);
      const one = (re: RegExp) => rows.find((u) => re.test(u.id))?.currentValue ?? 0;
      return {
        dsv2: one(new RegExp(`/workspaces/${WS}/usages/standardDSv2Family$`)),
        serverless: one(new RegExp(`/workspaces/${WS}/serverless/usages/standardDSv2Family$`)),
        lowPriority: one(new RegExp(`/workspaces/${WS}/usages/lowPriorityCores$`)),
        lowPriorityRegion: one(/\/locations\/eastus\/usages\/lowPriorityCores$/),
      };
    };
    const before = await usage();
    expect(before.serverless).toBe(0);
    // Serverless: no computeId, an instance type (Standard_DS2_v2: 2 vCPUs of the DSv2 family) and a count.
    await c.jobs.createOrUpdate(RG, WS, "kinds-serverless", {
      properties: {
        jobType: "Command",
        command: "sleep 30",
        environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
        resources: { instanceType: "Standard_DS2_v2", instanceCount: 2 },
      } as never,
    });
    await until(
      () => c.jobs.get(RG, WS, "kinds-serverless"),
      (j) => j.properties.status === "Running",
      20_000,
      50,
    );
    const running = await usage();
    expect(running.serverless).toBe(4);
    expect(running.dsv2).toBe(before.dsv2 + 4);
    await c.jobs.beginCancelAndWait(RG, WS, "kinds-serverless", poll);
    expect((await usage()).serverless).toBe(0);

    // A low-priority cluster holding one node: its cores leave the family's dedicated usage alone.
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-lp-nodes",
      {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: {
            vmSize: "Standard_DS2_v2",
            vmPriority: "LowPriority",
            scaleSettings: { minNodeCount: 1, maxNodeCount: 1 },
          },
        },
      },
      poll,
    );
    await until(
      () => c.computeOperations.get(RG, WS, "kinds-lp-nodes"),
      (r) => (r.properties as any).properties.currentNodeCount === 1,
      20_000,
      20,
    );
    const lp = await usage();
    expect(lp.lowPriority).toBe(before.lowPriority + 2);
    expect(lp.lowPriorityRegion).toBe(before.lowPriorityRegion + 2);
    expect(lp.dsv2).toBe(before.dsv2);
    await c.computeOperations.beginDeleteAndWait(RG, WS, "kinds-lp-nodes", "Delete", poll);
  });

  it("a low-priority cluster over the region's low-priority quota is refused, whatever its family's quota", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const refused = await c.computeOperations
      .beginCreateOrUpdateAndWait(
        RG,
        WS,
        "kinds-lp-huge",
        {
          location: "eastus",
          properties: {
            computeType: "AmlCompute",
            properties: { vmSize: "Standard_DS2_v2", vmPriority: "LowPriority", scaleSettings: { maxNodeCount: 51 } },
          },
        },
        poll,
      )
      .catch((e) => e);
    expect(refused).toMatchObject({ statusCode: 400, code: "QuotaExceeded" });
    expect(refused.message).toMatch(/LowPriority Regional vCPUs/);
    // 20 × 2 vCPUs is over the DSv2 family's dedicated limit (24) but within the low-priority one (100).
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-lp-wide",
      {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: { vmSize: "Standard_DS2_v2", vmPriority: "LowPriority", scaleSettings: { maxNodeCount: 20 } },
        },
      },
      poll,
    );
    await c.computeOperations.beginDeleteAndWait(RG, WS, "kinds-lp-wide", "Delete", poll);
  });

  it("a cluster's nodes name the jobs running on them", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-run-cl",
      {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: { vmSize: "Standard_DS2_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 2 } },
        },
      },
      poll,
    );
    const wsId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;
    await c.jobs.createOrUpdate(RG, WS, "kinds-on-cluster", {
      properties: {
        jobType: "Command",
        command: "sleep 30",
        environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
        computeId: `${wsId}/computes/kinds-run-cl`,
      } as never,
    });
    const nodes = async () => {
      const all: any[] = [];
      for await (const n of c.computeOperations.listNodes(RG, WS, "kinds-run-cl")) all.push(n);
      return all;
    };
    const running = await until(nodes, (ns) => ns.some((n) => n.nodeState === "running"), 20_000, 50);
    expect(running.filter((n) => n.nodeState === "running").map((n) => n.runId)).toEqual(["kinds-on-cluster"]);
    await c.jobs.beginCancelAndWait(RG, WS, "kinds-on-cluster", poll);
  });

  it("attaches an AKS cluster by its resource id (FQDN kept, keys listed); refuses an id that is no AKS cluster", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const aksId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-1`;
    await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "kinds-aks",
      {
        location: "eastus",
        properties: {
          computeType: "AKS",
          resourceId: aksId,
          properties: { clusterFqdn: "aks-1-dns.hcp.eastus.azmk8s.io", clusterPurpose: "DenseProd" },
        },
      },
      poll,
    );
    const got = await c.computeOperations.get(RG, WS, "kinds-aks");
    expect(got.properties).toMatchObject({ computeType: "AKS", resourceId: aksId, isAttachedCompute: true });
    expect((got.properties as any).properties).toMatchObject({
      clusterFqdn: "aks-1-dns.hcp.eastus.azmk8s.io",
      clusterPurpose: "DenseProd",
    });
    expect(await c.computeOperations.listKeys(RG, WS, "kinds-aks")).toMatchObject({ computeType: "AKS" });
    const wrong = await c.computeOperations
      .beginCreateOrUpdateAndWait(
        RG,
        WS,
        "kinds-aks-bad",
        {
          location: "eastus",
          properties: {
            computeType: "AKS",
            resourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm`,
          },
        },
        poll,
      )
      .catch((e) => e);
    expect(wrong).toMatchObject({ statusCode: 400 });
    expect(wrong.details?.error?.target).toBe("properties.resourceId");
    await c.computeOperations.beginDeleteAndWait(RG, WS, "kinds-aks", "Detach", poll);
    await expect(c.computeOperations.get(RG, WS, "kinds-aks")).rejects.toMatchObject({ statusCode: 404 });
  });
});
