/** Command job files through the studio's routes on the local workspace service: submit, run, export, bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { workspaceId } from "../../local-workspace/arm";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
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

/** Stages a code folder as the browser does: one write-only URL per file, then a PUT of each. */
async function stageCode(files: Record<string, string>) {
  const list = Object.entries(files).map(([path, c]) => ({ path, size: Buffer.byteLength(c) }));
  const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-uploads", ws, { as: "scientist", body: { files: list } });
  expect(res.status, res.text).toBe(201);
  for (const f of res.body.data.files as { path: string; url: string; headers: Record<string, string> }[]) {
    const put = await fetch(f.url, { method: "PUT", headers: f.headers, body: files[f.path] });
    expect(put.status).toBe(201);
  }
  return { uploadId: res.body.data.uploadId as string, files: list };
}

describe("command job files", () => {
  it("a local code: folder is uploaded as a code asset first and the job runs its script", async () => {
    const code = await stageCode({
      "main.py": "import sys, helper\nprint('main got', sys.argv[1:], helper.GREETING)\n",
      "helper.py": "GREETING = 'from helper'\n",
    });
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
      as: "scientist",
      body: {
        yaml: "code: ./src\ncommand: python3 main.py --n ${{inputs.n}}\ninputs:\n  n: 3\nenvironment: azureml:AzureML-sklearn-1.5@latest\ncompute: azureml:cpu-cluster\n",
        code,
      },
    });
    expect(res.status, res.text).toBe(201);
    const name = res.body.data.name as string;
    const job = await s.sdk().jobs.get(RG, WS, name);
    expect((job.properties as any).codeId).toMatch(/\/codes\/[0-9a-f]+\/versions\/1$/);
    await until(async () =>
      ["Completed", "Failed"].includes((await s.sdk().jobs.get(RG, WS, name)).properties.status!),
    );
    const log = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]/logs/download", { ...ws, name }, { as: "reader" });
    expect(log.text).toContain("main got ['--n', '3'] from helper");
    const exported = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]/yaml", { ...ws, name }, { as: "reader" });
    expect(parse(exported.text).code).toMatch(/^azureml:[0-9a-f]+:1$/);
  }, 120_000);

  it("a staged folder with a file that names no local code is refused and the staged files are deleted", async () => {
    const code = await stageCode({ "a.py": "print(1)\n" });
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
      as: "scientist",
      body: { yaml: "command: echo hi\nenvironment: azureml:AzureML-sklearn-1.5@latest\n", code },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/names no local code folder/);
  });

  it("a CLI v2 command job runs on the local service, shows its log, and exports back to YAML the importer reads", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
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
    const again = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
      as: "scientist",
      body: { yaml: exported.text.replace(`name: ${name}\n`, "") },
    });
    expect(again.status, again.text).toBe(201);
  }, 120_000);

  it("every problem of the file and its references in one 400, each with its line and column, and nothing is created", async () => {
    const before = (await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" })).body.data.length;
    // The file's own problem (an unbound input) and its references' problems come back together, top to bottom.
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
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
    const problems = res.body.error.details.problems as { message: string; pos?: { line: number; col: number } }[];
    expect(problems.map((p) => [p.pos?.line, p.message])).toEqual([
      [1, expect.stringMatching(/command uses \$\{\{inputs.x\}\}/)],
      [2, expect.stringMatching(/code "\.\/src" is a folder on your machine/)],
      [3, expect.stringMatching(/environment azureml:no-such-env:1 is not registered/)],
      [4, expect.stringMatching(/compute "no-such-cluster" does not exist in this workspace/)],
    ]);
    expect(res.body.error.message).toMatch(/^line 4, column 1 \(compute\): compute "no-such-cluster"/m);

    // A sweep's trial keys are under trial: the unknown environment is placed there.
    const sweep = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
      as: "scientist",
      body: {
        yaml: `type: sweep
trial:
  command: echo \${{search_space.lr}}
  environment: azureml:no-such-env@latest
compute: azureml:no-such-cluster
sampling_algorithm: random
search_space:
  lr: {type: uniform, min_value: 0.1, max_value: 0.01}
objective: {goal: maximize, primary_metric: acc}
limits: {max_total_trials: 2}
`,
      },
    });
    expect(sweep.status).toBe(400);
    const where = (sweep.body.error.details.problems as { message: string; pos?: { line: number } }[]).map((p) => [
      p.pos?.line,
      p.message,
    ]);
    expect(where).toContainEqual([
      4,
      expect.stringMatching(/environment azureml:no-such-env@latest is not registered/),
    ]);
    expect(where).toContainEqual([5, expect.stringMatching(/compute "no-such-cluster" does not exist/)]);
    expect(where.some(([line]) => line === 8)).toBe(true);

    const after = (await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" })).body.data.length;
    expect(after).toBe(before);
  });

  describe("a refused submit leaves nothing behind, the code upload included", () => {
    const codeNames = async () => {
      const out: string[] = [];
      for await (const c of s.sdk().codeContainers.list(RG, WS)) out.push(c.name!);
      return out.sort();
    };
    const anonymousEnvironments = async () => {
      const out: string[] = [];
      try {
        for await (const v of s.sdk().environmentVersions.list(RG, WS, "CliV2AnonymousEnvironment")) out.push(v.name!);
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      }
      return out.sort();
    };
    const staged = async () => {
      const blobs = s.svc.storage!.blobService.getContainerClient(
        defaultStoreNames(s.svc.ctx, workspaceId(SUB, RG, WS)).container,
      );
      const out: string[] = [];
      for await (const b of blobs.listBlobsFlat({ prefix: "LocalUpload/" })) out.push(b.name);
      return out.sort();
    };
    const snapshot = async () => ({
      codes: await codeNames(),
      environments: await anonymousEnvironments(),
      staged: await staged(),
      jobs: (await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" })).body.data.length,
    });

    it("a file with a bad reference: the staged code folder is deleted and no code asset registered", async () => {
      const before = await snapshot();
      const code = await stageCode({ "main.py": `print("refused ${Date.now()}")\n` });
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
        as: "scientist",
        body: {
          yaml: "code: ./src\ncommand: python3 main.py\nenvironment:\n  image: python:3.11-slim\ncompute: azureml:no-such-cluster\n",
          code,
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/line 5, column 1 \(compute\)/);
      expect(await snapshot()).toEqual(before);
    });

    it("a job the service refuses after its code and environment were registered: both are removed again", async () => {
      const before = await snapshot();
      const code = await stageCode({ "main.py": `print("over quota ${Date.now()}")\n` });
      // Serverless on 10,000 nodes: only the service knows the quota, so it refuses the job itself.
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
        as: "scientist",
        body: {
          yaml: `code: ./src\ncommand: python3 main.py\nenvironment:\n  image: python:3.11-slim-${Date.now()}\nresources:\n  instance_type: Standard_DS3_v2\n  instance_count: 10000\n`,
          code,
        },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe("QuotaExceeded");
      expect(await snapshot()).toEqual(before);
    });

    it("a name already taken is refused before anything is registered", async () => {
      const first = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
        as: "scientist",
        body: {
          yaml: "name: taken_once\nexperiment_name: taken\ncommand: echo 1\nenvironment: azureml:AzureML-sklearn-1.5@latest\n",
        },
      });
      expect(first.status, first.text).toBe(201);
      const before = await snapshot();
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
        as: "scientist",
        body: {
          yaml: `name: taken_once\nexperiment_name: taken\ncode: ./src\ncommand: python3 main.py\nenvironment:\n  image: python:3.11-${Date.now()}\n`,
          code: await stageCode({ "main.py": `print("taken ${Date.now()}")\n` }),
        },
      });
      expect(res.status).toBe(409);
      expect(await snapshot()).toEqual(before);
    });
  });

  it("a sweep file is read, resolved and run by the local service: one trial per choice, exported back as a sweep", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
      as: "scientist",
      body: {
        yaml: "type: sweep\ntrial:\n  command: echo ${{search_space.lr}}\n  environment: azureml:AzureML-sklearn-1.5@latest\ncompute: azureml:cpu-cluster\nsearch_space:\n  lr: {type: choice, values: [0.1, 0.01]}\nsampling_algorithm: grid\nobjective: {goal: maximize, primary_metric: acc}\n",
      },
    });
    expect(res.status, res.text).toBe(201);
    const name = res.body.data.name as string;
    await until(async () =>
      ["Completed", "Failed", "Canceled"].includes(String((await s.sdk().jobs.get(RG, WS, name)).properties.status)),
    );
    const job = await s.sdk().jobs.get(RG, WS, name);
    expect(job.properties.jobType).toBe("Sweep");
    expect(job.properties.status).toBe("Completed");
    // The trials are child jobs of the sweep in the service's store, each with its value bound.
    const trials = s.svc.ctx.store.list("jobs", s.svc.ctx.store.get(job.id!)!.id);
    expect(trials.map((t) => t.body.properties.command).sort()).toEqual(["echo 0.01", "echo 0.1"]);
    const exported = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]/yaml", { ...ws, name }, { as: "reader" });
    expect(exported.status).toBe(200);
    expect(exported.text).toMatch(/type: sweep/);
    expect(exported.text).toMatch(/lr:\n\s+type: choice/);
  });

  it("a sweep whose trial is a registered component runs it with the swept inputs bound; bad bindings are refused", async () => {
    const version = String(Date.now());
    const reg = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
      as: "scientist",
      body: {
        yaml: `name: sweep_echo\nversion: "${version}"\ntype: command\ninputs:\n  lr: {type: number}\n  n: {type: integer, default: 3}\noutputs:\n  out: {type: uri_folder}\nenvironment:\n  image: python\ncommand: echo lr=\${{inputs.lr}} n=\${{inputs.n}}\n`,
      },
    });
    expect(reg.status, reg.text).toBe(201);
    const sweep = (trial: string, searchSpace = "  lr: {type: choice, values: [0.1, 0.01]}\n") =>
      `type: sweep\ntrial: ${trial}\ncompute: azureml:cpu-cluster\nsearch_space:\n${searchSpace}sampling_algorithm: grid\nobjective: {goal: maximize, primary_metric: acc}\n`;
    const submit = (yaml: string) =>
      s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, { as: "scientist", body: { yaml } });

    const res = await submit(sweep("azureml:sweep_echo@latest"));
    expect(res.status, res.text).toBe(201);
    const name = res.body.data.name as string;
    await until(async () =>
      ["Completed", "Failed", "Canceled"].includes(String((await s.sdk().jobs.get(RG, WS, name)).properties.status)),
    );
    const job = await s.sdk().jobs.get(RG, WS, name);
    expect(job.properties.status).toBe("Completed");
    const trials = s.svc.ctx.store.list("jobs", s.svc.ctx.store.get(job.id!)!.id);
    // Each trial ran the component's command with its swept lr and the input it kept (n, by its default).
    const logs = await Promise.all(
      trials.map(async (t) => {
        const log = await s.call(
          "GET",
          "ws/[sub]/[rg]/[ws]/jobs/[name]/logs/download",
          { ...ws, name: t.body.name },
          { as: "reader" },
        );
        return /^lr=\S+ n=\S+$/m.exec(log.text)?.[0];
      }),
    );
    expect(logs.sort()).toEqual(["lr=0.01 n=3", "lr=0.1 n=3"]);

    const unknown = await submit(sweep("azureml:no_such_component:1"));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/trial azureml:no_such_component:1 is not a component registered/);
    const notAnInput = await submit(
      sweep(
        `azureml:sweep_echo:${version}`,
        "  lr: {type: choice, values: [0.1]}\n  depth: {type: choice, values: [2, 3]}\n",
      ),
    );
    expect(notAnInput.status).toBe(400);
    expect(notAnInput.body.error.message).toMatch(
      /Search space parameter "depth" is not an input of azureml:sweep_echo/,
    );
  }, 120_000);

  it("a pipeline file sent as a command job is refused naming what it is", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
      as: "scientist",
      body: { yaml: "type: pipeline\njobs:\n  a:\n    command: echo\n    environment: azureml:e:1\n" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/This file is a pipeline job, not a command job/);
  });

  it("a registered environment by @latest, and serverless when the file names no compute", async () => {
    const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/job-files", ws, {
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
