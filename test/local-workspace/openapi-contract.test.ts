/**
 * The API contract: every answer the studio relies on, taken from the real local workspace service over HTTP, is
 * validated against the response schema of its operation in the shared azure-ml-rest-spec/2022-10-01 OpenAPI files
 * (machineLearningServices.json, mfe.json, workspaceFeatures.json — read where the shared-material resolver finds
 * them, never copied). See openapi-schema.ts for how Swagger 2.0 and Microsoft's extensions are read. Also: secrets
 * (what listSecrets / listKeys return) never appear in a GET answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { shared } from "../support/shared";
import { SUB, WS_PATH, call, start, until, type Res } from "./helpers";
import { OpenApiContract } from "./openapi-schema";

const SPEC_DIR = shared("azure-ml-rest-spec/2022-10-01");
const haveSpec = fs.existsSync(path.join(SPEC_DIR, "mfe.json"));
const PROVIDER = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices`;
/** The compute types ComputeSecrets has subtypes for. */
const KEYED = ["AKS", "VirtualMachine", "Databricks"];

let svc: Awaited<ReturnType<typeof start>>;
let contract: OpenApiContract;
/** Every violation found, as `METHOD template status: problem`. */
const problems: string[] = [];
/** Operation ids validated at least once. */
const covered = new Set<string>();
/** GET answers, kept to look for secrets in. */
const getBodies: { path: string; text: string }[] = [];

beforeAll(async () => {
  if (!haveSpec) return;
  contract = new OpenApiContract(SPEC_DIR);
  svc = await start({ timeScale: 0.001 });
});
afterAll(async () => {
  await svc?.close();
});

/** Calls the service and validates the answer against its operation's response schema. */
async function check(
  method: string,
  p: string,
  opts: { body?: unknown; expect?: number[]; roles?: ("Reader" | "DataScientist" | "Admin")[] } = {},
): Promise<Res> {
  const r = await call(svc.url, method, p, { body: opts.body, roles: opts.roles ?? ["Admin"] });
  const urlPath = p.split("?")[0];
  const op = contract.operation(method, urlPath);
  if (!op) {
    problems.push(`${method} ${urlPath}: no operation in the spec`);
    return r;
  }
  const want = opts.expect ?? [200, 201, 202];
  if (!want.includes(r.status)) {
    problems.push(`${method} ${op.template} → ${r.status} (wanted ${want}): ${r.text.slice(0, 300)}`);
    return r;
  }
  covered.add(op.operationId);
  for (const problem of contract.validate(op, r.status, r.body))
    problems.push(`${op.operationId} ${r.status} ${urlPath}: ${problem}`);
  if (method === "GET") getBodies.push({ path: urlPath, text: r.text });
  return r;
}

async function checkPaged(p: string) {
  let next: string | undefined = p;
  const all: any[] = [];
  while (next) {
    const r = await check("GET", next.startsWith("http") ? next.slice(svc.url.length) : next);
    all.push(...(r.body?.value ?? []));
    next = r.body?.nextLink;
  }
  return all;
}

const spec = (name: string, extra: Record<string, unknown> = {}) => ({
  $schema: "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
  name,
  version: "1",
  type: "command",
  inputs: { n: { type: "integer", default: 1 } },
  outputs: { out: { type: "uri_folder" } },
  command: "echo ${{inputs.n}} > ${{outputs.out}}/n.txt",
  environment: "azureml:AzureML-sklearn-1.5@latest",
  ...extra,
});

