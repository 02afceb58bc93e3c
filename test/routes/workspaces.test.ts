/**
 * Creating, editing and deleting workspaces through the studio's routes, end to end: route → SDK → the real
 * local workspace service (with Azurite, so a new workspace's own container is checked where it lives).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RG, SUB, startStudio, type Studio } from "../support/studio";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";

let s: Studio;
const LIST = "workspaces";
const ONE = "ws/[sub]/[rg]/[ws]";
const wsId = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const body = (name: string, extra: Record<string, unknown> = {}) => ({
  subscriptionId: SUB,
  resourceGroup: "team-rg",
  name,
  location: "westeurope",
  ...extra,
});

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0, seedContent: false } });
});
afterAll(async () => {
  await s?.close();
});

/** The number of requests that reached the upstream while `fn` ran. */
async function upstreamCalls(fn: () => Promise<unknown>) {
  const before = s.proxy!.state.requests.length;
  await fn();
  return s.proxy!.state.requests.length - before;
}
const exists = (rg: string, name: string) => Boolean(s.svc.ctx.store.get(wsId(rg, name)));

describe("create a workspace", () => {
  it("an Admin creates one; it gets its own blob container, file share and default datastores", async () => {
    const res = await s.call(
      "POST",
      LIST,
      {},
      {
        as: "admin",
        body: body("team-ws", { friendlyName: "Team workspace", description: "For the team", tags: { team: "ml" } }),
      },
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.data).toMatchObject({ name: "team-ws", resourceGroup: "team-rg", location: "westeurope" });
    const ws = await s.sdk().workspaces.get("team-rg", "team-ws");
    expect(ws).toMatchObject({ friendlyName: "Team workspace", description: "For the team", tags: { team: "ml" } });
    const stores = [];
    for await (const d of s.sdk().datastores.list("team-rg", "team-ws")) stores.push(d);
    const byName = Object.fromEntries(stores.map((d) => [d.name, d.properties]));
    const { container, share } = defaultStoreNames(s.svc.ctx, wsId("team-rg", "team-ws"));
    expect(byName.workspaceblobstore).toMatchObject({ isDefault: true, containerName: container });
    expect(byName.workspacefilestore).toMatchObject({ isDefault: false, fileShareName: share });
    // Its own container, not the demo workspace's.
    const demo = defaultStoreNames(s.svc.ctx, wsId(RG, "demo-workspace"));
    expect(container).not.toBe(demo.container);
    expect(await s.svc.storage!.blobService.getContainerClient(container).exists()).toBe(true);
    const list = await s.call("GET", LIST, {}, { as: "reader" });
    expect(list.body.data.map((w: { name: string }) => w.name)).toContain("team-ws");
  });

  it("a name taken in the resource group is a 409 naming the field", async () => {
    const res = await s.call("POST", LIST, {}, { as: "admin", body: body("team-ws") });
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe("name");
  });

  it.each([
    ["a name against Azure's rule", { name: "-bad" }, "name"],
    ["a name too long", { name: "a".repeat(34) }, "name"],
    ["a bad resource group", { resourceGroup: "ends-with-dot." }, "resourceGroup"],
    ["a malformed region", { location: "East US" }, "location"],
    [
      "a subscription the studio does not use",
      { subscriptionId: "11111111-1111-1111-1111-111111111111" },
      "subscriptionId",
    ],
    ["a tag name with a slash", { tags: { "a/b": "x" } }, "tags"],
    ["an unknown field", { storageAccount: "x" }, "storageAccount"],
  ])("%s → 400 naming the field, nothing created", async (_what, extra, field) => {
    let res: Awaited<ReturnType<Studio["call"]>> | undefined;
    const calls = await upstreamCalls(async () => {
      res = await s.call("POST", LIST, {}, { as: "admin", body: body("bad-input-ws", extra) });
    });
    expect(res!.status, res!.text).toBe(400);
    expect(res!.body.error.field).toBe(field);
    expect(calls).toBe(0);
    expect(exists("team-rg", "bad-input-ws")).toBe(false);
  });

  it("a region the subscription lacks → 400 naming location, nothing created", async () => {
    const res = await s.call("POST", LIST, {}, { as: "admin", body: body("far-ws", { location: "brazilsouth" }) });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("location");
    expect(res.body.error.message).toMatch(/not available/);
    expect(exists("team-rg", "far-ws")).toBe(false);
  });

  it("dependent resources: a bad id or name is a 400 naming it; the embedded default refuses them (it stands in)", async () => {
    const sa = (choice: unknown) => ({
      storageAccount: choice,
      keyVault: { create: "kv-dep-ws" },
      applicationInsights: { create: "appi-dep-ws" },
    });
    for (const [choice, field] of [
      [
        { existing: "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/kv" },
        "dependentResources.storageAccount.existing",
      ],
      [{ create: "Not_A_Storage_Name" }, "dependentResources.storageAccount.create"],
    ] as const) {
      const res = await s.call(
        "POST",
        LIST,
        {},
        { as: "admin", body: body("dep-ws", { dependentResources: sa(choice) }) },
      );
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    const local = await s.call(
      "POST",
      LIST,
      {},
      { as: "admin", body: body("dep-ws", { dependentResources: sa({ create: "stdepws" }) }) },
    );
    expect(local.status, local.text).toBe(400);
    expect(local.body.error.field).toBe("dependentResources");
    expect(local.body.error.message).toMatch(/stands in/);
    expect(exists("team-rg", "dep-ws")).toBe(false);
  });

  it("in the embedded default only an Admin creates: a data scientist gets the upstream's 403, a reader the studio's", async () => {
    const sci = await s.call("POST", LIST, {}, { as: "scientist", body: body("sci-ws") });
    expect(sci.status).toBe(403);
    expect(sci.body.error.message).toMatch(/Required role: Admin/);
    const reader = await s.call("POST", LIST, {}, { as: "reader", body: body("reader-ws") });
    expect(reader.status).toBe(403);
    expect(exists("team-rg", "sci-ws") || exists("team-rg", "reader-ws")).toBe(false);
  });
});

describe("edit a workspace", () => {
  const params = { sub: SUB, rg: "team-rg", ws: "team-ws" };

  it("changes display name, description and tags; the list shows them at once", async () => {
    await s.call("GET", LIST, {}, { as: "scientist" });
    const res = await s.call("PATCH", ONE, params, {
      as: "scientist",
      body: { friendlyName: "Renamed", description: "New words", tags: { team: "ml", cost: "42" } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ friendlyName: "Renamed", description: "New words" });
    const ws = await s.sdk().workspaces.get("team-rg", "team-ws");
    expect(ws.tags).toEqual({ team: "ml", cost: "42" });
    const list = await s.call("GET", LIST, {}, { as: "scientist" });
    expect(list.body.data.find((w: { name: string }) => w.name === "team-ws")).toMatchObject({
      friendlyName: "Renamed",
      tags: { team: "ml", cost: "42" },
    });
  });

  it("an empty edit, a bad tag or a reader → refused before the upstream", async () => {
    const empty = await s.call("PATCH", ONE, params, { as: "admin", body: {} });
    expect(empty.status).toBe(400);
    const tags = await s.call("PATCH", ONE, params, { as: "admin", body: { tags: { "x?y": "1" } } });
    expect(tags.status).toBe(400);
    expect(tags.body.error.field).toBe("tags");
    const reader = await s.call("PATCH", ONE, params, { as: "reader", body: { description: "no" } });
    expect(reader.status).toBe(403);
    expect((await s.sdk().workspaces.get("team-rg", "team-ws")).description).toBe("New words");
  });
});

describe("the compute instance idle-shutdown default", () => {
  const params = { sub: SUB, rg: "team-rg", ws: "team-ws" };
  const TAG = "mlstudio.computeInstanceIdleShutdownMinutes";

  it("is saved as a workspace tag, shown as its own field, kept when the other tags change, and removed by null", async () => {
    const set = await s.call("PATCH", ONE, params, {
      as: "scientist",
      body: { computeInstanceIdleShutdownMinutes: 45 },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.data.computeInstanceIdleShutdownMinutes).toBe(45);
    expect(set.body.data.tags).not.toHaveProperty(TAG);
    expect((await s.sdk().workspaces.get("team-rg", "team-ws")).tags).toMatchObject({ [TAG]: "45" });
    const list = await s.call("GET", LIST, {}, { as: "reader" });
    expect(list.body.data.find((w: { name: string }) => w.name === "team-ws")).toMatchObject({
      computeInstanceIdleShutdownMinutes: 45,
    });
    const retag = await s.call("PATCH", ONE, params, { as: "scientist", body: { tags: { team: "vision" } } });
    expect(retag.status, retag.text).toBe(200);
    expect(retag.body.data).toMatchObject({ tags: { team: "vision" }, computeInstanceIdleShutdownMinutes: 45 });
    expect((await s.sdk().workspaces.get("team-rg", "team-ws")).tags).toEqual({ team: "vision", [TAG]: "45" });
    const off = await s.call("PATCH", ONE, params, {
      as: "scientist",
      body: { computeInstanceIdleShutdownMinutes: null },
    });
    expect(off.status, off.text).toBe(200);
    expect(off.body.data.computeInstanceIdleShutdownMinutes).toBeNull();
    expect((await s.sdk().workspaces.get("team-rg", "team-ws")).tags).toEqual({ team: "vision" });
  });

  it("a bad value is a 400 naming the field, nothing saved; the tag itself cannot be set through tags", async () => {
    for (const bad of [5, 4321, 30.5, "60"]) {
      const res = await s.call("PATCH", ONE, params, {
        as: "admin",
        body: { computeInstanceIdleShutdownMinutes: bad },
      });
      expect(res.status, String(bad)).toBe(400);
      expect(res.body.error.field).toBe("computeInstanceIdleShutdownMinutes");
    }
    const viaTags = await s.call("PATCH", ONE, params, { as: "admin", body: { tags: { [TAG]: "30" } } });
    expect(viaTags.status).toBe(400);
    expect(viaTags.body.error.field).toBe("tags");
    const reader = await s.call("PATCH", ONE, params, {
      as: "reader",
      body: { computeInstanceIdleShutdownMinutes: 60 },
    });
    expect(reader.status).toBe(403);
    expect((await s.sdk().workspaces.get("team-rg", "team-ws")).tags).toEqual({ team: "vision" });
  });
});

describe("delete a workspace", () => {
  const params = { sub: SUB, rg: "team-rg", ws: "team-ws" };

  it("jobs running in it are a 409 naming them; forced, they are canceled and the workspace goes", async () => {
    const sdk = s.sdk();
    await sdk.computeOperations.beginCreateOrUpdateAndWait(
      "team-rg",
      "team-ws",
      "team-cluster",
      {
        location: "westeurope",
        properties: {
          computeType: "AmlCompute",
          properties: { vmSize: "Standard_DS2_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 1 } },
        },
      },
      { updateIntervalInMs: 20 },
    );
    await sdk.jobs.createOrUpdate("team-rg", "team-ws", "long-job", {
      properties: {
        jobType: "Command",
        command: "sleep 120",
        environmentId: "azureml:any:1",
        computeId: `${wsId("team-rg", "team-ws")}/computes/team-cluster`,
      } as never,
    });
    const refused = await s.call("DELETE", ONE, params, { as: "scientist" });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.code).toBe("JobsRunning");
    expect(refused.body.error.message).toContain("long-job");
    expect(exists("team-rg", "team-ws")).toBe(true);

    const forced = await s.call("DELETE", ONE, params, { as: "scientist", query: { force: "true" } });
    expect(forced.status, forced.text).toBe(202);
    expect(forced.body.data.canceledJobs).toEqual(["long-job"]);
    expect(exists("team-rg", "team-ws")).toBe(false);
    await expect(sdk.workspaces.get("team-rg", "team-ws")).rejects.toMatchObject({ statusCode: 404 });
    const list = await s.call("GET", LIST, {}, { as: "scientist" });
    expect(list.body.data.map((w: { name: string }) => w.name)).not.toContain("team-ws");
  });

  it("a reader may not delete; a workspace that is gone is a 404", async () => {
    const reader = await s.call("DELETE", ONE, { sub: SUB, rg: RG, ws: "research-workspace" }, { as: "reader" });
    expect(reader.status).toBe(403);
    expect(exists(RG, "research-workspace")).toBe(true);
    const gone = await s.call("DELETE", ONE, params, { as: "admin" });
    expect(gone.status).toBe(404);
  });

  it("a bad force value is a 400 naming it", async () => {
    const res = await s.call(
      "DELETE",
      ONE,
      { sub: SUB, rg: RG, ws: "research-workspace" },
      {
        as: "admin",
        query: { force: "yes" },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("force");
    expect(exists(RG, "research-workspace")).toBe(true);
  });
});
