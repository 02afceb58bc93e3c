/** Command job files through the studio's routes on the local workspace service: submit, run, export, bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startStudio, SUB, RG, WS, type Studio } from "../support/studio";

const ws = { sub: SUB, rg: RG, ws: WS };
let s: Studio;

const until = async (check: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out");
};

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0, seedContent: false } });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const HELLO_WORLD_INPUT = `$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
command: |
  echo \${{inputs.hello_string}}
  echo "n=\${{inputs.hello_number}} flag=\${{inputs.flag}} env=$GREETING"
environment:
  image: library/python:latest
inputs:
  hello_string: "hello world"
  hello_number: 42
  flag: true
environment_variables:
  GREETING: hi
compute: azureml:cpu-cluster
display_name: hello-world-input
experiment_name: hello-world-example
tags:
  hello: world
`;

describe("command job files", () => {
  it("a CLI v2 command job runs on the local service, shows its log, and exports back to YAML the importer reads", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/command-jobs", ws, {
      as: "scientist",
      body: { yaml: HELLO_WORLD_INPUT },
    });
    expect(res.status, res.text).toBe(201);
    const name = res.body.data.name as string;
    expect(res.body.data).toMatchObject({ jobType: "Command", displayName: "hello-world-input" });
    await until(async () => (await s.sdk().jobs.get(RG, WS, name)).properties.status === "Completed");

    const log = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]/logs/download", { ...ws, name }, { as: "reader" });
    expect(log.text).toContain("hello world");
    expect(log.text).toContain("n=42 flag=True env=hi");

    const exported = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]/yaml", { ...ws, name }, { as: "reader" });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toMatch(/yaml/);
    const doc = parse(exported.text);
    expect(doc).toMatchObject({
      $schema: "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
      type: "command",
      name,
      display_name: "hello-world-input",
      experiment_name: "hello-world-example",
      environment: { image: "library/python:latest" },
      compute: "azureml:cpu-cluster",
      inputs: { hello_string: "hello world", hello_number: 42, flag: true },
      environment_variables: { GREETING: "hi" },
      tags: { hello: "world" },
    });
    // What was exported submits again (under a new name) and runs the same way.
    const again = await s.call("POST", "ws/[sub]/[rg]/[ws]/command-jobs", ws, {
      as: "scientist",
      body: { yaml: exported.text.replace(`name: ${name}\n`, "") },
    });
    expect(again.status, again.text).toBe(201);
  }, 120_000);

  it("every problem of the file and its references in one 400, and nothing is created", async () => {
    const before = (await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" })).body.data.length;
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/command-jobs", ws, {
      as: "scientist",
      body: {
        yaml: `command: python train.py --x \${{inputs.x}}
code: ./src
environment: azureml:no-such-env:1
compute: azureml:no-such-cluster
environment_variables:
  A: b
`,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("InvalidJobYaml");
    expect(res.body.error.message).toMatch(/line 1, column \d+.*command uses \$\{\{inputs.x\}\}/);
    const more = await s.call("POST", "ws/[sub]/[rg]/[ws]/command-jobs", ws, {
      as: "scientist",
      body: {
        yaml: "command: python train.py\ncode: ./src\nenvironment: azureml:no-such-env:1\ncompute: azureml:no-such-cluster\n",
      },
    });
    expect(more.status).toBe(400);
    const messages = (more.body.error.details.problems as { message: string }[]).map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(/compute "no-such-cluster" does not exist in this workspace/),
      expect.stringMatching(/environment azureml:no-such-env:1 is not registered/),
      expect.stringMatching(/code "\.\/src" is a folder on your machine/),
    ]);
    const after = (await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" })).body.data.length;
    expect(after).toBe(before);
  });

  it("a pipeline file sent as a command job is refused naming what it is", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/command-jobs", ws, {
      as: "scientist",
      body: { yaml: "type: pipeline\njobs:\n  a:\n    command: echo\n    environment: azureml:e:1\n" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/This file is a pipeline job, not a command job/);
  });

  it("a registered environment by @latest, and serverless when the file names no compute", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/command-jobs", ws, {
      as: "scientist",
      body: {
        yaml: "command: echo serverless\nenvironment: azureml:AzureML-sklearn-1.5@latest\nresources:\n  instance_type: Standard_DS3_v2\n  instance_count: 1\n",
      },
    });
    expect(res.status, res.text).toBe(201);
    const job = await s.sdk().jobs.get(RG, WS, res.body.data.name);
    expect((job.properties as any).environmentId).toMatch(/\/environments\/AzureML-sklearn-1\.5\/versions\/[^/]+$/);
    expect((job.properties as any).computeId ?? null).toBeNull();
  });
});
