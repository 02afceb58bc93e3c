import { shared } from "../support/shared";
/**
 * Contract tests: replay the recorded examples of the 2022-10-01 spec against the service and
 * compare response shapes (keys, recursively) and statuses; check enum values against the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { RG, SUB, WS, WS_PATH, call, start, until } from "./helpers";

const SPEC_DIR = shared("azure-ml-rest-spec/2022-10-01");
const haveSpec = fs.existsSync(path.join(SPEC_DIR, "machineLearningServices.json"));
const spec = haveSpec
  ? JSON.parse(fs.readFileSync(path.join(SPEC_DIR, "machineLearningServices.json"), "utf8"))
  : { definitions: {} };
const example = (rel: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, "examples", rel), "utf8"));
const defs = spec.definitions as Record<string, any>;
const enumOf = (def: string, prop: string): string[] => {
  const p = defs[def]?.properties?.[prop];
  return p?.enum ?? (p?.$ref ? defs[p.$ref.split("/").pop()]?.enum : undefined) ?? [];
};

/** Paths (dot-separated, `[]` for array items) whose contents depend on optional features not configured here. */
const IGNORE = new Set([
  "identity.userAssignedIdentities",
  "properties.encryption.identity",
  "properties.encryption.keyVaultProperties.identityClientId",
  "properties.privateEndpointConnections[]",
  "properties.sharedPrivateLinkResources[]",
  "value[].properties.privateEndpointConnections[]",
]);

/** Every key the example shows must be present in the actual body (values may differ). */
function shapeDiff(expected: any, actual: any, at = ""): string[] {
  if (IGNORE.has(at)) return [];
  if (expected === null || typeof expected !== "object") return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return actual === null ? [] : [`${at}: expected array`];
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDiff(expected[0], actual[0], `${at}[]`);
  }
  if (actual === null) return []; // instance-specific: not configured here
  if (typeof actual !== "object" || Array.isArray(actual))
    return [`${at}: expected object, got ${JSON.stringify(actual)}`];
  const out: string[] = [];
  for (const k of Object.keys(expected)) {
    const p = at ? `${at}.${k}` : k;
    if (IGNORE.has(p)) continue;
    if (!(k in actual)) out.push(`${p}: missing`);
    else out.push(...shapeDiff(expected[k], actual[k], p));
  }
  return out;
}

/** Enum checks for the compute envelope and kind-specific properties. */
function checkComputeEnums(c: any) {
  expect(enumOf("Compute", "provisioningState")).toContain(c.properties.provisioningState);
  expect(defs.ComputeType.enum).toContain(c.properties.computeType);
  const p = c.properties.properties;
  if (c.properties.computeType === "AmlCompute") {
    expect(enumOf("AmlComputeProperties", "allocationState")).toContain(p.allocationState);
    expect(enumOf("AmlComputeProperties", "osType")).toContain(p.osType);
    expect(enumOf("AmlComputeProperties", "vmPriority")).toContain(p.vmPriority);
    expect(typeof p.scaleSettings.maxNodeCount).toBe("number");
    const c2 = p.nodeStateCounts;
    const sum =
      c2.idleNodeCount +
      c2.runningNodeCount +
      c2.preparingNodeCount +
      c2.unusableNodeCount +
      c2.leavingNodeCount +
      c2.preemptedNodeCount;
    expect(sum).toBe(p.currentNodeCount);
  }
  if (c.properties.computeType === "ComputeInstance") {
    expect(enumOf("ComputeInstanceProperties", "state")).toContain(p.state);
    expect(enumOf("ComputeInstanceProperties", "applicationSharingPolicy")).toContain(p.applicationSharingPolicy);
    if (p.lastOperation) {
      expect(enumOf("ComputeInstanceLastOperation", "operationName")).toContain(p.lastOperation.operationName);
      expect(enumOf("ComputeInstanceLastOperation", "operationStatus")).toContain(p.lastOperation.operationStatus);
      expect(enumOf("ComputeInstanceLastOperation", "operationTrigger")).toContain(p.lastOperation.operationTrigger);
    }
  }
}

let svc: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  svc = await start({ timeScale: 0.02 });
});
afterAll(async () => {
  await svc.close();
});

