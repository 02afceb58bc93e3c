import { shared } from "../support/shared";
/**
 * Datastores, browsing, previews, transfers and data assets through the studio's routes, against the local
 * workspace service with real Azurite storage (the official storage SDKs on both sides).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { ContainerClient } from "@azure/storage-blob";
import { parquetMetadata } from "hyparquet";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";
import { writeParquet } from "../../local-workspace/storage/parquet-writer";
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY } from "../../local-workspace/storage/azurite";
import { salesRows, SALES_COLUMNS, toCsv } from "../../local-workspace/storage/demo-files";

const ws = { sub: SUB, rg: RG, ws: WS };
const LIST = "ws/[sub]/[rg]/[ws]/datastores";
const ONE = "ws/[sub]/[rg]/[ws]/datastores/[name]";
const at = (sub: string) => `ws/[sub]/[rg]/[ws]/datastores/[name]/${sub}`;
const BLOB = { ...ws, name: "workspaceblobstore" };
const SMALL_BLOBS = 450;

let s: Studio;
let container: ContainerClient;

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: SMALL_BLOBS } });
  await s.svc.seeded;
  const ds = await s.sdk().datastores.get(RG, WS, "workspaceblobstore");
  container = s.svc.storage!.blobService.getContainerClient((ds.properties as { containerName: string }).containerName);
}, 120_000);
afterAll(async () => {
  await s?.close();
});

// Browsing an account-key store needs listSecrets: DataScientist (Reader is refused, as in Azure; tested below).
const files = (query: Record<string, string>, as: "reader" | "scientist" = "scientist", name = "workspaceblobstore") =>
  s.call("GET", at("files"), { ...ws, name }, { as, query });
const preview = (p: string, name = "workspaceblobstore") =>
  s.call("GET", at("preview"), { ...ws, name }, { as: "scientist", query: { path: p } });

describe("datastores", () => {
  it("lists the four kinds with account, container, auth and the default marked, and never a secret", async () => {
    const r = await s.call("GET", LIST, ws, { as: "reader" });
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.data.map((d: any) => [d.name, d]));
    expect(r.body.data[0].name).toBe("workspaceblobstore");
    expect(byName.workspaceblobstore).toMatchObject({
      type: "AzureBlob",
      isDefault: true,
      accountName: DEV_ACCOUNT,
      credentialsType: "AccountKey",
    });
    expect(byName.workspacefilestore).toMatchObject({ type: "AzureFile", credentialsType: "AccountKey" });
    expect(byName.sensor_datalake).toMatchObject({
      type: "AzureDataLakeGen2",
      credentialsType: "None",
      container: "datalake",
    });
    expect(byName.shared_datasets).toMatchObject({ type: "AzureBlob", credentialsType: "Sas" });
    expect(byName.legacy_adls_gen1).toMatchObject({
      type: "AzureDataLakeGen1",
      credentialsType: "ServicePrincipal",
      browsable: false,
    });
    expect(r.text).not.toContain(DEV_ACCOUNT_KEY);
    expect(r.text).not.toMatch(/secret|sasToken|sig=/i);
  });

  it("registers, edits without resending the key (the stored one is kept), and unregisters; the default cannot go", async () => {
    const body = {
      type: "AzureBlob",
      accountName: DEV_ACCOUNT,
      containerName: "route-test-store",
      endpoint: new URL(s.svc.storage!.azurite.blobUrl).host,
      protocol: "http",
      credentials: { type: "AccountKey", key: DEV_ACCOUNT_KEY },
    };
    const created = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "route_test" },
      { as: "scientist", body, query: { mode: "create" } },
    );
    expect(created.status).toBe(200);
    expect(created.text).not.toContain(DEV_ACCOUNT_KEY);
    const again = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "route_test" },
      { as: "scientist", body, query: { mode: "create" } },
    );
    expect(again.status).toBe(409);
    const edited = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "route_test" },
      { as: "scientist", body: { ...body, description: "edited", credentials: { type: "AccountKey" } } },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.data.description).toBe("edited");
    expect(await s.sdk().datastores.listSecrets(RG, WS, "route_test")).toMatchObject({ key: DEV_ACCOUNT_KEY });
    // The emulated account provisions the container: browsing works at once.
    expect((await files({ path: "" }, "scientist", "route_test")).status).toBe(200);
    expect((await s.call("DELETE", ONE, { ...ws, name: "route_test" }, { as: "reader" })).status).toBe(403);
    expect((await s.call("DELETE", ONE, { ...ws, name: "route_test" }, { as: "scientist" })).status).toBe(200);
    const def = await s.call("DELETE", ONE, BLOB, { as: "scientist" });
    expect(def.status).toBe(400);
    expect(def.body.error.message).toMatch(/default/);
  });

  it("refuses invalid container names and bad names before anything is created", async () => {
    const bad = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "bad_store" },
      {
        as: "scientist",
        query: { mode: "create" },
        body: { type: "AzureBlob", accountName: DEV_ACCOUNT, containerName: "Bad_Name", credentials: { type: "None" } },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("containerName");
    const badName = await s.call(
      "PUT",
      ONE,
      { ...ws, name: "bad-name" },
      {
        as: "scientist",
        body: { type: "AzureBlob", accountName: DEV_ACCOUNT, containerName: "ok-name", credentials: { type: "None" } },
      },
    );
    expect(badName.status).toBe(400);
    await expect(s.sdk().datastores.get(RG, WS, "bad_store")).rejects.toMatchObject({ statusCode: 404 });
    expect((await s.call("PUT", ONE, { ...ws, name: "nope" }, { as: "reader", body: {} })).status).toBe(403);
  });
});

describe("browsing", () => {
  it("a Reader is told which role opens an account-key store (listSecrets), and browses an identity-based one", async () => {
    const refused = await files({ path: "" }, "reader");
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error.message).toMatch(/'workspaceblobstore' needs its credentials.*DataScientist or Admin/);
    expect(refused.text).not.toMatch(/AccountKey|Eby8vdM02/);
    expect((await files({ path: "raw/sensors" }, "reader", "sensor_datalake")).status).toBe(200);
  });

  it("lists folders and files of the root and a nested folder", async () => {
    const root = await files({ path: "" });
    expect(root.status).toBe(200);
    const names = root.body.data.entries.map((e: any) => `${e.kind}:${e.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "folder:datasets",
        "folder:samples",
        "folder:logs",
        "folder:images",
        "folder:scale",
        "file:README.md",
      ]),
    );
    const nested = await files({ path: "datasets/sales/2024/01" });
    const f = nested.body.data.entries.find((e: any) => e.name === "sales.csv");
    expect(f).toMatchObject({ kind: "file", path: "datasets/sales/2024/01/sales.csv", contentType: "text/csv" });
    expect(f.size).toBeGreaterThan(1000);
  });

  it("pages a large folder with continuation tokens, never more than pageSize at once", async () => {
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await files({
        path: "scale/small-blobs",
        pageSize: "100",
        ...(token ? { continuationToken: token } : {}),
      });
      expect(r.status).toBe(200);
      expect(r.body.data.entries.length).toBeLessThanOrEqual(100);
      for (const e of r.body.data.entries) seen.add(e.name);
      token = r.body.data.continuationToken;
      pages++;
    } while (token);
    expect(seen.size).toBe(SMALL_BLOBS);
    expect(pages).toBe(Math.ceil(SMALL_BLOBS / 100));
  });

  it("filters by name prefix", async () => {
    const r = await files({ path: "scale/small-blobs", prefix: "part-00001" });
    expect(r.body.data.entries.map((e: any) => e.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `part-00001${i}.txt`),
    );
  });

  it("answers path tricks and missing paths with a clear error", async () => {
    for (const p of [
      "../etc",
      "datasets/../../x",
      "/datasets",
      "datasets%2Fsales",
      "datasets\\sales",
      "a//b",
      "C:/x",
    ]) {
      const r = await files({ path: p });
      expect(r.status, p).toBe(400);
      expect(r.body.error.field).toBe("path");
    }
    const missing = await files({ path: "no/such/folder" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/no\/such\/folder/);
    const missingFile = await s.call("GET", at("file"), BLOB, { as: "scientist", query: { path: "nope.csv" } });
    expect(missingFile.status).toBe(404);
    const gen1 = await files({ path: "" }, "reader", "legacy_adls_gen1");
    expect(gen1.status).toBe(422);
    expect(gen1.body.error.code).toBe("NotBrowsable");
  });

  it("shows file details with size, last modified, content type and ETag", async () => {
    const r = await s.call("GET", at("file"), BLOB, { as: "scientist", query: { path: "samples/iris/iris.csv" } });
    expect(r.status).toBe(200);
    const props = await container.getBlobClient("samples/iris/iris.csv").getProperties();
    expect(r.body.data).toMatchObject({ size: props.contentLength, contentType: "text/csv", etag: props.etag });
    expect(new Date(r.body.data.lastModified).getTime()).toBe(props.lastModified!.getTime());
  });

  it("browses Data Lake Gen2 through the blob API, a SAS-credentialed store, and the file share folder", async () => {
    const lake = await files({ path: "raw/sensors/2024-05-01" }, "reader", "sensor_datalake");
    expect(lake.body.data.entries.map((e: any) => e.name)).toEqual([
      "s-001.csv",
      "s-001.jsonl",
      "s-002.csv",
      "s-002.jsonl",
    ]);
    const shared = await files({ path: "" }, "scientist", "shared_datasets");
    expect(shared.body.data.entries.map((e: any) => e.name)).toEqual(
      expect.arrayContaining(["iris", "sales", "LICENSE.txt"]),
    );
    const share = await files({ path: "Users/alice" }, "scientist", "workspacefilestore");
    expect(share.body.data.entries.map((e: any) => e.name)).toEqual(["README.md", "data", "notebooks"]);
    const trick = await files({ path: "Users/../.." }, "scientist", "workspacefilestore");
    expect(trick.status).toBe(400);
  });
});

describe("previews", () => {
  it("CSV and TSV as tables with the header detected, read by range", async () => {
    const r = await preview("datasets/sales/2024/01/sales.csv");
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      kind: "table",
      format: "csv",
      headerDetected: true,
      columns: ["order_id", "date", "region", "product", "quantity", "unit_price", "returned"],
    });
    expect(r.body.data.rows[0][0]).toBe("100000");
    const tsv = await preview("datasets/sales/2024/01/sales.tsv");
    expect(tsv.body.data.columns).toHaveLength(7);
    const iris = await preview("samples/iris/iris.csv");
    expect(iris.body.data.rows.length).toBeGreaterThan(10);
  });

  it("a large CSV shows its first rows without reading the whole file", async () => {
    const big = Buffer.from(toCsv(salesRows(6, 300_000)));
    await container.getBlockBlobClient("tmp-tests/big.csv").uploadData(big);
    const r = await preview("tmp-tests/big.csv");
    expect(r.status).toBe(200);
    expect(r.body.data.rows).toHaveLength(100);
    expect(r.body.data.truncated).toBe(true);
    expect(r.body.data.bytesRead).toBeLessThanOrEqual(256 * 1024);
    expect(r.body.data.size).toBe(big.length);
  });

  it("Parquet: schema and first rows, reading only a small part of a multi-megabyte file", async () => {
    const rows = Array.from({ length: 12 }, (_, m) => salesRows(m + 1, 12_000)).flat();
    const buf = writeParquet([...SALES_COLUMNS], rows, 10_000);
    expect(buf.length).toBeGreaterThan(5 * 1024 * 1024);
    await container.getBlockBlobClient("tmp-tests/big.parquet").uploadData(buf);
    const r = await preview("tmp-tests/big.parquet");
    expect(r.status).toBe(200);
    expect(r.body.data.schema.map((c: any) => c.name)).toEqual(SALES_COLUMNS.map((c) => c.name));
    expect(r.body.data.numRows).toBe(rows.length);
    expect(r.body.data.rows).toHaveLength(50);
    expect(r.body.data.rows[0]).toMatchObject({ order_id: rows[0].order_id, region: rows[0].region });
    expect(r.body.data.bytesRead).toBeLessThan(2 * 1024 * 1024);
    expect(
      Number(parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer).num_rows),
    ).toBe(rows.length);
  });

  it("JSON, JSONL, the tail of a log, and an image by a short-lived read URL", async () => {
    expect((await preview("datasets/events/schema.json")).body.data).toMatchObject({
      kind: "json",
      value: { title: "event" },
    });
    const jl = await preview("datasets/events/events.jsonl");
    expect(jl.body.data.kind).toBe("jsonl");
    expect(jl.body.data.records[0]).toMatchObject({ id: 0 });
    const log = await preview("logs/training/run-001/std_log.txt");
    expect(log.body.data.kind).toBe("text");
    expect(log.body.data.text.trim().split("\n").at(-1)).toMatch(/finished; final loss=/);
    const img = await preview("images/charts/monthly-sales.png");
    expect(img.body.data.kind).toBe("image");
    const u = new URL(img.body.data.url);
    expect(u.searchParams.get("sp")).toBe("r");
    expect(new Date(u.searchParams.get("se")!).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 1000);
    const got = await fetch(img.body.data.url);
    expect(got.status).toBe(200);
    expect(
      Buffer.from(await got.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("binary content behind a text extension, malformed Parquet and JSON: clear 422s", async () => {
    await container
      .getBlockBlobClient("tmp-tests/binary.csv")
      .uploadData(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 1, 2, 3, 0, 0]));
    const bin = await preview("tmp-tests/binary.csv");
    expect(bin.status).toBe(422);
    expect(bin.body.error.message).toMatch(/does not look like text/);
    await container.getBlockBlobClient("tmp-tests/fake.parquet").uploadData(Buffer.from("a,b,c\n1,2,3\n"));
    const pq = await preview("tmp-tests/fake.parquet");
    expect(pq.status).toBe(422);
    expect(pq.body.error.code).toBe("MalformedParquet");
    await container.getBlockBlobClient("tmp-tests/broken.json").uploadData(Buffer.from('{"a": 1,'));
    expect((await preview("tmp-tests/broken.json")).body.error.code).toBe("MalformedJson");
    await container
      .getBlockBlobClient("tmp-tests/ragged.csv")
      .uploadData(Buffer.from('name,value\nx,1\ny,2,3\n"unclosed,4\n'));
    const ragged = await preview("tmp-tests/ragged.csv");
    expect(ragged.status).toBe(200);
    expect(ragged.body.data.problems.length).toBeGreaterThan(0);
  });
});

describe("transfers", () => {
  it("download: a read-only URL that expires within minutes", async () => {
    const r = await s.call("GET", at("download"), BLOB, { as: "scientist", query: { path: "samples/iris/iris.csv" } });
    expect(r.status).toBe(200);
    const u = new URL(r.body.data.url);
    expect(u.searchParams.get("sp")).toBe("r");
    expect((await fetch(r.body.data.url)).status).toBe(200);
    const write = await fetch(r.body.data.url, {
      method: "PUT",
      headers: { "x-ms-blob-type": "BlockBlob" },
      body: "overwrite",
    });
    expect(write.status).toBe(403);
  });

  it("upload: a write-only URL scoped to one path; the file is then listed", async () => {
    const r = await s.call("POST", at("uploads"), BLOB, {
      as: "scientist",
      body: { path: "uploads/hello.csv", size: 12 },
    });
    expect(r.status).toBe(200);
    expect(r.body.data.direct).toBe(true);
    const u = new URL(r.body.data.url);
    expect(u.searchParams.get("sp")).toBe("cw");
    expect(u.pathname.endsWith("/uploads/hello.csv")).toBe(true);
    const put = await fetch(r.body.data.url, { method: "PUT", headers: r.body.data.headers, body: "a,b\n1,2\n3,4\n" });
    expect(put.status).toBe(201);
    expect((await fetch(r.body.data.url)).status).toBe(403);
    const other = r.body.data.url.replace("/uploads/hello.csv", "/uploads/other.csv");
    expect((await fetch(other, { method: "PUT", headers: r.body.data.headers, body: "x" })).status).toBe(403);
    const list = await files({ path: "uploads" });
    expect(list.body.data.entries.map((e: any) => e.name)).toContain("hello.csv");
    const dup = await s.call("POST", at("uploads"), BLOB, {
      as: "scientist",
      body: { path: "uploads/hello.csv", size: 12 },
    });
    expect(dup.status).toBe(409);
  });

  it("refuses empty, oversized, tricky and reader uploads", async () => {
    expect(
      (await s.call("POST", at("uploads"), BLOB, { as: "scientist", body: { path: "uploads/empty.csv", size: 0 } }))
        .body.error.message,
    ).toMatch(/empty/);
    expect(
      (
        await s.call("POST", at("uploads"), BLOB, {
          as: "scientist",
          body: { path: "uploads/huge.bin", size: 3 * 1024 ** 3 },
        })
      ).body.error.message,
    ).toMatch(/limit/);
    expect(
      (await s.call("POST", at("uploads"), BLOB, { as: "scientist", body: { path: "../x.csv", size: 3 } })).status,
    ).toBe(400);
    expect(
      (await s.call("POST", at("uploads"), BLOB, { as: "reader", body: { path: "uploads/r.csv", size: 3 } })).status,
    ).toBe(403);
  });

  it("an upload cut off half way leaves no blob behind", async () => {
    const r = await s.call("POST", at("uploads"), BLOB, {
      as: "scientist",
      body: { path: "uploads/half.bin", size: 2_000_000 },
    });
    const url = new URL(r.body.data.url);
    await new Promise<void>((resolve) => {
      const req = http.request(url, {
        method: "PUT",
        headers: { ...r.body.data.headers, "content-length": "2000000" },
      });
      req.on("error", () => resolve());
      req.on("response", () => resolve());
      req.write(Buffer.alloc(1_000_000, 1), () => {
        req.destroy();
        setTimeout(resolve, 200);
      });
    });
    expect(await container.getBlobClient("uploads/half.bin").exists()).toBe(false);
  });

  it("file share (folder on disk): streamed upload through the studio, refused when short, nothing partial left", async () => {
    const share = { ...ws, name: "workspacefilestore" };
    const start = await s.call("POST", at("uploads"), share, {
      as: "scientist",
      body: { path: "Users/carol/notes.txt", size: 5 },
    });
    expect(start.body.data.direct).toBe(false);
    const q = Object.fromEntries(new URL(start.body.data.url, "http://x").searchParams);
    const ok = await s.call("PUT", at("upload"), share, {
      as: "scientist",
      query: q,
      raw: "hello",
      headers: { "content-type": "application/octet-stream", "content-length": "5" },
    });
    expect(ok.status).toBe(201);
    expect(
      (await files({ path: "Users/carol" }, "scientist", "workspacefilestore")).body.data.entries.map(
        (e: any) => e.name,
      ),
    ).toEqual(["notes.txt"]);
    const short = await s.call("PUT", at("upload"), share, {
      as: "scientist",
      query: { path: "Users/carol/short.txt", size: "10" },
      raw: "hello",
      headers: { "content-type": "application/octet-stream", "content-length": "5" },
    });
    expect(short.status).toBe(400);
    const dir = path.join(s.dataDir, "lws", "local-workspace", "fileshares", DEV_ACCOUNT);
    const shareDir = (
      (await s.sdk().datastores.get(RG, WS, "workspacefilestore")).properties as { fileShareName: string }
    ).fileShareName;
    expect(fs.readdirSync(path.join(dir, shareDir, "Users/carol"))).toEqual(["notes.txt"]);
  });

  it("creates and deletes folders and files, with a clear 404 for what is not there", async () => {
    const mk = await s.call("POST", at("folders"), BLOB, { as: "scientist", body: { path: "tmp-tests/new-folder" } });
    expect(mk.status).toBe(201);
    expect((await files({ path: "tmp-tests" })).body.data.entries.map((e: any) => e.name)).toContain("new-folder");
    expect((await files({ path: "tmp-tests/new-folder" })).body.data.entries).toEqual([]);
    expect(
      (await s.call("POST", at("folders"), BLOB, { as: "scientist", body: { path: "tmp-tests/new-folder" } })).status,
    ).toBe(409);
    const del = await s.call("DELETE", at("files"), BLOB, {
      as: "scientist",
      query: { path: "tmp-tests", kind: "folder" },
    });
    expect(del.status).toBe(200);
    expect(del.body.data.deleted).toBeGreaterThanOrEqual(5);
    expect((await files({ path: "tmp-tests" })).status).toBe(404);
    expect(
      (
        await s.call("DELETE", at("files"), BLOB, {
          as: "scientist",
          query: { path: "nothing-here.txt", kind: "file" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await s.call("DELETE", at("files"), BLOB, { as: "reader", query: { path: "README.md", kind: "file" } })).status,
    ).toBe(403);
  });
});

describe("data assets", () => {
  const DATA = "ws/[sub]/[rg]/[ws]/data";
  const VERSIONS = "ws/[sub]/[rg]/[ws]/data/[name]/versions";
  const VERSION = "ws/[sub]/[rg]/[ws]/data/[name]/versions/[version]";
  const ASSET = "ws/[sub]/[rg]/[ws]/data/[name]";
  /** A new version of `name` from a path of workspaceblobstore. */
  const addVersion = (name: string, dataType: string, path: string, as: "scientist" | "reader" = "scientist") =>
    s.call("POST", VERSIONS, { ...ws, name }, { as, body: { dataType, datastore: "workspaceblobstore", path } });

  it("lists seeded assets with latest version, type and datastore path", async () => {
    const r = await s.call("GET", DATA, ws, { as: "reader" });
    const sales = r.body.data.find((a: any) => a.name === "monthly-sales");
    expect(sales).toMatchObject({
      dataType: "uri_folder",
      latestVersion: "3",
      latestUri: "azureml://datastores/workspaceblobstore/paths/datasets/sales/2024/03/",
    });
  });

  it("creates versions from browsed paths, checking the path and type", async () => {
    const v1 = await s.call(
      "POST",
      VERSIONS,
      { ...ws, name: "iris-route" },
      {
        as: "scientist",
        body: {
          dataType: "uri_file",
          datastore: "workspaceblobstore",
          path: "samples/iris/iris.csv",
          description: "first",
        },
      },
    );
    expect(v1.status).toBe(201);
    expect(v1.body.data).toMatchObject({
      version: "1",
      contents: { fields: { uri: "azureml://datastores/workspaceblobstore/paths/samples/iris/iris.csv" } },
    });
    const v2 = await addVersion("iris-route", "uri_file", "datasets/sales/2024/01/sales.csv");
    expect(v2.body.data.version).toBe("2");
    const history = await s.call("GET", VERSIONS, { ...ws, name: "iris-route" }, { as: "reader" });
    expect(history.body.data.versions.map((v: any) => v.version)).toEqual(["2", "1"]);
    const wrongType = await addVersion("iris-route", "uri_folder", "samples");
    expect(wrongType.status).toBe(400);
    const missing = await addVersion("x-route", "uri_file", "no/such.csv");
    expect(missing.status).toBe(400);
    const noMltable = await addVersion("t-route", "mltable", "samples/iris");
    expect(noMltable.body.error.message).toMatch(/MLTable/);
    const mltable = await addVersion("t-route", "mltable", "samples/titanic-mltable");
    expect(mltable.status).toBe(201);
    expect((await addVersion("iris-route", "uri_file", "samples/iris/iris.csv", "reader")).status).toBe(403);
  });

  it("edits description and tags, archives and restores", async () => {
    const e = await s.call(
      "PATCH",
      VERSION,
      { ...ws, name: "iris-route", version: "1" },
      { as: "scientist", body: { description: "edited", tags: { stage: "raw" } } },
    );
    expect(e.body.data).toMatchObject({
      description: "edited",
      tags: { stage: "raw" },
      contents: { fields: { uri: "azureml://datastores/workspaceblobstore/paths/samples/iris/iris.csv" } },
    });
    expect(
      (await s.call("PATCH", ASSET, { ...ws, name: "iris-route" }, { as: "scientist", body: { archived: true } })).body
        .data.archived,
    ).toBe(true);
    expect((await s.call("GET", DATA, ws, { as: "reader" })).body.data.map((a: any) => a.name)).not.toContain(
      "iris-route",
    );
    expect(
      (await s.call("GET", DATA, ws, { as: "reader", query: { view: "archived" } })).body.data.map((a: any) => a.name),
    ).toEqual(["iris-route"]);
    expect(
      (await s.call("PATCH", ASSET, { ...ws, name: "iris-route" }, { as: "scientist", body: { archived: false } })).body
        .data.archived,
    ).toBe(false);
    // Back in the (revised) active list as it was: its latest version and that version's path.
    const restored = (await s.call("GET", DATA, ws, { as: "reader" })).body.data.find(
      (a: any) => a.name === "iris-route",
    );
    expect(restored).toMatchObject({
      latestVersion: "2",
      latestUri: "azureml://datastores/workspaceblobstore/paths/datasets/sales/2024/01/sales.csv",
      archived: false,
    });
  });

  it("after a new version, the list's cached rows are revised (latest version and URI), not read again upstream", async () => {
    const active = async () => {
      const r = await s.call("GET", DATA, ws, { as: "reader" });
      expect(r.status, r.text).toBe(200);
      return r.body.data as { name: string; latestVersion: string; latestUri: string | null }[];
    };
    await active();
    s.proxy!.reset();
    const v3 = await addVersion("iris-route", "uri_file", "samples/iris/iris.csv");
    expect(v3.status, v3.text).toBe(201);
    const listed = await active();
    expect(listed.find((a) => a.name === "iris-route")).toMatchObject({
      latestVersion: v3.body.data.version,
      latestUri: "azureml://datastores/workspaceblobstore/paths/samples/iris/iris.csv",
    });
    const upstreamLists = s.proxy!.state.requests.filter((r) => r.method === "GET" && /\/data(\?|$)/.test(r.path));
    expect(upstreamLists, "data container lists upstream").toEqual([]);
    // One read of the container decides the version and refuses a taken one; the PUT follows it.
    const calls = s.proxy!.state.requests.map((r) => `${r.method} ${r.path.split("?")[0].replace(/^.*\/data\//, "")}`);
    const put = calls.indexOf(`PUT iris-route/versions/${v3.body.data.version}`);
    expect(put, calls.join("\n")).toBeGreaterThan(0);
    expect(calls.slice(0, put).filter((c) => c === "GET iris-route")).toHaveLength(1);
    const truth: string[] = [];
    for await (const c of s.sdk().dataContainers.list(RG, WS)) truth.push(c.name!);
    expect(listed.map((a) => a.name).sort()).toEqual(truth.sort());
  });

  it("imports the Azure ML CLI v2 examples' YAML; local paths get a clear error", async () => {
    const dir = shared("azureml-examples/cli/assets/data");
    for (const f of ["cloud-file.yml", "cloud-folder.yml", "cloud-mltable.yml"]) {
      const yaml = fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : null;
      if (!yaml) continue;
      const r = await s.call("POST", DATA, ws, { as: "scientist", body: { yaml } });
      expect(r.status, f).toBe(201);
    }
    const local = await s.call("POST", DATA, ws, {
      as: "scientist",
      body: { yaml: "name: local-x\ntype: uri_file\npath: sample-data/titanic.csv\n" },
    });
    expect(local.status).toBe(400);
    expect(local.body.error.message).toMatch(/local path/);
    const garbage = await s.call("POST", DATA, ws, { as: "scientist", body: { yaml: "name: [unclosed" } });
    expect(garbage.status).toBe(400);
  });
});
