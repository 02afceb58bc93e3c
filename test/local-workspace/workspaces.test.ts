/** Workspace create, update and delete through the official SDK against the local workspace service. */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUB, sdkClient, start } from "./helpers";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { fileShareFolder } from "../../local-workspace/storage";

let svc: Awaited<ReturnType<typeof start>>;
const poll = { updateIntervalInMs: 10 };
const id = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

beforeAll(async () => {
  svc = await start({ timeScale: 0.02 });
});
afterAll(async () => {
  await svc.close();
});

async function datastores(rg: string, ws: string) {
  const out: { name?: string; properties: Record<string, unknown> }[] = [];
  for await (const d of sdkClient(svc.url).datastores.list(rg, ws)) out.push(d as never);
  return out;
}

describe("workspaces through the SDK", () => {
  it("creates a workspace in a new resource group with its own default datastores and file share", async () => {
    const c = sdkClient(svc.url, ["Admin"]);
    const created = await c.workspaces.beginCreateOrUpdateAndWait(
      "new-rg",
      "sdk-made",
      { location: "westeurope", friendlyName: "SDK made", description: "d", tags: { a: "1" } },
      poll,
    );
    expect(created).toMatchObject({
      name: "sdk-made",
      location: "westeurope",
      friendlyName: "SDK made",
      tags: { a: "1" },
    });
    const stores = await datastores("new-rg", "sdk-made");
    expect(stores.map((d) => d.name).sort()).toEqual(["workspaceblobstore", "workspacefilestore"]);
    const { container, share } = defaultStoreNames(svc.ctx, id("new-rg", "sdk-made"));
    expect(container).toBe(`azureml-blobstore-${created.workspaceId}`);
    expect(stores.find((d) => d.name === "workspaceblobstore")!.properties).toMatchObject({
      isDefault: true,
      containerName: container,
    });
    expect(fs.existsSync(fileShareFolder(svc.dataDir, "devstoreaccount1", share))).toBe(true);
    const mine = [];
    for await (const w of c.workspaces.listByResourceGroup("new-rg")) mine.push(w.name);
    expect(mine).toEqual(["sdk-made"]);
  });

  it("updates display name, description and tags; the location of an existing workspace stays", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const updated = await c.workspaces.beginUpdateAndWait(
      "new-rg",
      "sdk-made",
      { friendlyName: "Renamed", description: "new", tags: { b: "2" } },
      poll,
    );
    expect(updated).toMatchObject({ friendlyName: "Renamed", description: "new", tags: { b: "2" } });
    expect((await c.workspaces.get("new-rg", "sdk-made")).systemData?.lastModifiedBy).toBe("tester@ml-studio.local");
    await expect(
      c.workspaces.beginCreateOrUpdateAndWait("new-rg", "sdk-made", { location: "eastus" }, poll),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it("keeps the compute instance idle-shutdown default as a checked tag (2022-10-01 has no property for it)", async () => {
    const c = sdkClient(svc.url, ["DataScientist"]);
    const TAG = "mlstudio.computeInstanceIdleShutdownMinutes";
    const ok = await c.workspaces.beginUpdateAndWait("new-rg", "sdk-made", { tags: { b: "2", [TAG]: "90" } }, poll);
    expect(ok.tags).toEqual({ b: "2", [TAG]: "90" });
    for (const bad of ["10", "5000", "1h", ""]) {
      await expect(
        c.workspaces.beginUpdateAndWait("new-rg", "sdk-made", { tags: { [TAG]: bad } }, poll),
        bad,
      ).rejects.toMatchObject({ statusCode: 400, code: "InvalidTagValue" });
    }
    const admin = sdkClient(svc.url, ["Admin"]);
    await expect(
      admin.workspaces.beginCreateOrUpdateAndWait(
        "new-rg",
        "sdk-bad-idle",
        { location: "westeurope", tags: { [TAG]: "1" } },
        poll,
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(c.workspaces.get("new-rg", "sdk-bad-idle")).rejects.toMatchObject({ statusCode: 404 });
    expect((await c.workspaces.get("new-rg", "sdk-made")).tags).toEqual({ b: "2", [TAG]: "90" });
  });

  it("refuses a new workspace to a data scientist (Admin only) and in a region the subscription lacks", async () => {
    const sci = sdkClient(svc.url, ["DataScientist"]);
    await expect(
      sci.workspaces.beginCreateOrUpdateAndWait("new-rg", "sci-made", { location: "eastus" }, poll),
    ).rejects.toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    const admin = sdkClient(svc.url, ["Admin"]);
    const far = await admin.workspaces
      .beginCreateOrUpdateAndWait("new-rg", "far-made", { location: "brazilsouth" }, poll)
      .catch((e) => e);
    expect(far).toMatchObject({ statusCode: 400, code: "LocationNotAvailableForResourceType" });
    expect(far.details?.error?.target).toBe("location");
    expect(svc.ctx.store.get(id("new-rg", "sci-made"))).toBeNull();
    expect(svc.ctx.store.get(id("new-rg", "far-made"))).toBeNull();
  });

  it("deletes a workspace with everything in it; a reader may not", async () => {
    const reader = sdkClient(svc.url, ["Reader"]);
    await expect(reader.workspaces.beginDeleteAndWait("new-rg", "sdk-made", poll)).rejects.toMatchObject({
      statusCode: 403,
    });
    const c = sdkClient(svc.url, ["DataScientist"]);
    await c.workspaces.beginDeleteAndWait("new-rg", "sdk-made", poll);
    await expect(c.workspaces.get("new-rg", "sdk-made")).rejects.toMatchObject({ statusCode: 404 });
    expect(svc.ctx.store.get(`${id("new-rg", "sdk-made")}/datastores/workspaceblobstore`)).toBeNull();
  });
});
