/**
 * Components and the pipeline designer through the routes, against the real local workspace service:
 * register from YAML with a code folder, archive, read code; drafts with optimistic versions (SQLite and
 * PostgreSQL); import azureml-examples YAML; submit a PipelineJob.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BlobClient } from "@azure/storage-blob";
import { workspaceId } from "../../local-workspace/arm";
import { defaultStoreNames } from "../../local-workspace/storage/seed-data";
import { emptyGraph, exportPipelineYaml, packGraph, unpackGraph, type PipelineGraph } from "@/lib/domain/pipeline";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";
import { BASICS, haveExamples } from "../pipeline/examples";

const ws = { sub: SUB, rg: RG, ws: WS };
const wsId = workspaceId(SUB, RG, WS);
const COMPONENT_YAML = `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
name: route_prep
version: 3
type: command
inputs:
  raw: {type: uri_folder}
  rows: {type: integer, default: 10}
outputs:
  clean: {type: uri_folder}
code: ./src
environment: {image: python}
command: python prep.py \${{inputs.raw}} \${{inputs.rows}} \${{outputs.clean}}
`;

for (const database of ["sqlite", "postgres"] as const) {
  describe(`designer routes on ${database}`, () => {
    let s: Studio;
    beforeAll(async () => {
      s = await startStudio({ database, proxy: false, storage: { seedBlobCount: 0, seedContent: false } });
    });
    afterAll(async () => {
      await s?.close();
    });

    /** Stages a code folder as the browser does: one write-only URL per file, then a PUT of each. */
    async function stageCode(files: Record<string, string | Buffer>) {
      const list = Object.entries(files).map(([path, c]) => ({ path, size: Buffer.byteLength(c) }));
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/component-uploads", ws, {
        as: "scientist",
        body: { files: list },
      });
      expect(res.status, res.text).toBe(201);
      for (const f of res.body.data.files as { path: string; url: string; headers: Record<string, string> }[]) {
        const content = files[f.path];
        const put = await fetch(f.url, {
          method: "PUT",
          headers: f.headers,
          body: typeof content === "string" ? content : new Uint8Array(content),
        });
        expect(put.status).toBe(201);
      }
      return { uploadId: res.body.data.uploadId as string, files: list };
    }

    it("lists the seeded components with their specs", async () => {
      const res = await s.call("GET", "ws/[sub]/[rg]/[ws]/components", ws, { as: "reader" });
      expect(res.status).toBe(200);
      const train = res.body.data.find((c: { name: string }) => c.name === "my_train");
      expect(train).toMatchObject({
        latestVersion: "1",
        spec: { inputs: { max_epocs: { type: "integer", min: 0, max: 100 } } },
      });
    });

    it("registers a component with its code folder, serves its code, refuses a duplicate version, archives", async () => {
      // The palette's list, cached before the write: the write revises it (the new spec's ports), not a relist.
      expect((await s.call("GET", "ws/[sub]/[rg]/[ws]/components", ws, { as: "reader" })).status).toBe(200);
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
        as: "scientist",
        body: {
          yaml: COMPONENT_YAML,
          code: await stageCode({ "prep.py": "print('prep')\n", "lib/util.py": "X = 1\n" }),
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        name: "route_prep",
        version: "3",
        codeId: expect.stringMatching(/\/codes\/.+\/versions\/1$/),
      });
      const palette = await s.call("GET", "ws/[sub]/[rg]/[ws]/components", ws, { as: "reader" });
      expect(palette.body.data.find((c: { name: string }) => c.name === "route_prep")).toMatchObject({
        latestVersion: "3",
        spec: res.body.data.spec,
      });
      expect(palette.body.cache.source, "the palette's list from the cache").toBe("cache");
      const code = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code",
        { ...ws, name: "route_prep", version: "3" },
        { as: "reader" },
      );
      expect(code.body.data.files).toEqual([
        { path: "lib/util.py", size: 6 },
        { path: "prep.py", size: 14 },
      ]);
      const file = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code",
        { ...ws, name: "route_prep", version: "3" },
        { as: "reader", query: { path: "prep.py" } },
      );
      expect(file.body.data.file.text).toBe("print('prep')\n");
      const dup = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
        as: "scientist",
        body: { yaml: COMPONENT_YAML, code: await stageCode({ "prep.py": "x" }) },
      });
      expect(dup.status).toBe(409);
      const detail = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]",
        { ...ws, name: "route_prep" },
        { as: "reader" },
      );
      expect(detail.body.data.versions.map((v: { version: string }) => v.version)).toEqual(["3"]);
      const archived = await s.call(
        "PATCH",
        "ws/[sub]/[rg]/[ws]/components/[name]",
        { ...ws, name: "route_prep" },
        { as: "scientist", body: { archived: true } },
      );
      expect(archived.body.data.archived).toBe(true);
      const list = await s.call("GET", "ws/[sub]/[rg]/[ws]/components", ws, { as: "reader" });
      expect(list.body.data.map((c: { name: string }) => c.name)).not.toContain("route_prep");
    });

    it("serves a seeded component's code from workspaceblobstore (Azurite)", async () => {
      await s.svc.seeded;
      const code = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code",
        { ...ws, name: "my_train", version: "1" },
        { as: "reader" },
      );
      expect(code.body.data.files).toEqual([{ path: "train.py", size: expect.any(Number) }]);
      const file = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code",
        { ...ws, name: "my_train", version: "1" },
        { as: "reader", query: { path: "train.py" } },
      );
      expect(file.body.data.file.text).toContain('parser.add_argument("--model_output")');
      const escape = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code",
        { ...ws, name: "my_train", version: "1" },
        { as: "reader", query: { path: "../x.py" } },
      );
      expect(escape.status).toBe(400);
    });

    it("a code upload that fails or is canceled registers no code version and leaves no files", async () => {
      const codeNames = async () => {
        const out: string[] = [];
        for await (const c of s.sdk().codeContainers.list(RG, WS)) out.push(c.name!);
        return out.sort();
      };
      const blobs = s.svc.storage!.blobService.getContainerClient(defaultStoreNames(s.svc.ctx, wsId).container);
      const uploads = async () => {
        const out: string[] = [];
        for await (const b of blobs.listBlobsFlat({ prefix: "LocalUpload/" })) out.push(b.name);
        return out.sort();
      };
      const before = { codes: await codeNames(), files: await uploads() };
      const yaml = COMPONENT_YAML.replace("name: route_prep", "name: route_cut");
      const canceled = new AbortController();
      canceled.abort();
      const cut = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
        as: "scientist",
        signal: canceled.signal,
        body: { yaml, code: await stageCode({ "prep.py": "print('canceled')\n" }) },
      });
      expect(cut.body.error).toMatchObject({ code: "UploadCanceled" });
      // Storage refuses the second file while the registration checks the upload: every staged file is removed.
      const code = await stageCode({ "a.py": "A = 1\n", "b.py": "B = 2\n" });
      const original = BlobClient.prototype.setMetadata;
      let n = 0;
      const spy = vi.spyOn(BlobClient.prototype, "setMetadata").mockImplementation(function (
        this: BlobClient,
        ...args: Parameters<BlobClient["setMetadata"]>
      ) {
        if (++n === 2)
          return Promise.reject(
            Object.assign(new Error("The specified container is being deleted."), {
              statusCode: 409,
              code: "ContainerBeingDeleted",
            }),
          );
        return original.apply(this, args);
      });
      try {
        const failed = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
          as: "scientist",
          body: { yaml, code },
        });
        expect(failed.status).toBe(409);
        expect(n).toBe(2);
      } finally {
        spy.mockRestore();
      }
      expect(await codeNames()).toEqual(before.codes);
      expect(await uploads()).toEqual(before.files);
      expect(
        (await s.call("GET", "ws/[sub]/[rg]/[ws]/components/[name]", { ...ws, name: "route_cut" }, { as: "reader" }))
          .status,
      ).toBe(404);
    });

    it("registers a component whose code folder is larger than the 1 MiB JSON body limit", async () => {
      const big = Buffer.alloc(1536 * 1024, 7); // 1.5 MiB: as base64 inside JSON this could never be sent
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
        as: "scientist",
        body: {
          yaml: COMPONENT_YAML.replace("name: route_prep", "name: route_big"),
          code: await stageCode({ "prep.py": "print('big')\n", "weights.bin": big }),
        },
      });
      expect(res.status, res.text).toBe(201);
      const code = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]/versions/[version]/code",
        { ...ws, name: "route_big", version: "3" },
        { as: "reader" },
      );
      expect(code.body.data.files).toEqual([
        { path: "prep.py", size: 13 },
        { path: "weights.bin", size: big.length },
      ]);
    });

    it("bad component YAML: 400 with line and column, nothing registered", async () => {
      const res = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
        as: "scientist",
        body: { yaml: "name: broken\ninputs:\n  a: {type: uri_folder\n" },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^line \d+, column \d+: Component YAML is malformed/);
      const missingCode = await s.call("POST", "ws/[sub]/[rg]/[ws]/components", ws, {
        as: "scientist",
        body: { yaml: COMPONENT_YAML.replace("version: 3", "version: 4") },
      });
      expect(missingCode.body.error).toMatchObject({ field: "code" });
      const detail = await s.call(
        "GET",
        "ws/[sub]/[rg]/[ws]/components/[name]",
        { ...ws, name: "broken" },
        { as: "reader" },
      );
      expect(detail.status).toBe(404);
    });

    it("drafts: create, save with the right version, 409 on a stale one, list, delete; readers read only", async () => {
      const graph = packGraph({ ...emptyGraph(), displayName: "d1" });
      const created = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-drafts", ws, {
        as: "scientist",
        body: { name: "First", graph },
      });
      expect(created.status).toBe(201);
      const id = created.body.data.id;
      expect(created.body.data).toMatchObject({ name: "First", version: 1, createdBy: expect.any(String) });
      const one = { ...ws, id };
      const save1 = await s.call("PUT", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, {
        as: "scientist",
        body: { graph: { ...graph, description: "tab A" }, version: 1 },
      });
      expect(save1.body.data.version).toBe(2);
      // A second tab still at version 1: refused, with what it needs to offer reload or copy.
      const stale = await s.call("PUT", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, {
        as: "admin",
        body: { graph: { ...graph, description: "tab B" }, version: 1 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: "DraftVersionConflict", details: { currentVersion: 2 } });
      const got = await s.call("GET", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, { as: "reader" });
      expect(got.body.data.graph.description).toBe("tab A");
      const asReader = await s.call("PUT", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, {
        as: "reader",
        body: { graph, version: 2 },
      });
      expect(asReader.status).toBe(403);
      const bad = await s.call("PUT", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, {
        as: "scientist",
        body: { graph: { ...graph, nodes: [{ kind: "robot" }] }, version: 2 },
      });
      expect(bad.status).toBe(400);
      // Concurrent saves from the same version: exactly one wins.
      const both = await Promise.all(
        [1, 2].map((i) =>
          s.call("PUT", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, {
            as: "scientist",
            body: { graph: { ...graph, description: `race ${i}` }, version: 2 },
          }),
        ),
      );
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      const list = await s.call("GET", "ws/[sub]/[rg]/[ws]/pipeline-drafts", ws, { as: "reader" });
      expect(list.body.data.find((d: { id: string }) => d.id === id)).toMatchObject({ version: 3, stepCount: 0 });
      expect((await s.call("DELETE", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, { as: "scientist" })).status).toBe(
        200,
      );
      expect((await s.call("GET", "ws/[sub]/[rg]/[ws]/pipeline-drafts/[id]", one, { as: "reader" })).status).toBe(404);
    });

    it.skipIf(!haveExamples)(
      "imports 1b (registered components) and 3b (files), submits, lists the job as NotStarted",
      async () => {
        const yaml1b = fs.readFileSync(path.join(BASICS, "1b_e2e_registered_components/pipeline.yml"), "utf8");
        const imp = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-import", ws, {
          as: "reader",
          body: { yaml: yaml1b },
        });
        expect(imp.status).toBe(200);
        const graph = imp.body.data.graph;
        expect((graph.nodes as PipelineGraph["nodes"]).filter((n) => n.kind === "component").map((n) => n.id)).toEqual([
          "train_job",
          "score_job",
          "evaluate_job",
        ]);
        const dir3b = path.join(BASICS, "3b_pipeline_with_data");
        const files = Object.fromEntries(
          ["componentA.yml", "componentB.yml", "componentC.yml"].map((f) => [
            f,
            fs.readFileSync(path.join(dir3b, f), "utf8"),
          ]),
        );
        const imp3b = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-import", ws, {
          as: "reader",
          body: { yaml: fs.readFileSync(path.join(dir3b, "pipeline.yml"), "utf8"), files },
        });
        expect(imp3b.body.data.graph.edges).toHaveLength(3);

        // 1b binds max_epocs (required) to a pipeline input: valid, compute from settings.
        // As written, 1b reads the local folder ./data, which the workspace cannot read: refused, saying so.
        const local = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-jobs", ws, {
          as: "scientist",
          body: { graph, experimentName: "designer-tests" },
        });
        expect([local.status, local.body.error.message]).toEqual([
          400,
          expect.stringMatching(/local path '\.\/data'.*upload it to a datastore/),
        ]);
        const uploaded = structuredClone(graph);
        for (const n of uploaded.nodes)
          if (n.kind === "data" && n.path === "./data")
            n.path = "azureml://datastores/workspaceblobstore/paths/example-data";
        const sub = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-jobs", ws, {
          as: "scientist",
          body: { graph: uploaded, experimentName: "designer-tests" },
        });
        expect(sub.status).toBe(201);
        expect(sub.body.data).toMatchObject({ status: "NotStarted", experimentName: "designer-tests", steps: 3 });
        const job = await s.sdk().jobs.get(RG, WS, sub.body.data.name);
        expect((job.properties as any).jobs.train_job.componentId).toMatch(/\/components\/my_train\/versions\/1$/);
        const jobs = await s.call("GET", "ws/[sub]/[rg]/[ws]/jobs", ws, { as: "reader" });
        expect(jobs.body.data.map((j: { name: string }) => j.name)).toContain(sub.body.data.name);
        // The exported YAML of the imported graph imports again.
        const again = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-import", ws, {
          as: "reader",
          body: { yaml: exportPipelineYaml(unpackGraph(graph)) },
        });
        expect(again.body.data.graph.edges).toEqual(graph.edges);
      },
    );

    it("import errors name line and column; invalid graphs are not submitted", async () => {
      const bad = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-import", ws, {
        as: "reader",
        body: { yaml: "type: pipeline\njobs:\n  a:\n    component: azureml:nope:1\n" },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'line 4, column 5 (jobs.a.component): Job "a" uses component azureml:nope:1, which is not registered in this workspace.',
      );
      const empty = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-jobs", ws, {
        as: "scientist",
        body: { graph: packGraph(emptyGraph()) },
      });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toMatch(/no steps/);
      const before = [];
      for await (const j of s.sdk().jobs.list(RG, WS)) before.push(j.name);
      const asReader = await s.call("POST", "ws/[sub]/[rg]/[ws]/pipeline-jobs", ws, {
        as: "reader",
        body: { graph: packGraph(emptyGraph()) },
      });
      expect(asReader.status).toBe(403);
      const after = [];
      for await (const j of s.sdk().jobs.list(RG, WS)) after.push(j.name);
      expect(after).toEqual(before);
    });
  });
}
