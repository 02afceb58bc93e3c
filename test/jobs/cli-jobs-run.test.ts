/**
 * The corpus's pipelines run on the local workspace service, through the studio's own routes as a user would take
 * them: each component file registered (Components → Register), with a small script of ours in place of its
 * sources where it has a code folder (the corpus holds none of them), the pipeline imported with those components, its local data uploaded to
 * workspaceblobstore, submitted, and run to Completed. Left out, with why: 4c and 6c read files from the internet
 * (this machine has no network), and 6c runs R, which this machine does not have. Also a pipeline whose steps are
 * written inline (Azure ML's hello_pipeline_io) imports, submits and runs.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { workspaceId } from "../../local-workspace/arm";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { RG, SUB, WS, startStudio, until, type Studio } from "../support/studio";
import { BASICS, haveExamples, pipelineFiles } from "../pipeline/examples";

const ws = { sub: SUB, rg: RG, ws: WS };
const OFFLINE_ONLY: Record<string, string> = {
  "4c_web_url_input": "its input is an https URL",
  "6c_r_iris": "its input is an https URL and it runs R",
};

/**
 * Our stand-in for every script: prints what it got and writes a file into each folder it is handed (the outputs
 * among them), so downstream steps have something to read.
 */
const STUB = `import os, sys
args = sys.argv[1:]
print("stand-in for", os.path.basename(__file__), "got", args, flush=True)
for i, a in enumerate(args[:-1]):
    if a.startswith("--") and os.path.isdir(args[i + 1]):
        with open(os.path.join(args[i + 1], "from-" + os.path.basename(__file__) + ".txt"), "w") as f:
            f.write(a + "\\n")
`;

let s: Studio;
beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: 0, seedContent: false } });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

async function stageCode(files: Record<string, string>) {
  const list = Object.entries(files).map(([p, c]) => ({ path: p, size: Buffer.byteLength(c) }));
  const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/component-uploads", ws, {
    as: "scientist",
    body: { files: list },
  });
  expect(res.status, res.text).toBe(201);
  for (const f of res.body.data.files as { path: string; url: string; headers: Record<string, string> }[])
    expect((await fetch(f.url, { method: "PUT", headers: f.headers, body: files[f.path] })).status).toBe(201);
  return { uploadId: res.body.data.uploadId as string, files: list };
}

/** Uploads a local file or folder of the example to workspaceblobstore; its `azureml://` URI. */
async function upload(local: string, to: string): Promise<string> {
  const blobs = s.svc.storage!.blobService.getContainerClient(
    defaultStoreNames(s.svc.ctx, workspaceId(SUB, RG, WS)).container,
  );
  await blobs.createIfNotExists();
  const files = fs.statSync(local).isDirectory()
    ? fs
        .readdirSync(local, { recursive: true, encoding: "utf8" })
        .filter((f) => fs.statSync(path.join(local, f)).isFile())
    : [""];
  for (const f of files)
    await blobs.getBlockBlobClient(f ? `${to}/${f}` : to).uploadData(fs.readFileSync(path.join(local, f)));
  return `azureml://datastores/workspaceblobstore/paths/${to}${fs.statSync(local).isDirectory() ? "/" : ""}`;
}

/** Registers a component file of the example under a name of its own, with our script as its code. */
async function register(dir: string, file: string, example: string): Promise<string> {
  const doc = parse(fs.readFileSync(path.join(dir, file), "utf8"));
  doc.name = `${doc.name}_${example.slice(0, 2)}`.toLowerCase();
  const script = /(?:python|Rscript)\s+(\S+)/.exec(String(doc.command))?.[1] ?? "main.py";
  // A conda file beside the component is written inline, as registering it from the studio needs.
  if (typeof doc.environment?.conda_file === "string")
    doc.environment.conda_file = parse(fs.readFileSync(path.join(dir, doc.environment.conda_file), "utf8"));
  const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
    as: "scientist",
    // Components with no code (6a, 6b: an echo) run as they are.
    body: { yaml: stringify(doc), ...(doc.code ? { code: await stageCode({ [script]: STUB }) } : {}) },
  });
  expect(res.status, `${example}/${file}: ${res.text}`).toBe(201);
  return `azureml:${doc.name}:${doc.version ?? 1}`;
}

