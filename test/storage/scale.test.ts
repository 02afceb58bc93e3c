/**
 * The embedded storage at 100,000 blobs, through the studio's storage client: the datastore routes and the
 * BlobBackend they use (openDatastore → @azure/storage-blob → Azurite on PostgreSQL). The 100,000-blob folder is
 * the demo seed's, built by the bulk path. Bounded: the full walk uses 5,000-entry pages (20 calls).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import type { ContainerClient } from "@azure/storage-blob";
import { RG, SUB, WS, startStudio, type Studio } from "../support/studio";
import { BlobBackend } from "../../lib/server/storage/blob";
import { StorageSharedKeyCredential } from "@azure/storage-blob";
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY } from "../../local-workspace/storage/azurite";
import { SMALL_BLOBS_PREFIX } from "../../local-workspace/storage/seed-data";

const COUNT = 100_000;
const BLOB = { sub: SUB, rg: RG, ws: WS, name: "workspaceblobstore" };
const at = (sub: string) => `ws/[sub]/[rg]/[ws]/datastores/[name]/${sub}`;
const FOLDER = SMALL_BLOBS_PREFIX.replace(/\/$/, "");
let s: Studio;
let container: ContainerClient;
let backend: BlobBackend;

beforeAll(async () => {
  s = await startStudio({ storage: { seedBlobCount: COUNT } });
  await s.svc.seeded;
  const ds = await s.sdk().datastores.get(RG, WS, "workspaceblobstore");
  container = s.svc.storage!.blobService.getContainerClient((ds.properties as { containerName: string }).containerName);
  backend = new BlobBackend(container, {
    kind: "key",
    credential: new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY),
  });
}, 180_000);
afterAll(async () => {
  await s?.close();
});

const files = (query: Record<string, string>) => s.call("GET", at("files"), BLOB, { as: "scientist", query });

describe(`storage at ${COUNT.toLocaleString()} blobs`, () => {
  it("walks the whole folder with continuation tokens: every blob once, in order, pages bounded", async () => {
    let token: string | undefined;
    let count = 0;
    let pages = 0;
    let previous = "";
    do {
      const page = await backend.list(FOLDER, { pageSize: 5000, continuationToken: token });
      expect(page.entries.length).toBeLessThanOrEqual(5000);
      for (const e of page.entries) {
        expect(e.path > previous, `${e.path} after ${previous}`).toBe(true);
        previous = e.path;
      }
      count += page.entries.length;
      token = page.continuationToken;
      pages++;
    } while (token && pages <= COUNT / 5000 + 1);
    expect(token).toBeUndefined();
    expect(count).toBe(COUNT);
    expect(pages).toBe(COUNT / 5000);
  }, 120_000);

  it("pages the folder through the route: first pages follow each other without overlap", async () => {
    const names: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 3; i++) {
      const r = await files({ path: FOLDER, pageSize: "200", ...(token ? { continuationToken: token } : {}) });
      expect(r.status).toBe(200);
      expect(r.body.data.entries).toHaveLength(200);
      names.push(...r.body.data.entries.map((e: { name: string }) => e.name));
      token = r.body.data.continuationToken;
      expect(token).toBeTruthy();
    }
    expect(new Set(names).size).toBe(600);
    expect(names[0]).toBe("part-000000.txt");
    expect(names[599]).toBe("part-000599.txt");
  });

  it("lists the container root, where the big folder is one entry, in one short page", async () => {
    const r = await files({ path: "", pageSize: "200" });
    expect(r.status).toBe(200);
    const paths = r.body.data.entries.map((e: { path: string }) => e.path);
    expect(paths).toContain("scale");
    expect(r.body.data.continuationToken).toBeUndefined();
    const scale = await files({ path: "scale", pageSize: "200" });
    expect(scale.body.data.entries.map((e: { path: string }) => e.path)).toEqual(["scale/small-blobs"]);
  });

  it("uploads through the studio and by a write-only SAS URL into the big folder; both are listed and read back", async () => {
    // Streamed through the studio (the route stores without short-lived URLs use), text so the test's string body is exact bytes.
    const body = randomBytes(150_000).toString("hex");
    const put = await s.call("PUT", at("upload"), BLOB, {
      as: "scientist",
      query: { path: `${FOLDER}/zz-upload-through-studio.bin`, size: String(body.length) },
      raw: body,
      headers: { "content-type": "application/octet-stream", "content-length": String(body.length) },
    });
    expect(put.status).toBe(201);
    const sas = await s.call("POST", at("uploads"), BLOB, {
      as: "scientist",
      body: { path: `${FOLDER}/zz-upload-by-sas.csv`, size: 12 },
    });
    expect(sas.status).toBe(200);
    expect(new URL(sas.body.data.url).searchParams.get("sp")).toBe("cw");
    const direct = await fetch(sas.body.data.url, {
      method: "PUT",
      headers: sas.body.data.headers,
      body: "a,b\n1,2\n3,4\n",
    });
    expect(direct.status).toBe(201);
    expect((await fetch(sas.body.data.url)).status).toBe(403); // write-only

    const tail = await files({ path: FOLDER, prefix: "zz-" });
    expect(tail.status).toBe(200);
    expect(tail.body.data.entries.map((e: { name: string }) => e.name).sort()).toEqual([
      "zz-upload-by-sas.csv",
      "zz-upload-through-studio.bin",
    ]);
    const back = await backend.read(`${FOLDER}/zz-upload-through-studio.bin`, 0, body.length);
    expect(back.toString("latin1")).toBe(body);
  });

  it("reads ranges: exact bytes from the middle, up to the end, across the end, and nothing from past the end", async () => {
    const name = `${FOLDER}/zz-range.bin`;
    const body = randomBytes(1_000_000);
    await container.getBlockBlobClient(name).uploadData(body);
    expect((await backend.read(name, 123_456, 1000)).equals(body.subarray(123_456, 124_456))).toBe(true);
    expect((await backend.read(name, 999_000, 1000)).equals(body.subarray(999_000))).toBe(true);
    expect((await backend.read(name, 999_500, 5000)).equals(body.subarray(999_500))).toBe(true); // past the end: what there is
    expect((await backend.read(name, 2_000_000, 10)).length).toBe(0);
    const csv = await s.call("GET", at("preview"), BLOB, {
      as: "scientist",
      query: { path: `${FOLDER}/zz-upload-by-sas.csv` },
    });
    expect(csv.status).toBe(200);
    expect(csv.body.data.rows.length).toBe(2);
  });

  it("download by a read-only SAS URL: the bytes, and no write with it", async () => {
    const r = await s.call("GET", at("download"), BLOB, {
      as: "scientist",
      query: { path: `${FOLDER}/part-054321.txt` },
    });
    expect(r.status).toBe(200);
    expect(new URL(r.body.data.url).searchParams.get("sp")).toBe("r");
    const got = await fetch(r.body.data.url);
    expect(got.status).toBe(200);
    const bytes = Buffer.from(await got.arrayBuffer());
    const first = await container.getBlobClient(`${FOLDER}/part-000000.txt`).downloadToBuffer();
    // Bulk copies share the template's bytes: same length and MD5 as the one uploaded through the API.
    expect(createHash("md5").update(bytes).digest("hex")).toBe(createHash("md5").update(first).digest("hex"));
    const write = await fetch(r.body.data.url, {
      method: "PUT",
      headers: { "x-ms-blob-type": "BlockBlob" },
      body: "x",
    });
    expect(write.status).toBe(403);
  });
});
