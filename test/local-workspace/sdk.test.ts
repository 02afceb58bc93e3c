import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, WS, sdkClient, start } from "./helpers";
import { bulkCreateComputes } from "../../local-workspace/seed";

type Svc = Awaited<ReturnType<typeof start>>;
let svc: Svc;
const poll = { updateIntervalInMs: 10 };

beforeAll(async () => {
  svc = await start({ timeScale: 0.02 });
});
afterAll(async () => {
  await svc.close();
});

describe("official SDK against the local workspace service", () => {
  it("lists and gets workspaces, creates and deletes one", async () => {
    const c = sdkClient(svc.url);
    const bySub: string[] = [];
    for await (const w of c.workspaces.listBySubscription()) bySub.push(w.name!);
    expect(bySub).toEqual(expect.arrayContaining(["demo-workspace", "research-workspace"]));
    const byRg: string[] = [];
    for await (const w of c.workspaces.listByResourceGroup(RG)) byRg.push(w.name!);
    expect(byRg.length).toBe(2);
    const ws = await c.workspaces.get(RG, WS);
    expect(ws.location).toBe("eastus");
    expect(ws.provisioningState).toBe("Succeeded");
    const created = await c.workspaces.beginCreateOrUpdateAndWait(
      RG,
      "sdk-ws",
      { location: "eastus", description: "made by the SDK" },
      poll,
    );
    expect(created.name).toBe("sdk-ws");
    expect(created.description).toBe("made by the SDK");
    expect(created.systemData?.createdBy).toBe("tester@ml-studio.local");
    await c.workspaces.beginDeleteAndWait(RG, "sdk-ws", poll);
    await expect(c.workspaces.get(RG, "sdk-ws")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("drives a compute instance through create, stop, start, restart and delete", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const created = await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "sdk-ci",
      { properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2" } } } as any,
      poll,
    );
    expect(created.properties?.provisioningState).toBe("Succeeded");
    expect((created.properties as any).properties.state).toBe("Running");
    await c.computeOperations.beginStopAndWait(RG, WS, "sdk-ci", poll);
    expect(((await c.computeOperations.get(RG, WS, "sdk-ci")).properties as any).properties.state).toBe("Stopped");
    await c.computeOperations.beginStartAndWait(RG, WS, "sdk-ci", poll);
    expect(((await c.computeOperations.get(RG, WS, "sdk-ci")).properties as any).properties.state).toBe("Running");
    await c.computeOperations.beginRestartAndWait(RG, WS, "sdk-ci", poll);
    const after = (await c.computeOperations.get(RG, WS, "sdk-ci")).properties as any;
    expect(after.properties.state).toBe("Running");
    expect(after.properties.lastOperation).toMatchObject({
      operationName: "Restart",
      operationStatus: "Succeeded",
      operationTrigger: "User",
    });
    await c.computeOperations.beginDeleteAndWait(RG, WS, "sdk-ci", "Delete", poll);
    await expect(c.computeOperations.get(RG, WS, "sdk-ci")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("creates a cluster, scales it, lists nodes consistent with node counts", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const created = await c.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      WS,
      "sdk-cluster",
      {
        properties: {
          computeType: "AmlCompute",
          properties: { vmSize: "Standard_D4_v3", scaleSettings: { minNodeCount: 0, maxNodeCount: 4 } },
        },
      } as any,
      poll,
    );
    expect((created.properties as any).properties.allocationState).toBe("Steady");
    const updated = await c.computeOperations.beginUpdateAndWait(
      RG,
      WS,
      "sdk-cluster",
      { properties: { scaleSettings: { minNodeCount: 2, maxNodeCount: 4 } } },
      poll,
    );
    expect((updated.properties as any).properties.scaleSettings.minNodeCount).toBe(2);
    // resize happens over time
    let props: any;
    for (let i = 0; i < 200; i++) {
      props = ((await c.computeOperations.get(RG, WS, "sdk-cluster")).properties as any).properties;
      if (props.allocationState === "Steady" && props.currentNodeCount === 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(props).toMatchObject({ allocationState: "Steady", currentNodeCount: 2, targetNodeCount: 2 });
    const nodes: any[] = [];
    for await (const n of c.computeOperations.listNodes(RG, WS, "sdk-cluster")) nodes.push(n);
    expect(nodes.length).toBe(2);
    expect(
      nodes.every((n) => n.nodeState === "idle" && n.nodeId && n.privateIpAddress && typeof n.port === "number"),
    ).toBe(true);
    // the seeded busy cluster: running nodes have a runId
    const seeded: any[] = [];
    for await (const n of c.computeOperations.listNodes(RG, WS, "cpu-cluster")) seeded.push(n);
    const counts = ((await c.computeOperations.get(RG, WS, "cpu-cluster")).properties as any).properties
      .nodeStateCounts;
    expect(seeded.filter((n) => n.nodeState === "running").length).toBe(counts.runningNodeCount);
    expect(seeded.filter((n) => n.nodeState === "idle").length).toBe(counts.idleNodeCount);
    expect(seeded.filter((n) => n.nodeState === "running").every((n) => n.runId)).toBe(true);
    await c.computeOperations.beginDeleteAndWait(RG, WS, "sdk-cluster", "Delete", poll);
  });

  it("pages through many computes with nextLink", async () => {
    bulkCreateComputes(svc.ctx, { count: 250, prefix: "page" });
    const c = sdkClient(svc.url, ["Reader"]);
    const names: string[] = [];
    let pages = 0;
    for await (const p of c.computeOperations.list(RG, WS).byPage()) {
      pages++;
      names.push(...p.map((x) => x.name!));
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith("page-")).length).toBe(250);
  });

  it("lists quotas, updates them per item, lists usages and VM sizes", async () => {
    const c = sdkClient(svc.url, ["Admin"]);
    const quotas: any[] = [];
    for await (const q of c.quotas.list("eastus")) quotas.push(q);
    const wsQuota = quotas.find(
      (q) =>
        q.type === "Microsoft.MachineLearningServices/workspaces/quotas" &&
        q.name.value === "standardFSv2Family" &&
        q.id.includes("/workspaces/demo-workspace/"),
    );
    expect(wsQuota.limit).toBe(24);
    const subQuota = quotas.find(
      (q) => q.type === "Microsoft.MachineLearningServices/vmFamily/quotas" && q.name.value === "standardFSv2Family",
    );
    expect(subQuota.limit).toBe(64);
    const result = await c.quotas.update("eastus", {
      location: "eastus",
      value: [
        { id: wsQuota.id, type: wsQuota.type, limit: 32, unit: "Count" },
        {
          id: wsQuota.id.replace("standardFSv2Family", "standardDSv2Family"),
          type: wsQuota.type,
          limit: 1000,
          unit: "Count",
        },
        {
          id: wsQuota.id.replace("standardFSv2Family", "standardDSv2Family"),
          type: wsQuota.type,
          limit: 0,
          unit: "Count",
        },
        {
          id: wsQuota.id.replace("standardFSv2Family", "standardXYZFamily"),
          type: wsQuota.type,
          limit: 1,
          unit: "Count",
        },
      ],
    });
    expect(result.value!.map((r) => r.status)).toEqual([
      "Success",
      "InvalidQuotaExceedsSubscriptionLimit",
      "Success",
      "InvalidVMFamilyName",
    ]);
    const after: any[] = [];
    for await (const q of c.quotas.list("eastus")) after.push(q);
    expect(after.find((q) => q.id === wsQuota.id).limit).toBe(32);
    // batch-cluster has minNodeCount 3 × 4 cores: a limit below 12 is refused
    const below = await c.quotas.update("eastus", { location: "eastus", value: [{ id: wsQuota.id, limit: 8 }] });
    expect(below.value![0].status).toBe("InvalidQuotaBelowClusterMinimum");

    const usages: any[] = [];
    for await (const u of c.usages.list("eastus")) usages.push(u);
    const dsv2 = usages.find(
      (u) =>
        u.type === "Microsoft.MachineLearningServices/workspaces/usages" &&
        u.name.value === "standardDSv2Family" &&
        u.id.includes("/demo-workspace/"),
    );
    // cpu-cluster 3 nodes × 4 + alice-ci 2 (bob-ci stopped) + bulk page clusters (i%3 nodes × 4) + running bulk instances × 2
    expect(dsv2.currentValue).toBeGreaterThanOrEqual(14);
    const sizes = await c.virtualMachineSizes.list("eastus");
    const nc = sizes.value!.find((s) => s.name === "Standard_NC6s_v3")!;
    expect(nc).toMatchObject({ family: "standardNCSv3Family", vCPUs: 6, gpus: 1, memoryGB: 112 });
    expect(sizes.value!.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "Standard_DS3_v2",
        "Standard_DS11_v2",
        "Standard_DS12_v2",
        "Standard_D4s_v3",
        "Standard_E4ds_v4",
        "Standard_F4s_v2",
        "Standard_NC4as_T4_v3",
        "Standard_ND40rs_v2",
      ]),
    );
  });

  it("refuses a compute over the workspace quota with QuotaExceeded", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    // NDSv2 limit in demo-workspace is 0
    await expect(
      c.computeOperations.beginCreateOrUpdateAndWait(
        RG,
        WS,
        "nd-big",
        {
          properties: {
            computeType: "AmlCompute",
            properties: { vmSize: "Standard_ND40rs_v2", scaleSettings: { maxNodeCount: 1 } },
          },
        } as any,
        poll,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: "QuotaExceeded" });
    await expect(c.computeOperations.get(RG, WS, "nd-big")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("uses subscription id from the client", () => {
    expect(SUB).toBe("00000000-0000-0000-0000-000000000001");
  });
});