/** Imports a pipeline file in the designer's route, submits the graph and waits for the job to end. */
async function importAndRun(yaml: string, experimentName: string) {
  const imported = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-import", ws, { as: "scientist", body: { yaml } });
  expect(imported.status, imported.text).toBe(200);
  const submitted = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-jobs", ws, {
    as: "scientist",
    body: { graph: imported.body.data.graph, experimentName },
  });
  expect(submitted.status, submitted.text).toBe(201);
  const name = submitted.body.data.name as string;
  const done = await until(
    () => s.sdk().jobs.get(RG, WS, name),
    (j) => ["Completed", "Failed", "Canceled"].includes(j.properties.status!),
    90_000,
  );
  return { name, status: done.properties.status };
}

describe.skipIf(!haveExamples)("the corpus's pipelines run on the local service", () => {
  for (const file of pipelineFiles()) {
    const example = path.relative(BASICS, path.dirname(file));
    if (example in OFFLINE_ONLY) continue;
    it(`${example}/${path.basename(file)}`, async () => {
      const dir = path.dirname(file);
      const doc = parse(fs.readFileSync(file, "utf8"));
      for (const job of Object.values(doc.jobs as Record<string, any>)) {
        const ref = String(job.component ?? "");
        if (/^(file:)?\.\//.test(ref)) job.component = await register(dir, ref.replace(/^file:/, ""), example);
      }
      // Local data goes to the datastore first, as the studio asks; so does the data 4b's datastore paths name.
      const uris = new Map<string, string>();
      const local = async (p: string) => {
        if (!uris.has(p))
          uris.set(p, await upload(path.join(dir, p), `tests/corpus/${example}/${p.replace(/^\.\//, "")}`));
        return uris.get(p)!;
      };
      for (const holder of [doc, ...Object.values(doc.jobs as Record<string, any>)])
        for (const input of Object.values((holder.inputs ?? {}) as Record<string, any>))
          if (input && typeof input.path === "string" && input.path.startsWith("./"))
            input.path = await local(input.path);
      if (example === "4b_datastore_datapath_uri")
        await upload(
          path.join(BASICS, "4a_local_data_input/data/sample.csv"),
          "azureml/4b_datastore_datapath_uri/hello-world.txt",
        );
      if (example === "4d_data_input") {
        const data = parse(fs.readFileSync(path.join(dir, "data.yml"), "utf8"));
        await s.sdk().dataVersions.createOrUpdate(RG, WS, data.name, "1", {
          properties: { dataType: data.type, dataUri: await local(data.path) } as never,
        });
      }

      const { name, status } = await importAndRun(stringify(doc), "corpus-runs");
      const timeline = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]", { ...ws, name }, { as: "reader" });
      const steps = (timeline.body.data.timeline?.steps ?? []) as { step: string; status: string; error: string }[];
      expect({ status, steps: steps.map((st) => [st.step, st.status, st.error]) }, JSON.stringify(steps)).toMatchObject(
        { status: "Completed" },
      );
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.every((st) => st.status === "Completed")).toBe(true);
    }, 120_000);
  }
});

describe("a pipeline whose steps are written inline", () => {
  it("imports, submits and runs: each step an anonymous component, the second reading the first's output", async () => {
    const env = "azureml://registries/azureml/environments/sklearn-1.5/labels/latest";
    // Azure ML's hello_pipeline_io, with a boolean bound to a string input (Azure ML passes it as "True").
    const yaml = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: hello_pipeline_io
jobs:
  hello_job:
    command: echo "hello" && echo "world" > \${{outputs.world_output}}/world.txt
    environment: ${env}
    compute: azureml:cpu-cluster
    outputs:
      world_output:
  world_job:
    command: echo "read $(cat \${{inputs.world_input}}/world.txt) flag=\${{inputs.flag}}"
    environment: ${env}
    compute: azureml:cpu-cluster
    inputs:
      world_input: \${{parent.jobs.hello_job.outputs.world_output}}
      flag: true
`;
    const { name, status } = await importAndRun(yaml, "inline-runs");
    const job = await s.sdk().jobs.get(RG, WS, name);
    for (const step of Object.values((job.properties as any).jobs as Record<string, any>))
      expect(step.componentId).toMatch(/\/components\/[^/]+\/versions\/[^/]+$/);
    expect(status).toBe("Completed");
    const detail = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs/[name]", { ...ws, name }, { as: "reader" });
    const world = (detail.body.data.timeline.steps as { step: string; jobName: string }[]).find(
      (st) => st.step === "world_job",
    )!;
    const log = await s.call(
      "GET",
      "ws/[sub]/[rg]/[ws]/jobs/[name]/logs/download",
      { ...ws, name },
      { as: "reader", query: { step: world.jobName } },
    );
    expect(log.text).toContain("read world flag=True");
  }, 90_000);
});
