import { describe, expect, it } from "vitest";
import { dependentResourceProblem } from "./model";
import { dependentResourcePlan } from "./server/dependent-resources";

const where = { subscriptionId: "sub-1", resourceGroup: "rg-1", location: "westeurope" };
const TENANT = "11111111-2222-3333-4444-555555555555";

describe("a workspace's dependent resources", () => {
  it("an existing one is an id of its own type; a new one follows its type's naming rule", () => {
    const sa = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/st1";
    expect(dependentResourceProblem("storageAccount", { existing: sa })).toBeNull();
    expect(dependentResourceProblem("keyVault", { existing: sa })).toMatch(/Microsoft\.KeyVault\/vaults/);
    expect(dependentResourceProblem("storageAccount", { create: "stfine01" })).toBeNull();
    expect(dependentResourceProblem("storageAccount", { create: "St-Bad" })).toMatch(/lower-case/);
    expect(dependentResourceProblem("keyVault", { create: "kv--double" })).toMatch(/single hyphens/);
    expect(dependentResourceProblem("containerRegistry", { create: "cr1" })).toMatch(/5-50/);
    expect(dependentResourceProblem("applicationInsights", { create: "appi-ws." })).toMatch(/not ending/);
  });

  it("names existing ones as they are and plans a PUT for each new one in the workspace's group and region", () => {
    const existingKv = "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv1";
    const plan = dependentResourcePlan(
      where,
      {
        storageAccount: { create: "stnew" },
        keyVault: { existing: existingKv },
        applicationInsights: { create: "appi-new" },
        containerRegistry: { create: "crnew01" },
      },
      TENANT,
    );
    expect(plan.ids).toEqual({
      storageAccount: "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/stnew",
      keyVault: existingKv,
      applicationInsights: "/subscriptions/sub-1/resourceGroups/rg-1/providers/microsoft.insights/components/appi-new",
      containerRegistry:
        "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.ContainerRegistry/registries/crnew01",
    });
    expect(plan.creates.map((c) => [c.kind, c.body.location])).toEqual([
      ["storageAccount", "westeurope"],
      ["applicationInsights", "westeurope"],
      ["containerRegistry", "westeurope"],
    ]);
    expect(plan.creates[0].body).toMatchObject({ kind: "StorageV2", sku: { name: "Standard_LRS" } });
  });

  it("a new key vault needs the directory's tenant; without one the plan refuses, naming the key vault", () => {
    const choices = {
      storageAccount: { create: "stnew" },
      keyVault: { create: "kv-new" },
      applicationInsights: { create: "appi-new" },
    };
    expect(
      dependentResourcePlan(where, choices, TENANT).creates.find((c) => c.kind === "keyVault")?.body,
    ).toMatchObject({
      properties: { tenantId: TENANT, enableRbacAuthorization: true },
    });
    expect(() => dependentResourcePlan(where, choices, null)).toThrow(
      expect.objectContaining({ field: "dependentResources.keyVault" }),
    );
  });
});
