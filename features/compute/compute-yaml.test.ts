import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { YamlImportError } from "@/lib/domain/pipeline";
import { shared } from "@/test/support/shared";
import { computeYaml, readComputeYaml } from "./compute-yaml";
import type { CreateComputeInput } from "./server/schemas";

const EXAMPLES = shared("azureml-examples/cli/resources/compute");
const files = fs.readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

/** The examples' `<PLACEHOLDER>`s, filled in as a user would before creating (names must be compute names). */
const fill = (text: string) =>
  text
    .replace(/<ATTACHED_SPARK_POOL_NAME>/g, "spark-pool")
    .replace(/<([A-Za-z_]+)>/g, (_, p: string) => p.toLowerCase().replace(/_/g, "-"));

const problemsOf = (text: string) => {
  try {
    readComputeYaml(text);
    return [];
  } catch (e) {
    if (e instanceof YamlImportError) return e.problems;
    throw e;
  }
};

describe("CLI v2 compute files (azureml-examples/cli/resources/compute)", () => {
  it("are all there", () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  it.each(files)("%s loads into a New compute request", (file) => {
    const text = fill(fs.readFileSync(path.join(EXAMPLES, file), "utf8"));
    const { name, body } = readComputeYaml(text);
    expect(name).toMatch(/^[a-z]/);
    const type = /^type:\s*(\S+)/m.exec(text)![1];
    expect(body.computeType.toLowerCase()).toBe(type);
    // And back: the request's YAML reads into the same request.
    expect(readComputeYaml(computeYaml(name, body))).toEqual({ name, body });
  });

  it("reads each field where the CLI puts it", () => {
    const read = (file: string) => readComputeYaml(fill(fs.readFileSync(path.join(EXAMPLES, file), "utf8"))).body;
    expect(read("cluster-low-priority.yml")).toMatchObject({
      computeType: "AmlCompute",
      vmSize: "STANDARD_DS3_v2",
      vmPriority: "LowPriority",
      minNodes: 0,
      maxNodes: 2,
      idleSecondsBeforeScaleDown: 120,
    });
    expect(read("cluster-minimal.yml")).toMatchObject({ vmSize: "Standard_DS3_v2", minNodes: 0, maxNodes: 4 });
    expect(read("cluster-location.yml")).toMatchObject({ location: "westus" });
    expect(read("cluster-ssh-password.yml")).toMatchObject({
      adminUser: { username: "example-user", password: "example-password" },
    });
    expect(read("cluster-user-identity.yml")).toMatchObject({
      identity: { type: "UserAssigned", userAssignedIdentities: ["identity_resource_id"] },
    });
    expect(read("cluster-system-identity.yml")).toMatchObject({ identity: { type: "SystemAssigned" } });
    expect(read("instance-schedule.yml")).toMatchObject({
      computeType: "ComputeInstance",
      schedules: [
        {
          action: "Stop",
          cron: "0 18 * * *",
          timeZone: "Pacific Standard Time",
          startTime: "2021-03-10T21:21:07",
          enabled: true,
        },
      ],
    });
    expect(read("vm-attach.yml")).toMatchObject({
      computeType: "VirtualMachine",
      resourceId: expect.stringContaining("/virtualMachines/vm-name"),
      administratorAccount: { username: "admin-username", password: "admin-password" },
    });
    expect(read("attached-spark-user-identity.yml")).toMatchObject({
      computeType: "SynapseSpark",
      identity: { type: "UserAssigned" },
    });
  });

  it("an example as published names its placeholder name, with its line and column", () => {
    const text = fs.readFileSync(path.join(EXAMPLES, "attached-spark.yml"), "utf8");
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        path: "name",
        pos: { line: 2, col: 1 },
        message: expect.stringMatching(/^name "<ATTACHED_SPARK_POOL_NAME>" must be 3-24/),
      }),
    ]);
  });
});

