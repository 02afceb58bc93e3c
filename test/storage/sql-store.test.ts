/**
 * What azurite-sql.cjs adds to Azurite's PostgreSQL metadata store:
 * - hierarchical listings that seek past folders: every level, at every page size, lists exactly what Azure
 *   semantics say — each blob directly at the level and each folder once, in name order across pages, with no
 *   entry lost or repeated at page boundaries;
 * - Append Block (the job runner's live logs): appends land in order, concurrent ones all land, the append-position
 *   condition holds, block blobs refuse it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { startLocalStorage, type LocalStorage } from "../../local-workspace/storage";

const NAMES = [
  "a.txt",
  "b/1.txt",
  "b/2.txt",
  "b/c/3.txt",
  "b/c/d/4.txt",
  "b0.txt", // sorts right after every "b/…" name: a seek past "b/" must not skip it
  "b_x/1.txt", // LIKE wildcards in names and prefixes are literal
  "bx/1.txt",
  "b%/1.txt",
  "c/",
  "d/e/f/g.txt",
  "z.txt",
  "ü/1.txt",
  "ü.txt",
  ...Array.from({ length: 120 }, (_, i) => `big/part-${String(i).padStart(4, "0")}.txt`),
  ...Array.from({ length: 30 }, (_, i) => `big/sub${i % 3}/x-${i}.txt`),
];

/** What Azure answers for one level: blobs directly under `prefix` and each folder once, in name order. */
function expected(prefix: string) {
  const out = new Set<string>();
  for (const n of NAMES) {
    if (!n.startsWith(prefix)) continue;
    const at = n.indexOf("/", prefix.length);
    out.add(at < 0 ? n : n.slice(0, at + 1));
  }
  return [...out].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)) as number);
}

async function listAll(c: ContainerClient, prefix: string, pageSize: number) {
  const seen: string[] = [];
  let pages = 0;
  for await (const page of c.listBlobsByHierarchy("/", { prefix }).byPage({ maxPageSize: pageSize })) {
    const entries = [
      ...(page.segment.blobPrefixes ?? []).map((p) => p.name),
      ...page.segment.blobItems.map((b) => b.name),
    ];
    expect(entries.length).toBeLessThanOrEqual(pageSize);
    seen.push(...entries.sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    pages++;
    if (pages > NAMES.length + 2) throw new Error("listing does not end");
  }
  return seen;
}

let storage: LocalStorage;
let dataDir: string;
let container: ContainerClient;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-listing-"));
  storage = await startLocalStorage({ dataDir, metadata: "postgres" });
  container = storage.blobService.getContainerClient("listing");
  await container.create();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < NAMES.length) {
        const name = NAMES[next++];
        await container.getBlockBlobClient(name).upload(name, Buffer.byteLength(name));
      }
    }),
  );
}, 120_000);
afterAll(async () => {
  await storage?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("hierarchical listing on PostgreSQL", () => {
  for (const prefix of ["", "b/", "b", "b_", "big/", "big/sub1/", "d/", "nope/", "ü"]) {
    it(`level '${prefix}' at page sizes 1, 2, 3, 7 and 5000`, async () => {
      const want = expected(prefix);
      for (const size of [1, 2, 3, 7, 5000])
        expect(await listAll(container, prefix, size), `page size ${size}`).toEqual(want);
    });
  }

  it("a flat listing (no delimiter) still lists every blob once", async () => {
    const names: string[] = [];
    for await (const page of container.listBlobsFlat({ prefix: "b" }).byPage({ maxPageSize: 4 }))
      names.push(...page.segment.blobItems.map((b) => b.name));
    expect(names).toEqual(
      NAMES.filter((n) => n.startsWith("b")).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
    );
  });
});

describe("append blobs on PostgreSQL", () => {
  it("appends in order, keeps concurrent appends, checks the append position, and refuses a block blob", async () => {
    const blob = container.getAppendBlobClient("logs/std_log.txt");
    await blob.create();
    let expectedText = "";
    for (let i = 0; i < 20; i++) {
      const line = `line ${i}\n`;
      await blob.appendBlock(line, line.length);
      expectedText += line;
    }
    expect((await blob.downloadToBuffer()).toString()).toBe(expectedText);
    // Concurrent appends serialize: all of them land, whole.
    const parts = Array.from({ length: 16 }, (_, i) => `parallel-${String(i).padStart(2, "0")}\n`);
    await Promise.all(parts.map((p) => blob.appendBlock(p, p.length)));
    const after = (await blob.downloadToBuffer()).toString();
    expect(after.startsWith(expectedText)).toBe(true);
    expect(after.slice(expectedText.length).split("\n").filter(Boolean).sort()).toEqual(parts.map((p) => p.trim()));
    const props = await blob.getProperties();
    expect(props.contentLength).toBe(Buffer.byteLength(after));
    // A tail read by range, as the log view reads it.
    expect((await blob.downloadToBuffer(Buffer.byteLength(after) - 12, 12)).toString()).toBe(after.slice(-12));
    await expect(blob.appendBlock("x", 1, { conditions: { appendPosition: 3 } })).rejects.toMatchObject({
      statusCode: 412,
    });
    const block = container.getAppendBlobClient("a.txt");
    await expect(block.appendBlock("x", 1)).rejects.toMatchObject({ statusCode: 409 });
  });
});
