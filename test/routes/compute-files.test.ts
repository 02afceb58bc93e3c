/**
 * The New compute dialog's YAML tab and its instance settings through the studio's routes, against the local
 * workspace service: CLI v2 compute files from azureml-examples create what they say; a bad file is one 400 with
 * every problem's line and column and nothing written upstream; an instance's SSH access and assigned user; whom
 * an instance can be assigned to.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_TENANT_ID } from "@/lib/domain/arm-names";
import { shared } from "../support/shared";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
const FILES = "ws/[sub]/[rg]/[ws]/compute-files";
const ONE = "ws/[sub]/[rg]/[ws]/computes/[name]";
const EXAMPLES = shared("azureml-examples/cli/resources/compute");
const example = (file: string, name: string) =>
  fs
    .readFileSync(path.join(EXAMPLES, file), "utf8")
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace(/<SUBSCRIPTION_ID>/g, SUB)
    .replace(/<RESOURCE_GROUP>/g, RG)
    .replace(/<([A-Za-z_]+)>/g, (_, p: string) => p.toLowerCase().replace(/_/g, "-"));

let s: Studio;
beforeAll(async () => {
  s = await startStudio({ timeScale: 0.05 });
});
afterAll(async () => {
  await s?.close();
});

const upstream = (name: string) => s.sdk().computeOperations.get(RG, WS, name);
const fromYaml = (yaml: string, as: "scientist" | "reader" = "scientist") =>
  s.call("POST", FILES, ws, { as, body: { yaml } });

describe("CLI v2 compute files create what they say", () => {
  it("a low-priority cluster (cluster-low-priority.yml)", async () => {
    const res = await fromYaml(example("cluster-low-priority.yml", "yml-spot"));
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({ name: "yml-spot", category: "cluster", vmPriority: "LowPriority" });
    const p = (await upstream("yml-spot")).properties as any;
    expect(p.properties).toMatchObject({
      vmSize: "Standard_DS3_v2",
      vmPriority: "LowPriority",
      scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: "PT2M" },
    });
  });

  it("a cluster with a system-assigned identity in another region (cluster-system-identity.yml + location)", async () => {
    const res = await fromYaml(`${example("cluster-system-identity.yml", "yml-ident")}location: westus2\n`);
    expect(res.status, res.text).toBe(202);
    const c = await upstream("yml-ident");
    expect(c.identity?.type).toBe("SystemAssigned");
    expect(c.location).toBe("westus2");
  });

  it("a cluster in another region the subscription offers (cluster-location.yml)", async () => {
    const res = await fromYaml(example("cluster-location.yml", "yml-loc"));
    expect(res.status, res.text).toBe(202);
    expect((await upstream("yml-loc")).location).toBe("westus");
  });

  it("an instance with a stop schedule from its start time (instance-schedule.yml)", async () => {
    const res = await fromYaml(example("instance-schedule.yml", "yml-sched-ci"));
    expect(res.status, res.text).toBe(202);
    const p = (await upstream("yml-sched-ci")).properties as any;
    expect(p.properties.schedules.computeStartStop).toMatchObject([
      {
        action: "Stop",
        status: "Enabled",
        cron: { expression: "0 18 * * *", timeZone: "Pacific Standard Time", startTime: "2021-03-10T21:21:07" },
      },
    ]);
  });

  it("an attached VM by its resource id (vm-attach.yml) and a Synapse Spark pool (attached-spark.yml)", async () => {
    const vm = await fromYaml(example("vm-attach.yml", "yml-vm"));
    expect(vm.status, vm.text).toBe(202);
    expect(((await upstream("yml-vm")).properties as any).resourceId).toMatch(/virtualMachines\/vm-name$/);
    const keys = (await s.sdk().computeOperations.listKeys(RG, WS, "yml-vm")) as any;
    expect(keys.administratorAccount.password).toBe("admin-password");
    const spark = await fromYaml(example("attached-spark.yml", "yml-spark"));
    expect(spark.status, spark.text).toBe(202);
    expect(spark.body.data).toMatchObject({ computeType: "SynapseSpark", category: "attached" });
  });
});

describe("a bad compute file: every problem with its line and column, nothing created", () => {
  it("names each problem", async () => {
    s.proxy!.reset();
    const res = await fromYaml(
      ["name: yml-bad", "type: amlcompute", "tier: spot", "min_instances: 3", "max_instances: 1", "colour: blue"].join(
        "\n",
      ),
    );
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: "InvalidComputeYaml", field: "yaml" });
    expect(res.body.error.message.split("\n")).toEqual([
      expect.stringMatching(/^line 6, column 1 \(colour\): colour is not a key of an? amlcompute compute file/),
      expect.stringMatching(/^line 3, column 1 \(tier\): tier must be dedicated or low_priority/),
      expect.stringMatching(/^line 4, column 1 \(min_instances\): min_instances must not be more than the maximum/),
    ]);
    expect(s.proxy!.writes()).toEqual([]);
    await expect(upstream("yml-bad")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("malformed YAML and a job file", async () => {
    const malformed = await fromYaml("name: [yml\ntype: amlcompute\n");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^line \d+, column \d+: The compute file is malformed/);
    const job = await fromYaml(
      "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: echo\n",
    );
    expect(job.status).toBe(400);
    expect(job.body.error.message).toMatch(/a command job, not a compute/);
  });

  it("a reader may not create one", async () => {
    expect((await fromYaml(example("cluster-basic.yml", "yml-reader"), "reader")).status).toBe(403);
  });
});

describe("compute instance: SSH access and whom it is for", () => {
  const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRoutes dana@laptop";
  it("the studio's accounts can be assigned an instance; the caller is marked", async () => {
    const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/compute-users", ws, { as: "scientist" });
    expect(res.status, res.text).toBe(200);
    const names = res.body.data.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(["Dana Scientist"]));
    expect(res.body.data.find((u: { isCaller: boolean }) => u.isCaller)).toMatchObject({
      name: "Dana Scientist",
      tenantId: LOCAL_TENANT_ID,
    });
  });

  it("an instance with SSH access for a key, assigned to someone else, shows both in its detail", async () => {
    const admin = { objectId: "00000000-0000-4000-a000-000000000003", tenantId: LOCAL_TENANT_ID };
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-ssh-ci" },
      {
        as: "scientist",
        body: {
          computeType: "ComputeInstance",
          vmSize: "Standard_DS11_v2",
          sshPublicAccess: true,
          sshPublicKey: KEY,
          assignedUser: admin,
        },
      },
    );
    expect(res.status, res.text).toBe(202);
    const p = ((await upstream("rt-ssh-ci")).properties as any).properties;
    expect(p.sshSettings).toMatchObject({ sshPublicAccess: "Enabled", adminPublicKey: KEY });
    expect(p.personalComputeInstanceSettings.assignedUser).toEqual(admin);
    const detail = await s.call("GET", ONE, { ...ws, name: "rt-ssh-ci" }, { as: "reader" });
    expect(detail.body.data).toMatchObject({
      ssh: { publicAccess: true, adminUserName: "azureuser", port: 50000, publicKey: KEY },
      assignedUser: admin,
    });
    // Its applications, as the detail panel links them.
    expect(detail.body.data.applications).toEqual([
      { displayName: "Jupyter", endpointUri: expect.stringMatching(/^https:\/\/rt-ssh-ci\..*\/tree\/$/) },
      { displayName: "Jupyter Lab", endpointUri: expect.stringMatching(/^https:\/\/rt-ssh-ci\..*\/lab$/) },
      { displayName: "VS Code", endpointUri: "vscode://vscode.azureml/connect?computename=rt-ssh-ci" },
    ]);
  });

  it("SSH access without a key, or with something else than a public key: 400 naming sshPublicKey", async () => {
    s.proxy!.reset();
    for (const extra of [{}, { sshPublicKey: "-----BEGIN OPENSSH PRIVATE KEY-----" }]) {
      const res = await s.call(
        "PUT",
        ONE,
        { ...ws, name: "rt-ssh-bad" },
        {
          as: "scientist",
          body: { computeType: "ComputeInstance", vmSize: "Standard_DS11_v2", sshPublicAccess: true, ...extra },
        },
      );
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.field).toBe("sshPublicKey");
    }
    expect(s.proxy!.writes()).toEqual([]);
  });
});

describe("usage: serverless jobs and low-priority nodes", () => {
  const USAGE = "ws/[sub]/[rg]/[ws]/usage";
  it("a running serverless job shows in its family's usage; the low-priority quota has its own row", async () => {
    const sdk = s.sdk();
    await sdk.jobs.createOrUpdate(RG, WS, "rt-serverless", {
      properties: {
        jobType: "Command",
        command: "sleep 30",
        environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
        resources: { instanceType: "Standard_DS2_v2", instanceCount: 2 },
      } as never,
    });
    for (let i = 0; i < 200 && (await sdk.jobs.get(RG, WS, "rt-serverless")).properties.status !== "Running"; i++)
      await new Promise((r) => setTimeout(r, 50));
    // The usage list is cached for a few seconds; a write elsewhere does not drop it, so wait for a fresh read.
    let dsv2: any;
    for (let i = 0; i < 100; i++) {
      const res = await s.call("GET", USAGE, ws, { as: "reader" });
      dsv2 = res.body.data.find((f: any) => f.family === "standardDSv2Family");
      if (dsv2?.serverlessUsage) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(dsv2).toMatchObject({ serverlessUsage: 4, tier: "dedicated" });
    const res = await s.call("GET", USAGE, ws, { as: "reader" });
    expect(res.body.data.find((f: any) => f.tier === "lowPriority")).toMatchObject({
      family: "lowPriority",
      subscriptionLimit: 100,
      workspaceLimit: null,
    });
    await sdk.jobs.beginCancelAndWait(RG, WS, "rt-serverless", { updateIntervalInMs: 20 });
  });

  it("a low-priority cluster is checked against the low-priority quota, before any upstream call", async () => {
    s.proxy!.reset();
    const over = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-lp-over" },
      {
        as: "scientist",
        body: {
          computeType: "AmlCompute",
          vmSize: "Standard_DS2_v2",
          vmPriority: "LowPriority",
          minNodes: 0,
          maxNodes: 60,
        },
      },
    );
    expect(over.status, over.text).toBe(400);
    expect(over.body.error).toMatchObject({ code: "QuotaExceeded", field: "maxNodes" });
    expect(over.body.error.message).toMatch(/low-priority quota/);
    expect(s.proxy!.writes()).toEqual([]);
    // Over the family's dedicated limit, within the low-priority one: created.
    const wide = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-lp-wide" },
      {
        as: "scientist",
        body: {
          computeType: "AmlCompute",
          vmSize: "Standard_DS2_v2",
          vmPriority: "LowPriority",
          minNodes: 0,
          maxNodes: 30,
        },
      },
    );
    expect(wide.status, wide.text).toBe(202);
  });
});

describe("an AKS inference cluster: attached, then detached", () => {
  const AKS_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
  it("attaches by resource id and detaches (never deletes) it", async () => {
    const res = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "rt-aks" },
      { as: "scientist", body: { computeType: "AKS", resourceId: AKS_ID, clusterPurpose: "DevTest" } },
    );
    expect(res.status, res.text).toBe(202);
    expect(res.body.data).toMatchObject({ computeType: "AKS", category: "inference", attached: true });
    const c = await upstream("rt-aks");
    expect(c.properties).toMatchObject({ computeType: "AKS", resourceId: AKS_ID, isAttachedCompute: true });
    expect((c.properties as any).properties).toMatchObject({
      clusterPurpose: "DevTest",
      clusterFqdn: expect.stringMatching(/^aks-prod-dns-.*\.azmk8s\.io$/),
    });
    s.proxy!.reset();
    const gone = await s.call("DELETE", ONE, { ...ws, name: "rt-aks" }, { as: "scientist" });
    expect(gone.status, gone.text).toBe(202);
    const del = s.proxy!.writes().find((w) => w.method === "DELETE")!;
    expect(new URL(`http://x${del.path}`).searchParams.get("underlyingResourceAction")).toBe("Detach");
  });

  it("an AKS attach needs a cluster: 400 naming resourceId, nothing created", async () => {
    s.proxy!.reset();
    for (const body of [
      { computeType: "AKS" },
      {
        computeType: "AKS",
        resourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/not-aks`,
      },
    ]) {
      const res = await s.call("PUT", ONE, { ...ws, name: "rt-aks-bad" }, { as: "scientist", body });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.field).toBe("resourceId");
    }
    expect(s.proxy!.writes()).toEqual([]);
  });
});