const LOC = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus`;

describe.skipIf(!haveSpec)("contract: recorded examples of api-version 2022-10-01", () => {
  const creates = [
    "AKSCompute",
    "AmlCompute",
    "BasicAKSCompute",
    "BasicDataFactoryCompute",
    "ComputeInstanceMinimal",
    "ComputeInstanceWithSchedules",
    "KubernetesCompute",
  ];
  for (const name of creates) {
    it(`Compute/createOrUpdate/${name}`, async () => {
      const ex = example(`Compute/createOrUpdate/${name}.json`);
      const computeName = `ex-${name
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "")
        .slice(0, 18)}`;
      const r = await call(svc.url, "PUT", `${WS_PATH}/computes/${computeName}`, { body: ex.parameters.parameters });
      expect(r.body.error).toBeUndefined();
      expect(Object.keys(ex.responses)).toContain(String(r.status));
      expect(r.status).toBe(201);
      expect(r.headers.get("azure-asyncoperation")).toMatch(/computeOperationsStatus/);
      expect(shapeDiff(ex.responses["201"].body, r.body)).toEqual([]);
      checkComputeEnums(r.body);
      // once settled, a get still matches the example's 200 shape
      const settled = await until(
        () => call(svc.url, "GET", `${WS_PATH}/computes/${computeName}`),
        (g) => g.body.properties.provisioningState === "Succeeded",
      );
      expect(shapeDiff(ex.responses["200"].body, settled.body)).toEqual([]);
      checkComputeEnums(settled.body);
    });
  }

  const gets: [string, string][] = [
    ["ComputeInstance", "alice-ci"],
    ["AmlCompute", "cpu-cluster"],
    ["KubernetesCompute", "k8s-inference"],
  ];
  for (const [file, computeName] of gets) {
    it(`Compute/get/${file}`, async () => {
      const ex = example(`Compute/get/${file}.json`);
      const r = await call(svc.url, "GET", `${WS_PATH}/computes/${computeName}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("etag")).toBeTruthy();
      const diff = shapeDiff(ex.responses["200"].body, r.body);
      if (file === "KubernetesCompute") {
        // kind-specific properties are whatever was attached; compare the envelope only
        expect(diff.filter((d) => !d.startsWith("properties.properties."))).toEqual([]);
      } else expect(diff).toEqual([]);
      checkComputeEnums(r.body);
    });
  }

  it("Compute/get/AKSCompute (shape of the envelope)", async () => {
    const ex = example("Compute/get/AKSCompute.json");
    await call(svc.url, "PUT", `${WS_PATH}/computes/aks-get`, {
      body: example("Compute/createOrUpdate/AKSCompute.json").parameters.parameters,
    });
    const r = await call(svc.url, "GET", `${WS_PATH}/computes/aks-get`);
    expect(shapeDiff(ex.responses["200"].body, r.body).filter((d) => !d.startsWith("properties.properties."))).toEqual(
      [],
    );
  });

  it("Compute/list", async () => {
    const ex = example("Compute/list.json");
    const r = await call(svc.url, "GET", `${WS_PATH}/computes`);
    expect(r.status).toBe(200);
    expect(shapeDiff({ value: ex.responses["200"].body.value }, r.body)).toEqual([]);
    for (const c of r.body.value) checkComputeEnums(c);
  });

  it("Compute/listNodes", async () => {
    const ex = example("Compute/listNodes.json");
    const r = await call(svc.url, "POST", `${WS_PATH}/computes/cpu-cluster/listNodes`);
    expect(r.status).toBe(200);
    expect(
      shapeDiff(
        ex.responses["200"].body.nodes[0],
        r.body.nodes.find((n: any) => n.runId),
      ),
    ).toEqual([]);
    for (const n of r.body.nodes) expect(enumOf("AmlComputeNodeInformation", "nodeState")).toContain(n.nodeState);
  });

  it("Compute/patch", async () => {
    const ex = example("Compute/patch.json");
    const r = await call(svc.url, "PATCH", `${WS_PATH}/computes/gpu-cluster`, {
      body: {
        properties: {
          properties: { scaleSettings: { maxNodeCount: 2, minNodeCount: 1, nodeIdleTimeBeforeScaleDown: "PT5M" } },
        },
      },
    });
    expect(r.status).toBe(200);
    expect(ex.parameters.parameters.properties.properties.scaleSettings).toBeTruthy();
    expect(shapeDiff(ex.responses["200"].body, r.body)).toEqual([]);
    expect(r.body.properties.properties.allocationState).toBe("Resizing");
  });

  it("Compute/stop and Compute/delete", async () => {
    const stop = await call(svc.url, "POST", `${WS_PATH}/computes/alice-ci/stop`);
    expect(Object.keys(example("Compute/stop.json").responses)).toContain(String(stop.status));
    const ex = example("Compute/delete.json");
    const del = await call(
      svc.url,
      "DELETE",
      `${WS_PATH}/computes/dsvm-attached?api-version=2022-10-01&underlyingResourceAction=${ex.parameters.underlyingResourceAction}`,
    );
    expect(del.status).toBe(202);
    expect(Object.keys(ex.responses["202"].headers).every((h) => del.headers.get(h))).toBe(true);
    const loc = del.headers.get("location")!;
    const done = await until(
      () => call(svc.url, "GET", loc),
      (r) => r.status !== 202,
    );
    expect([200, 204]).toContain(done.status);
    expect((await call(svc.url, "GET", `${WS_PATH}/computes/dsvm-attached`)).status).toBe(404);
    const again = await call(
      svc.url,
      "DELETE",
      `${WS_PATH}/computes/dsvm-attached?api-version=2022-10-01&underlyingResourceAction=Delete`,
    );
    expect(Object.keys(ex.responses)).toContain(String(again.status));
  });

  // ComputeSecrets has subtypes for AKS, VirtualMachine and Databricks only; Kubernetes (like AmlCompute) has none.
  it("Compute/listKeys (AKS answers; Kubernetes and AmlCompute have none)", async () => {
    await call(svc.url, "PUT", `${WS_PATH}/computes/aks-keys`, {
      body: example("Compute/createOrUpdate/AKSCompute.json").parameters.parameters,
    });
    const r = await call(svc.url, "POST", `${WS_PATH}/computes/aks-keys/listKeys`);
    expect(r.status).toBe(200);
    expect(shapeDiff(example("Compute/listKeys.json").responses["200"].body, r.body)).toEqual([]);
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/k8s-inference/listKeys`)).status).toBe(404);
    expect((await call(svc.url, "POST", `${WS_PATH}/computes/cpu-cluster/listKeys`)).status).toBe(404);
  });

  it("Workspace/get, listBySubscription, delete", async () => {
    const get = await call(svc.url, "GET", WS_PATH);
    expect(get.status).toBe(200);
    expect(shapeDiff(example("Workspace/get.json").responses["200"].body, get.body)).toEqual([]);
    const list = await call(
      svc.url,
      "GET",
      `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/workspaces`,
    );
    expect(
      shapeDiff(example("Workspace/listBySubscription.json").responses["200"].body, list.body).filter(
        (d) => !d.includes("nextLink"),
      ),
    ).toEqual([]);
    // Creating a workspace needs Admin in the embedded default; a data scientist is refused.
    const refused = await call(svc.url, "PUT", WS_PATH.replace(WS, "temp-ws"), { body: { location: "eastus" } });
    expect(refused.status).toBe(403);
    const put = await call(svc.url, "PUT", WS_PATH.replace(WS, "temp-ws"), {
      body: { location: "eastus" },
      roles: ["Admin"],
    });
    expect(put.status).toBe(200);
    const del = await call(svc.url, "DELETE", WS_PATH.replace(WS, "temp-ws"));
    expect(Object.keys(example("Workspace/delete.json").responses)).toContain(String(del.status));
    expect(RG).toBe("ml-studio-demo");
  });

  it("Quota/list", async () => {
    const ex = example("Quota/list.json");
    const r = await call(svc.url, "GET", `${LOC}/quotas`, { roles: ["Reader"] });
    expect(r.status).toBe(200);
    const exWs = ex.responses["200"].body.value.find((q: any) => q.type.endsWith("workspaces/quotas"));
    const exSub = ex.responses["200"].body.value[0];
    expect(
      shapeDiff(
        exWs,
        r.body.value.find((q: any) => q.type.endsWith("workspaces/quotas")),
      ),
    ).toEqual([]);
    expect(
      shapeDiff(
        exSub,
        r.body.value.find((q: any) => q.type === exSub.type),
      ),
    ).toEqual([]);
    for (const q of r.body.value) expect(enumOf("ResourceQuota", "unit")).toContain(q.unit);
  });

  it("Quota/update statuses are spec enum values", async () => {
    const r = await call(svc.url, "POST", `${LOC}/updateQuotas`, {
      roles: ["Admin"],
      body: {
        location: "eastus",
        value: [
          {
            id: `${WS_PATH}/quotas/standardEDSv4Family`,
            type: "Microsoft.MachineLearningServices/workspaces/quotas",
            limit: 20,
            unit: "Count",
          },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(enumOf("UpdateWorkspaceQuotas", "status")).toContain(r.body.value[0].status);
    expect(r.body.value[0]).toMatchObject({ status: "Success", limit: 20, unit: "Count" });
  });

  it("Usage/list", async () => {
    const ex = example("Usage/list.json");
    const r = await call(svc.url, "GET", `${LOC}/usages`, { roles: ["Reader"] });
    expect(r.status).toBe(200);
    for (const t of [
      "totalCores/usages",
      "dedicatedCores/usages",
      "vmFamily/usages",
      "workspaces/usages",
      "workspaces/computes/usages",
    ]) {
      const e = ex.responses["200"].body.value.find((u: any) => u.type.endsWith(t));
      const a = r.body.value.find((u: any) => u.type.endsWith(t));
      expect(a, t).toBeTruthy();
      expect(shapeDiff(e, a), t).toEqual([]);
    }
  });

  it("VirtualMachineSize/list", async () => {
    const ex = example("VirtualMachineSize/list.json");
    const r = await call(svc.url, "GET", `${LOC}/vmSizes`, { roles: ["Reader"] });
    expect(r.status).toBe(200);
    expect(shapeDiff(ex.responses["200"].body, r.body)).toEqual([]);
  });
});