describe("form → YAML → the same request", () => {
  const bodies: [string, CreateComputeInput][] = [
    [
      "ci-1",
      {
        computeType: "ComputeInstance",
        vmSize: "Standard_DS11_v2",
        idleSecondsBeforeShutdown: 1800,
        schedules: [
          { action: "Start", cron: "0 8 * * 1-5", timeZone: "W. Europe Standard Time", enabled: true },
          { action: "Stop", cron: "0 18 * * 1-5", enabled: false },
        ],
        sshPublicAccess: true,
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6 dana@laptop",
        assignedUser: {
          objectId: "00000000-0000-0000-0000-00000000a11c",
          tenantId: "00000000-0000-0000-0000-0000000000aa",
        },
      },
    ],
    [
      "spot-1",
      {
        computeType: "AmlCompute",
        vmSize: "Standard_DS2_v2",
        vmPriority: "LowPriority",
        minNodes: 0,
        maxNodes: 3,
        idleSecondsBeforeScaleDown: 600,
        identity: { type: "SystemAssigned" },
      },
    ],
    [
      "k8s-1",
      {
        computeType: "Kubernetes",
        resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc",
        namespace: "azureml",
        instanceTypes: { "gpu-small": { resources: { requests: { cpu: "2" }, limits: { "nvidia.com/gpu": "1" } } } },
        defaultInstanceType: "gpu-small",
      },
    ],
    [
      "aks-1",
      {
        computeType: "AKS",
        resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
        clusterPurpose: "DevTest",
      },
    ],
    [
      "vm-1",
      {
        computeType: "VirtualMachine",
        address: "10.0.0.4",
        sshPort: 2222,
        administratorAccount: {
          username: "azureuser",
          privateKeyData: "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n",
        },
      },
    ],
  ];
  it.each(bodies)("%s", (name, input) => {
    const yaml = computeYaml(name, input);
    const back = readComputeYaml(yaml);
    expect(back.name).toBe(name);
    expect(back.body).toEqual(readComputeYaml(computeYaml(name, back.body)).body);
    expect(back.body).toMatchObject(input as object);
  });
});

describe("bad compute files: every problem, with its line and column", () => {
  it("unknown keys, a bad tier, an invalid cron and a recurrence trigger", () => {
    const problems = problemsOf(
      [
        "name: bad-one",
        "type: computeinstance",
        "size: Standard_DS3_v2",
        "colour: blue",
        "schedules:",
        "  compute_start_stop:",
        "    - action: start",
        "      trigger:",
        "        type: cron",
        "        expression: 0 25 * * *",
        "    - action: stop",
        "      trigger:",
        "        type: recurrence",
        "        expression: x",
      ].join("\n"),
    );
    expect(problems.map((p) => [p.path, p.pos?.line])).toEqual(
      expect.arrayContaining([
        ["colour", 4],
        ["schedules.compute_start_stop.1.trigger.type", 13],
        ["schedules.compute_start_stop.0.trigger.expression", 10],
      ]),
    );
    expect(problems.find((p) => p.path?.endsWith("0.trigger.expression"))?.message).toMatch(/hour/);
  });

  it("a cluster whose minimum is over its maximum, and an unknown tier", () => {
    const problems = problemsOf("name: c-1\ntype: amlcompute\ntier: spot\nmin_instances: 5\nmax_instances: 2\n");
    expect(problems.map((p) => [p.path, p.pos?.line])).toEqual([
      ["tier", 3],
      ["min_instances", 4],
    ]);
  });

  it("malformed YAML, another kind of file, a type the studio does not create", () => {
    expect(problemsOf("name: [x\ntype: amlcompute")[0].message).toMatch(/malformed/);
    expect(
      problemsOf("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: echo\n")[0]
        .message,
    ).toMatch(/command job, not a compute/);
    expect(problemsOf("name: d-1\ntype: databricks\n")[0]).toMatchObject({ path: "type", pos: { line: 2, col: 1 } });
  });

  it("an attached VM with no credentials names them; a key file path is refused with what to do", () => {
    const problems = problemsOf(
      "name: vm-2\ntype: virtualmachine\naddress: 10.0.0.5\nssh_settings:\n  admin_username: u\n  ssh_private_key_file: ~/.ssh/id_rsa\n",
    );
    expect(problems.map((p) => p.path)).toEqual(["ssh_settings.ssh_private_key_file", "ssh_settings.admin_password"]);
    expect(problems[0].message).toMatch(/paste the key/);
    expect(problems[1].message).toMatch(/needs a password or an SSH private key/);
  });
});
