/**
 * kill -9 during uploads loses no committed upload. The local workspace service runs as its own process (as
 * `npm start` runs it); uploads go through the studio's storage client (BlobBackend.write, 16 at a time) while
 * it is killed:
 *   1. kill -9 of the service alone (Azurite exits with its stdin, PostgreSQL by its parent-death signal);
 *   2. kill -9 of the whole process group at once (PostgreSQL killed too: crash recovery and a stale postmaster.pid).
 * After each, the service starts again on the same data directory and every upload that had answered is there
 * with its bytes.
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { BlobBackend } from "../../lib/server/storage/blob";
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY, freePort } from "../../local-workspace/storage/azurite";

const ROOT = path.resolve(__dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-restart-"));
let service: ChildProcess | null = null;

async function startService(blobPort: number, servicePort: number): Promise<ChildProcess> {
  // Its own process group, so round 2 can kill the service, Azurite and PostgreSQL in one signal.
  const child = spawn(process.execPath, ["--import", "tsx", "local-workspace/main.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      LOCAL_WORKSPACE_PORT: String(servicePort),
      AZURITE_BLOB_PORT: String(blobPort),
      LOCAL_WORKSPACE_TOKEN_SECRET: "restart-test-secret",
      SEED_DEMO_JOB: "off",
      SEED_SMALL_BLOBS: "0",
    },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const deadline = Date.now() + 90_000;
  while (!out.includes("listening on")) {
    if (child.exitCode !== null) throw new Error(`service exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`service did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

function exited(child: ChildProcess) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once("exit", () => r()));
}

afterAll(async () => {
  if (service?.pid && service.exitCode === null) {
    process.kill(-service.pid, "SIGTERM");
    await exited(service);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 during uploads", () => {
  it("keeps every upload that answered, after a kill of the service and after a kill of its whole group", async () => {
    const blobPort = await freePort();
    const servicePort = await freePort();
    const service0 = new BlobServiceClient(
      `http://127.0.0.1:${blobPort}/${DEV_ACCOUNT}`,
      new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY),
      { retryOptions: { maxTries: 1 } },
    );
    const container = service0.getContainerClient("restart-test");
    const backend = new BlobBackend(container, { kind: "none" });
    const committed = new Map<string, string>(); // name → md5 of what was sent

    for (const round of ["service", "group"] as const) {
      service = await startService(blobPort, servicePort);
      await container.createIfNotExists();
      let stop = false;
      let n = 0;
      const before = committed.size;
      const writers = Array.from({ length: 16 }, async () => {
        while (!stop) {
          const name = `${round}/blob-${n++}.bin`;
          const body = randomBytes(1024 + Math.floor(Math.random() * 64 * 1024));
          try {
            await backend.write(name, Readable.from([body]), body.length, "application/octet-stream");
            committed.set(name, createHash("md5").update(body).digest("hex"));
          } catch {
            stop = true; // the service is gone: uploads in flight fail, and that is allowed
          }
        }
      });
      // Kill once uploads are well under way.
      while (committed.size - before < 150) await new Promise((r) => setTimeout(r, 20));
      const victim = service;
      process.kill(round === "service" ? victim.pid! : -victim.pid!, "SIGKILL");
      await exited(victim);
      await Promise.all(writers);
    }

    // Start again on the same data directory: everything that answered is there, byte for byte.
    service = await startService(blobPort, servicePort);
    const missing: string[] = [];
    const wrong: string[] = [];
    let next = 0;
    const names = [...committed.keys()];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < names.length) {
          const name = names[next++];
          const blob = container.getBlobClient(name);
          if (!(await blob.exists())) {
            missing.push(name);
            continue;
          }
          const md5 = createHash("md5")
            .update(await blob.downloadToBuffer())
            .digest("hex");
          if (md5 !== committed.get(name)) wrong.push(name);
        }
      }),
    );
    expect(committed.size).toBeGreaterThanOrEqual(300);
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
  }, 300_000);
});