describe.skipIf(!haveSpec)("OpenAPI contract of 2022-10-01, every operation the studio calls", () => {
  it("workspaces, quotas, usages and VM sizes", async () => {
    await checkPaged(`${PROVIDER}/workspaces`);
    await checkPaged(WS_PATH.replace(/\/workspaces\/.*$/, "/workspaces"));
    await check("GET", WS_PATH);
    // Create, update and delete a workspace as the studio does (a new resource group, then its default datastores).
    const made = WS_PATH.replace(
      /\/resourceGroups\/[^/]+\/(.*)\/workspaces\/.*$/,
      "/resourceGroups/contract-rg/$1/workspaces/contract-ws",
    );
    await check("PUT", made, {
      body: { location: "westeurope", properties: { friendlyName: "Contract", description: "d" }, tags: { a: "1" } },
      expect: [200],
    });
    await check("GET", made);
    await checkPaged(`${made}/datastores`);
    await check("PATCH", made, { body: { tags: { b: "2" }, properties: { description: "e" } }, expect: [200] });
    await check("DELETE", made, { expect: [200, 202, 204] });
    await check("GET", `${PROVIDER}/locations/eastus/quotas`);
    await check("GET", `${PROVIDER}/locations/eastus/usages`);
    await check("GET", `${PROVIDER}/locations/eastus/vmSizes`);
    const quotas = await check("GET", `${PROVIDER}/locations/eastus/quotas`);
    const quota = quotas.body.value.find((q: any) => q.id.includes("/workspaces/"));
    await check("POST", `${PROVIDER}/locations/eastus/updateQuotas`, {
      body: {
        location: "eastus",
        value: [
          {
            id: quota.id,
            type: "Microsoft.MachineLearningServices/workspaces/quotas",
            limit: quota.limit,
            unit: "Count",
          },
        ],
      },
    });
    expect(problems.splice(0)).toEqual([]);
  });

  it("computes of every seeded kind: list, get, listNodes, listKeys; create, stop, start, delete", async () => {
    // Computes whose creation carries secrets: an attached VM with a password and key, an AKS cluster, Databricks.
    await check("PUT", `${WS_PATH}/computes/contract-vm`, {
      body: {
        properties: {
          computeType: "VirtualMachine",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`,
          properties: {
            virtualMachineSize: "Standard_D4s_v3",
            sshPort: 22,
            address: "10.0.0.9",
            administratorAccount: {
              username: "azureuser",
              password: "contract-Pa55word!",
              privateKeyData: "-----BEGIN KEY----- contract",
            },
          },
        },
      },
    });
    await check("PUT", `${WS_PATH}/computes/contract-dbx`, {
      body: {
        properties: {
          computeType: "Databricks",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbx`,
          properties: {
            databricksAccessToken: "dapi-contract-token-0001",
            workspaceUrl: "https://adb-1.azuredatabricks.net",
          },
        },
      },
    });
    await check("PUT", `${WS_PATH}/computes/contract-aks`, {
      body: {
        location: "eastus",
        properties: { computeType: "AKS", properties: { agentCount: 3, agentVmSize: "Standard_D3_v2" } },
      },
    });
    for (const name of ["contract-vm", "contract-dbx", "contract-aks"]) {
      const keys = await check("POST", `${WS_PATH}/computes/${name}/listKeys`, { expect: [200] });
      secrets.push(...secretValues(keys.body));
    }
    expect(secrets).toEqual(expect.arrayContaining(["contract-Pa55word!", "dapi-contract-token-0001"]));
    const computes = await checkPaged(`${WS_PATH}/computes`);
    expect(computes.length).toBeGreaterThan(5);
    for (const c of computes) {
      await check("GET", `${WS_PATH}/computes/${c.name}`);
      const type = c.properties.computeType;
      if (type === "AmlCompute") await check("POST", `${WS_PATH}/computes/${c.name}/listNodes`);
      // Keys exist for the types ComputeSecrets has subtypes for; for the others the service answers an error.
      const keyed = KEYED.includes(type);
      await check("POST", `${WS_PATH}/computes/${c.name}/listKeys`, { expect: keyed ? [200] : [404] });
    }
    const ci = await check("PUT", `${WS_PATH}/computes/contract-ci`, {
      body: {
        location: "eastus",
        properties: {
          computeType: "ComputeInstance",
          properties: {
            vmSize: "Standard_DS11_v2",
            schedules: { computeStartStop: [{ action: "Stop", schedule: { status: "Enabled" } }, { action: "Start" }] },
          },
        },
      },
    });
    expect(ci.status).toBe(201);
    expect(ci.body.properties.properties.schedules.computeStartStop).toMatchObject([
      { action: "Stop", provisioningStatus: "Completed", schedule: { status: "Enabled" } },
      { action: "Start", schedule: { status: "Enabled" } },
    ]);
    await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/contract-ci`),
      (r) => r.body.properties.properties.state === "Running",
    );
    // The studio's schedule edit: a PUT of the instance with cron schedules as the SDK serializes them.
    const edited = await check("PUT", `${WS_PATH}/computes/contract-ci`, {
      body: {
        location: "eastus",
        properties: {
          computeType: "ComputeInstance",
          properties: {
            vmSize: "Standard_DS11_v2",
            schedules: {
              computeStartStop: [
                {
                  action: "Start",
                  status: "Enabled",
                  triggerType: "Cron",
                  cron: { triggerType: "Cron", expression: "0 8 * * 1-5", timeZone: "UTC" },
                },
              ],
            },
          },
        },
      },
      expect: [200],
    });
    expect(edited.body.properties.properties.schedules.computeStartStop).toHaveLength(1);
    // The kinds the studio's "New compute" attaches: a Kubernetes cluster with instance types.
    await check("PUT", `${WS_PATH}/computes/contract-k8s`, {
      body: {
        location: "eastus",
        properties: {
          computeType: "Kubernetes",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc`,
          properties: {
            namespace: "azureml",
            defaultInstanceType: "small",
            instanceTypes: { small: { resources: { requests: { cpu: "1", memory: "2Gi" } } } },
          },
        },
      },
    });
    await check("GET", `${WS_PATH}/computes/contract-k8s`);
    await check("POST", `${WS_PATH}/computes/contract-ci/stop`);
    await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/contract-ci`),
      (r) => r.body.properties.properties.state === "Stopped",
    );
    await check("POST", `${WS_PATH}/computes/contract-ci/start`);
    await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/contract-ci`),
      (r) => r.body.properties.properties.state === "Running",
    );
    await check("POST", `${WS_PATH}/computes/contract-ci/restart`);
    await check("PUT", `${WS_PATH}/computes/contract-cluster`, {
      body: {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: { vmSize: "Standard_DS3_v2", scaleSettings: { minNodeCount: 0, maxNodeCount: 2 } },
        },
      },
    });
    await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/contract-cluster`),
      (r) => r.body.properties.provisioningState === "Succeeded",
    );
    await check("PATCH", `${WS_PATH}/computes/contract-cluster`, {
      body: { properties: { properties: { scaleSettings: { maxNodeCount: 1, minNodeCount: 0 } } } },
    });
    await check(
      "DELETE",
      `${WS_PATH}/computes/contract-cluster?api-version=2022-10-01&underlyingResourceAction=Delete`,
    );
    expect(problems.splice(0)).toEqual([]);
  });

  it("the New compute dialog's settings: SSH, assigned user, identity, credentials, attach by id, Synapse Spark; nodes with their runs; usage of serverless and low-priority cores", async () => {
    const ci = await check("PUT", `${WS_PATH}/computes/contract-ssh-ci`, {
      body: {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        properties: {
          computeType: "ComputeInstance",
          properties: {
            vmSize: "Standard_DS11_v2",
            sshSettings: { sshPublicAccess: "Enabled", adminPublicKey: "ssh-ed25519 AAAAC3Nz contract@test" },
            computeInstanceAuthorizationType: "personal",
            personalComputeInstanceSettings: {
              assignedUser: {
                objectId: "00000000-0000-4000-a000-000000000003",
                tenantId: "00000000-0000-0000-0000-0000000000aa",
              },
            },
          },
        },
      },
    });
    expect(ci.body.properties.properties.sshSettings.sshPublicAccess).toBe("Enabled");
    await check("PUT", `${WS_PATH}/computes/contract-lp`, {
      body: {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: {
            vmSize: "Standard_DS2_v2",
            vmPriority: "LowPriority",
            scaleSettings: { minNodeCount: 1, maxNodeCount: 2 },
            userAccountCredentials: { adminUserName: "contractadmin", adminUserPassword: "contract-cluster-Pa55!" },
          },
        },
      },
    });
    // AmlCompute has no keys: the password is a secret no GET may show.
    secrets.push("contract-cluster-Pa55!");
    await check("PUT", `${WS_PATH}/computes/contract-vm-id`, {
      body: {
        properties: {
          computeType: "VirtualMachine",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-by-id`,
          properties: { sshPort: 22, administratorAccount: { username: "u", password: "contract-vm-id-Pa55!" } },
        },
      },
    });
    secrets.push("contract-vm-id-Pa55!");
    await check("PUT", `${WS_PATH}/computes/contract-aks-attach`, {
      body: {
        properties: {
          computeType: "AKS",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a`,
          properties: { clusterFqdn: "a-dns.hcp.eastus.azmk8s.io", clusterPurpose: "DevTest" },
        },
      },
    });
    await check("GET", `${WS_PATH}/computes/contract-aks-attach`);
    await check(
      "DELETE",
      `${WS_PATH}/computes/contract-aks-attach?api-version=2022-10-01&underlyingResourceAction=Detach`,
    );
    await check("PUT", `${WS_PATH}/computes/contract-spark`, {
      body: {
        properties: {
          computeType: "SynapseSpark",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/s/bigDataPools/p`,
        },
      },
    });
    await until(
      () => call(svc.url, "GET", `${WS_PATH}/computes/contract-lp`),
      (r) => r.body.properties.properties.currentNodeCount === 1,
    );
    for (const name of ["contract-ssh-ci", "contract-lp", "contract-vm-id", "contract-spark"])
      await check("GET", `${WS_PATH}/computes/${name}`);
    // A job on a cluster and a serverless one, both running: the cluster's node names its run; usage counts both.
    await check("PUT", `${WS_PATH}/jobs/contract-on-lp`, {
      body: {
        properties: {
          jobType: "Command",
          command: "sleep 30",
          environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
          computeId: `${WS_PATH}/computes/contract-lp`,
        },
      },
    });
    await check("PUT", `${WS_PATH}/jobs/contract-serverless`, {
      body: {
        properties: {
          jobType: "Command",
          command: "sleep 30",
          environmentId: "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1",
          resources: { instanceType: "Standard_DS2_v2", instanceCount: 1 },
        },
      },
    });
    for (const job of ["contract-on-lp", "contract-serverless"])
      await until(
        () => call(svc.url, "GET", `${WS_PATH}/jobs/${job}`),
        (r) => r.body.properties.status === "Running",
      );
    const nodes = await check("POST", `${WS_PATH}/computes/contract-lp/listNodes`);
    expect(nodes.body.nodes.map((n: any) => n.runId)).toContain("contract-on-lp");
    const usages = await check("GET", `${PROVIDER}/locations/eastus/usages`);
    expect(usages.body.value.find((u: any) => /\/serverless\/usages\/standardDSv2Family$/.test(u.id))).toMatchObject({
      currentValue: 2,
    });
    expect(usages.body.value.find((u: any) => u.type.endsWith("/lowPriorityCores/usages"))).toMatchObject({
      currentValue: 2,
    });
    for (const job of ["contract-on-lp", "contract-serverless"])
      await call(svc.url, "POST", `${WS_PATH}/jobs/${job}/cancel`);
    expect(problems.splice(0)).toEqual([]);
  });

  it("datastores: put, list, get, listSecrets", async () => {
    await check("PUT", `${WS_PATH}/datastores/contract_blob`, {
      body: {
        properties: {
          datastoreType: "AzureBlob",
          accountName: "contractacct",
          containerName: "contract-data",
          credentials: {
            credentialsType: "Sas",
            secrets: { secretsType: "Sas", sasToken: "sv=2022&sig=contract-sas-token" },
          },
        },
      },
    });
    const stores = await checkPaged(`${WS_PATH}/datastores`);
    for (const d of stores) {
      await check("GET", `${WS_PATH}/datastores/${d.name}`);
      const type = d.properties.credentials?.credentialsType;
      const r = await check("POST", `${WS_PATH}/datastores/${d.name}/listSecrets`, {
        expect: type === "None" || type === undefined ? [200, 400] : [200],
      });
      if (r.status === 200) secrets.push(...secretValues(r.body));
    }
    await check("DELETE", `${WS_PATH}/datastores/contract_blob`, { expect: [200, 204] });
    expect(problems.splice(0)).toEqual([]);
  });

  it("data, models, environments, components and codes: containers and versions list, get, put", async () => {
    const kinds: [string, Record<string, unknown>][] = [
      ["data", { dataType: "uri_file", dataUri: "azureml://datastores/workspaceblobstore/paths/contract/a.csv" }],
      ["models", { modelType: "custom_model", modelUri: "azureml://datastores/workspaceblobstore/paths/contract/m/" }],
      ["environments", { image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest" }],
      ["codes", { codeUri: "azureml://datastores/workspaceblobstore/paths/contract/code" }],
    ];
    for (const [kind, props] of kinds) {
      const containerBody =
        kind === "data"
          ? { properties: { dataType: "uri_file", description: "c" } }
          : { properties: { description: "c" } };
      await check("PUT", `${WS_PATH}/${kind}/contract-${kind}`, { body: containerBody });
      await check("PUT", `${WS_PATH}/${kind}/contract-${kind}/versions/1`, {
        body: { properties: { ...props, tags: { a: "b" } } },
      });
    }
    await check("PUT", `${WS_PATH}/components/contract-comp/versions/1`, {
      body: { properties: { componentSpec: spec("contract-comp") } },
    });
    await check("PUT", `${WS_PATH}/components/contract-comp`, { body: { properties: { description: "c" } } });
    for (const kind of ["data", "models", "environments", "components", "codes"]) {
      const containers = await checkPaged(`${WS_PATH}/${kind}?api-version=2022-10-01&listViewType=All`);
      expect(containers.length, kind).toBeGreaterThan(0);
      for (const c of containers) {
        await check("GET", `${WS_PATH}/${kind}/${c.name}`);
        const versions = await checkPaged(
          `${WS_PATH}/${kind}/${c.name}/versions?api-version=2022-10-01&listViewType=All`,
        );
        for (const v of versions.slice(0, 3)) await check("GET", `${WS_PATH}/${kind}/${c.name}/versions/${v.name}`);
      }
    }
    // A refused job file takes back the code asset its submit registered: the version, then its container.
    await check("DELETE", `${WS_PATH}/codes/contract-codes/versions/1`, { expect: [200, 204] });
    await check("DELETE", `${WS_PATH}/codes/contract-codes`, { expect: [200, 204] });
    expect(problems.splice(0)).toEqual([]);
  });

  it("jobs: put (command, pipeline and sweep), get, list, cancel", async () => {
    await check("PUT", `${WS_PATH}/jobs/contract-command`, {
      body: {
        properties: {
          jobType: "Command",
          experimentName: "contract",
          command: "sleep 30",
          environmentId: "azureml:AzureML-sklearn-1.5@latest",
          computeId: "cpu-cluster",
        },
      },
    });
    await check("PUT", `${WS_PATH}/jobs/contract-pipeline`, {
      body: {
        properties: {
          jobType: "Pipeline",
          experimentName: "contract",
          settings: { default_compute: "cpu-cluster" },
          jobs: {
            hello: {
              jobType: "Command",
              componentId: "azureml:hello_python_world:1",
              inputs: {
                sample_input_data: {
                  jobInputType: "uri_folder",
                  uri: "azureml://datastores/workspaceblobstore/paths/contract/",
                },
              },
            },
          },
        },
      },
    });
    await check("PUT", `${WS_PATH}/jobs/contract-sweep`, {
      body: {
        properties: {
          jobType: "Sweep",
          experimentName: "contract",
          computeId: "cpu-cluster",
          trial: { command: "echo ${{search_space.lr}}", environmentId: "azureml:AzureML-sklearn-1.5@latest" },
          searchSpace: { lr: ["choice", [[0.1, 0.01]]] },
          samplingAlgorithm: { samplingAlgorithmType: "Grid" },
          objective: { goal: "Maximize", primaryMetric: "acc" },
          limits: { jobLimitsType: "Sweep", maxTotalTrials: 2, maxConcurrentTrials: 1, timeout: "PT1H" },
          earlyTermination: { policyType: "Bandit", slackFactor: 0.1, evaluationInterval: 1 },
        },
      },
    });
    const jobs = await checkPaged(`${WS_PATH}/jobs`);
    for (const j of jobs) await check("GET", `${WS_PATH}/jobs/${j.name}`);
    await check("POST", `${WS_PATH}/jobs/contract-command/cancel`);
    expect(problems.splice(0)).toEqual([]);
  });

  it("answers with a secret only from listSecrets / listKeys, never in a GET", async () => {
    for (const name of ["contract-vm", "contract-dbx"]) await check("GET", `${WS_PATH}/computes/${name}`);
    expect(secrets.length).toBeGreaterThan(4);
    const leaks = getBodies.flatMap((g) =>
      secrets.filter((s) => g.text.includes(s)).map((s) => `${g.path}: ${s.slice(0, 12)}…`),
    );
    expect(leaks).toEqual([]);
    const fields = getBodies.flatMap((g) =>
      [
        ...g.text.matchAll(
          /"(password|adminUserPassword|privateKeyData|sasToken|clientSecret|accountKey|userKubeConfig|adminKubeConfig|databricksAccessToken|primaryKey|secondaryKey)":"[^"]+"/g,
        ),
      ].map((m) => `${g.path}: ${m[1]}`),
    );
    expect(fields).toEqual([]);
  });

  it("the service takes extensible enum values beyond the spec's list, as ARM does, and its answers still validate", async () => {
    // Values a later api-version defines (SecuredByPerimeter) or that no version lists: kept as sent.
    const ws = await check("PATCH", WS_PATH, { body: { properties: { publicNetworkAccess: "SecuredByPerimeter" } } });
    expect(ws.body.properties.publicNetworkAccess).toBe("SecuredByPerimeter");
    await check("PATCH", WS_PATH, { body: { properties: { publicNetworkAccess: "Enabled" } } });
    const cluster = await check("PUT", `${WS_PATH}/computes/contract-enum-cl`, {
      body: {
        location: "eastus",
        properties: {
          computeType: "AmlCompute",
          properties: {
            vmSize: "Standard_DS2_v2",
            osType: "Mariner",
            remoteLoginPortPublicAccess: "Restricted",
            scaleSettings: { minNodeCount: 0, maxNodeCount: 1 },
          },
        },
      },
    });
    expect(cluster.body.properties.properties).toMatchObject({
      osType: "Mariner",
      remoteLoginPortPublicAccess: "Restricted",
    });
    const aks = await check("PUT", `${WS_PATH}/computes/contract-enum-aks`, {
      body: {
        properties: {
          computeType: "AKS",
          resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/e`,
          properties: { clusterPurpose: "Experimental", loadBalancerType: "PrivateLink" },
        },
      },
    });
    expect(aks.body.properties.properties).toMatchObject({
      clusterPurpose: "Experimental",
      loadBalancerType: "PrivateLink",
    });
    await check("GET", `${WS_PATH}/computes/contract-enum-aks`);
    // A value the service acts on stays closed: an unknown priority is the resource provider's 400 naming it.
    const spot = await call(svc.url, "PUT", `${WS_PATH}/computes/contract-enum-spot`, {
      body: {
        location: "eastus",
        properties: { computeType: "AmlCompute", properties: { vmSize: "Standard_DS2_v2", vmPriority: "Spot" } },
      },
      roles: ["Admin"],
    });
    expect(spot.status).toBe(400);
    expect(spot.body.error.target).toBe("properties.properties.vmPriority");
    expect(problems.splice(0)).toEqual([]);
  });

  it("the validator refuses what the spec refuses and accepts extensible enum values", () => {
    const op = (m: string, p: string) => contract.operation(m, `${WS_PATH}${p}`)!;
    const container = {
      id: "x",
      name: "m",
      type: "t",
      properties: {
        description: null,
        tags: {},
        properties: {},
        isArchived: false,
        latestVersion: "1",
        nextVersion: "2",
      },
    };
    expect(contract.validate(op("GET", "/models/m"), 200, container)).toEqual([]);
    // additionalProperties: false on ModelContainer, through allOf (AssetContainer → ResourceBase).
    expect(
      contract.validate(op("GET", "/models/m"), 200, {
        ...container,
        properties: { ...container.properties, provisioningState: "Succeeded" },
      }),
    ).toEqual([expect.stringMatching(/must NOT have additional properties: 'provisioningState'/)]);
    // The discriminator picks UriFileDataVersion (additionalProperties: false), which has no referencedUris.
    const version = { properties: { dataType: "uri_file", dataUri: "azureml://datastores/d/paths/a.csv" } };
    expect(contract.validate(op("GET", "/data/d/versions/1"), 200, version)).toEqual([]);
    expect(
      contract.validate(op("GET", "/data/d/versions/1"), 200, {
        properties: { ...version.properties, referencedUris: [] },
      }),
    ).toEqual([expect.stringMatching(/referencedUris/)]);
    expect(
      contract.validate(op("GET", "/data/d/versions/1"), 200, {
        properties: { ...version.properties, dataType: "mltable", referencedUris: [] },
      }),
    ).toEqual([]);
    // DataType is an x-ms-enum with modelAsString: a value beyond the list is accepted (ComputePowerAction too).
    expect(
      contract.validate(op("GET", "/data/d/versions/1"), 200, {
        properties: { ...version.properties, dataType: "uri_other" },
      }),
    ).toEqual([]);
    // A secret (x-ms-secret) in a GET answer is a violation; in listSecrets it is the answer.
    const blob = {
      properties: {
        datastoreType: "AzureBlob",
        credentials: { credentialsType: "AccountKey", secrets: { secretsType: "AccountKey", key: "k" } },
      },
    };
    expect(contract.validate(op("GET", "/datastores/s"), 200, blob)).toEqual([
      expect.stringMatching(/secrets must be null/),
    ]);
    expect(
      contract.validate(op("POST", "/datastores/s/listSecrets"), 200, { secretsType: "AccountKey", key: "k" }),
    ).toEqual([]);
    // A required property missing, and a wrong type.
    expect(contract.validate(op("GET", "/data/d/versions/1"), 200, { properties: { dataType: "uri_file" } })).toEqual([
      expect.stringMatching(/required property 'dataUri'/),
    ]);
    expect(
      contract.validate(op("GET", "/models/m"), 200, {
        ...container,
        properties: { ...container.properties, isArchived: "no" },
      }),
    ).toEqual([expect.stringMatching(/isArchived must be boolean/)]);
  });

  it("covers every operation the studio calls", () => {
    // Found in the studio's code, so a new call cannot go unchecked; the asset kernel reaches the container and
    // version groups generically, so those are listed below too.
    const called = studioOperations(new Set(contract.operationIds()));
    expect(called.unknown).toEqual([]);
    expect(called.ids).toEqual(expect.arrayContaining(["Compute_Restart", "Workspaces_ListBySubscription"]));
    expect(called.ids.filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].sort()).toEqual(
      expect.arrayContaining([
        "Compute_Restart",
        "Datastores_Delete",
        "Workspaces_Get",
        "Workspaces_CreateOrUpdate",
        "Workspaces_Update",
        "Workspaces_Delete",
        "Workspaces_ListBySubscription",
        "Workspaces_ListByResourceGroup",
        "Compute_List",
        "Compute_Get",
        "Compute_CreateOrUpdate",
        "Compute_Start",
        "Compute_Stop",
        "Compute_Delete",
        "Compute_ListNodes",
        "Compute_ListKeys",
        "Quotas_List",
        "Quotas_Update",
        "Compute_Update",
        "Datastores_CreateOrUpdate",
        "Usages_List",
        "VirtualMachineSizes_List",
        "Datastores_List",
        "Datastores_Get",
        "Datastores_ListSecrets",
        "DataContainers_List",
        "DataContainers_Get",
        "DataContainers_CreateOrUpdate",
        "DataVersions_List",
        "DataVersions_Get",
        "DataVersions_CreateOrUpdate",
        "ModelContainers_List",
        "ModelContainers_Get",
        "ModelContainers_CreateOrUpdate",
        "ModelVersions_List",
        "ModelVersions_Get",
        "ModelVersions_CreateOrUpdate",
        "EnvironmentContainers_List",
        "EnvironmentContainers_Get",
        "EnvironmentContainers_CreateOrUpdate",
        "EnvironmentVersions_List",
        "EnvironmentVersions_Get",
        "EnvironmentVersions_CreateOrUpdate",
        "ComponentContainers_List",
        "ComponentContainers_Get",
        "ComponentContainers_CreateOrUpdate",
        "ComponentVersions_List",
        "ComponentVersions_Get",
        "ComponentVersions_CreateOrUpdate",
        "CodeContainers_List",
        "CodeContainers_Get",
        "CodeContainers_CreateOrUpdate",
        "CodeVersions_List",
        "CodeVersions_Get",
        "CodeVersions_CreateOrUpdate",
        "Jobs_CreateOrUpdate",
        "Jobs_Get",
        "Jobs_List",
        "Jobs_Cancel",
      ]),
    );
  });
});

/**
 * The spec operations the studio's server code calls through the SDK client: `client.<group>.<method>(` (also
 * through `armClient(…)` and a `const ops = ctx.client.<group>` alias), named as the spec does
 * (`computeOperations.beginRestart` → `Compute_Restart`). A call whose name is not an operation of the spec is
 * returned in `unknown`.
 */
function studioOperations(specIds: Set<string>): { ids: string[]; unknown: string[] } {
  const root = path.resolve(__dirname, "../..");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== "generated" && e.name !== "node_modules") walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.push(p);
    }
  };
  for (const d of ["app", "features", "lib", "components"]) walk(path.join(root, d));
  const group = (g: string) => (g === "computeOperations" ? "Compute" : g[0].toUpperCase() + g.slice(1));
  const method = (m: string) => {
    const bare = m.replace(/^begin/, "").replace(/AndWait$/, "");
    return bare[0].toUpperCase() + bare.slice(1);
  };
  const ids = new Set<string>();
  const unknown = new Set<string>();
  const add = (g: string, m: string, where: string) => {
    // Only operation groups of the spec (the client's `pipeline` and the like are not).
    if (![...specIds].some((id) => id.startsWith(`${group(g)}_`))) return;
    const id = `${group(g)}_${method(m)}`;
    (specIds.has(id) ? ids : unknown).add(specIds.has(id) ? id : `${where}: ${g}.${m}`);
  };
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    const where = path.relative(root, f);
    for (const m of text.matchAll(/(?:\bclient|\barmClient\([^)]*\))\s*\.\s*(\w+)\s*\.\s*(\w+)\s*\(/g))
      add(m[1], m[2], where);
    for (const a of text.matchAll(/const (\w+) = (?:\w+\.)*client\.(\w+);/g))
      for (const m of text.matchAll(new RegExp(`\\b${a[1]}\\.(\\w+)\\b`, "g"))) add(a[2], m[1], where);
  }
  // The asset kernel (lib/server/assets) calls list/get/createOrUpdate on the container and version group of each
  // kind it is given.
  for (const kind of ["Model", "Environment", "Data", "Component"])
    for (const g of ["Containers", "Versions"])
      for (const m of ["List", "Get", "CreateOrUpdate"]) ids.add(`${kind}${g}_${m}`);
  return { ids: [...ids].sort(), unknown: [...unknown].sort() };
}

/** Secret values: every non-empty string in a listSecrets / listKeys answer other than type names. */
const secrets: string[] = [];
function secretValues(body: any): string[] {
  const out: string[] = [];
  const walk = (v: any, key: string) => {
    if (
      typeof v === "string" &&
      v.length >= 8 &&
      !/Type$|^computeType$|^secretsType$/.test(key) &&
      !/^(azureuser|admin)$/.test(v)
    )
      out.push(v);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body, "");
  return out;
}
