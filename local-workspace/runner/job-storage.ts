/**
 * The runner's storage: reading code assets and input data, writing outputs and live logs to the workspace's
 * datastores. Only datastores on the emulated account (Azurite) and the emulated file shares can be read here;
 * anything else is a clear error on the step, never a silent skip.
 *
 * Layout in `workspaceblobstore` (documented in docs/architecture.md):
 *   outputs: azureml/<step job name>/<output name>/...        (Azure ML's default output path)
 *   logs:    ExperimentRun/dcid.<step job name>/user_logs/std_log.txt   (where Azure ML keeps run logs)
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import type { Ctx } from "../context";
import type { LocalStorage } from "../storage";
import type { StoredResource } from "../store";
import { DEV_ACCOUNT } from "../storage/azurite";
import { seedComponentAt, uploadSeedCode } from "../storage/seed-component-code";
import { parseDatastoreUri } from "../resources/codes";
import { DEFAULT_DATASTORE, datastoreIdOf } from "../resources/datastores";
import { resolveVersionRef } from "../resources/assets";

export const outputBlobPrefix = (stepJob: string, output: string) => `azureml/${stepJob}/${output}`;
export const logBlobPath = (stepJob: string) => `ExperimentRun/dcid.${stepJob}/user_logs/std_log.txt`;

export class StepInputError extends Error {}

type DatastoreTarget = { kind: "blob"; container: ContainerClient } | { kind: "folder"; root: string };

export function openDatastore(ctx: Ctx, storage: LocalStorage | null, wsId: string, name: string): DatastoreTarget {
  const ds = ctx.store.get(datastoreIdOf(wsId, name));
  if (!ds) throw new StepInputError(`Datastore '${name}' does not exist in this workspace.`);
  const p = ds.body.properties;
  if (!storage)
    throw new StepInputError(
      "The local workspace service runs without storage (started with storage: false): datastores cannot be read or written.",
    );
  if (p.accountName !== DEV_ACCOUNT)
    throw new StepInputError(
      `Datastore '${name}' is on account '${p.accountName ?? p.storeName}', which the local runner cannot reach; it reads datastores on the emulated account '${DEV_ACCOUNT}'.`,
    );
  if (p.datastoreType === "AzureBlob")
    return { kind: "blob", container: storage.blobService.getContainerClient(p.containerName) };
  if (p.datastoreType === "AzureDataLakeGen2")
    return { kind: "blob", container: storage.blobService.getContainerClient(p.filesystem) };
  if (p.datastoreType === "AzureFile")
    return { kind: "folder", root: storage.fileShareFolder(p.accountName, p.fileShareName) };
  throw new StepInputError(`Datastore '${name}' is ${p.datastoreType}, which the local runner cannot read.`);
}

const ensured = new WeakMap<LocalStorage, Set<string>>();

/** The workspace's default blob container, created if it is not there yet (the seed's content may not have run). */
export async function workspaceBlobstore(
  ctx: Ctx,
  storage: LocalStorage | null,
  wsId: string,
): Promise<ContainerClient | null> {
  if (!storage) return null;
  const t = openDatastore(ctx, storage, wsId, DEFAULT_DATASTORE);
  if (t.kind !== "blob") return null;
  const seen = ensured.get(storage) ?? new Set<string>();
  ensured.set(storage, seen);
  if (!seen.has(t.container.containerName)) {
    await t.container.createIfNotExists();
    seen.add(t.container.containerName);
  }
  return t.container;
}

const safeJoin = (root: string, rel: string) => {
  const out = path.resolve(root, rel);
  if (out !== root && !out.startsWith(root + path.sep))
    throw new StepInputError(`The path '${rel}' leaves its folder.`);
  return out;
};

/**
 * The one way to read a code asset: its codeUri (`azureml://datastores/<ds>/paths/<prefix>`) resolved to files
 * in that datastore. A seeded component's folder that the background seed has not written yet is written here
 * first (a few KB), so a job started right after the service does not fail on it.
 */
async function materializeCode(
  ctx: Ctx,
  storage: LocalStorage | null,
  wsId: string,
  version: StoredResource,
  dest: string,
): Promise<number> {
  const uri = String(version.body.properties.codeUri ?? "");
  const loc = parseDatastoreUri(uri.replace(/\/$/, ""));
  if (!loc) throw new StepInputError(`The code asset's codeUri '${uri}' is not an azureml://datastores/… path.`);
  const seed = loc.datastore === DEFAULT_DATASTORE ? seedComponentAt(loc.prefix) : null;
  if (seed) {
    const container = await workspaceBlobstore(ctx, storage, wsId);
    if (container) await uploadSeedCode(container, seed);
  }
  return (await downloadData(ctx, storage, wsId, uri, "uri_folder", dest)).files;
}

/**
 * Code snapshots kept on this machine, one per code asset version: a code version is immutable (as in Azure ML, a
 * job runs the code as it was registered), so a 1,000-step pipeline of one component downloads its code once and
 * copies it 1,000 times, where every step used to list and download it from the blob store (which cost Azurite and
 * this service about a second of CPU per hundred steps). A recreated version (same name, new creation time) is a
 * new snapshot; the least recently used beyond MAX_CODE_SNAPSHOTS are removed.
 */
export class CodeSnapshots {
  static readonly MAX_CODE_SNAPSHOTS = 100;
  private readonly pending = new Map<string, Promise<{ dir: string; files: number }>>();

  constructor(private readonly root: string) {}

  /** Copies the code asset `codeRef` into `dest` (a fresh copy per step: a step may change its files). */
  async copyTo(ctx: Ctx, storage: LocalStorage | null, wsId: string, codeRef: string, dest: string): Promise<number> {
    const version = resolveVersionRef(ctx, wsId, "codes", codeRef);
    if (!version) throw new StepInputError(`The code asset '${codeRef}' is not registered in this workspace.`);
    const key = createHash("sha256").update(`${version.id.toLowerCase()}@${version.createdAt}`).digest("hex");
    let snapshot = this.pending.get(key);
    if (!snapshot) {
      snapshot = this.snapshot(ctx, storage, wsId, version, key).finally(() => this.pending.delete(key));
      this.pending.set(key, snapshot);
    }
    const { dir, files } = await snapshot;
    fs.cpSync(dir, dest, { recursive: true });
    return files;
  }

  private async snapshot(ctx: Ctx, storage: LocalStorage | null, wsId: string, version: StoredResource, key: string) {
    fs.mkdirSync(this.root, { recursive: true });
    const dir = path.join(this.root, key);
    const countFile = `${dir}.files`;
    if (fs.existsSync(countFile)) {
      const now = new Date();
      fs.utimesSync(countFile, now, now); // recently used
      return { dir, files: Number(fs.readFileSync(countFile, "utf8")) };
    }
    const tmp = `${dir}.${process.pid}.${Date.now()}.tmp`;
    try {
      const files = await materializeCode(ctx, storage, wsId, version, tmp);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
      // Written last: a snapshot counts only once it is complete (a crash midway leaves no count, so no snapshot).
      fs.writeFileSync(countFile, String(files));
      this.evict();
      return { dir, files };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  private evict() {
    const entries = fs
      .readdirSync(this.root)
      .filter((f) => f.endsWith(".files"))
      .map((f) => ({ key: f.slice(0, -".files".length), used: fs.statSync(path.join(this.root, f)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const old of entries.slice(CodeSnapshots.MAX_CODE_SNAPSHOTS)) {
      if (this.pending.has(old.key)) continue;
      fs.rmSync(path.join(this.root, `${old.key}.files`), { force: true });
      fs.rmSync(path.join(this.root, old.key), { recursive: true, force: true });
    }
  }
}

/**
 * Downloads a data input into `dest` and returns the path the command gets: the folder for uri_folder/mltable,
 * the file for uri_file. `uri` is `azureml://datastores/<ds>/paths/<p>`, a data asset (`azureml:name:version`,
 * `azureml:name@latest`, or its ARM id) or an http(s) URL of a file.
 */
export async function downloadData(
  ctx: Ctx,
  storage: LocalStorage | null,
  wsId: string,
  uri: string,
  type: string,
  dest: string,
  depth = 0,
): Promise<{ path: string; files: number }> {
  fs.mkdirSync(dest, { recursive: true });
  if (/^https?:\/\//.test(uri)) {
    const res = await fetch(uri).catch((e) => {
      throw new StepInputError(`Downloading ${uri} failed: ${(e as Error).message}`);
    });
    if (!res.ok || !res.body) throw new StepInputError(`Downloading ${uri} failed: HTTP ${res.status}.`);
    const file = path.join(dest, decodeURIComponent(new URL(uri).pathname.split("/").pop() || "data"));
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    return { path: type === "uri_file" ? file : dest, files: 1 };
  }
  const loc = parseDatastoreUri(uri.replace(/\/$/, ""));
  if (!loc) {
    const asset =
      depth === 0 && (uri.startsWith("azureml:") || uri.startsWith("/subscriptions/"))
        ? resolveVersionRef(ctx, wsId, "data", uri)
        : null;
    if (!asset)
      throw new StepInputError(
        `Input '${uri}' is neither a datastore path (azureml://datastores/<ds>/paths/<p>), a registered data asset nor an http(s) URL.`,
      );
    return downloadData(ctx, storage, wsId, String(asset.body.properties.dataUri), type, dest, depth + 1);
  }
  const target = openDatastore(ctx, storage, wsId, loc.datastore);
  const prefix = loc.prefix;
  if (target.kind === "folder") {
    const src = safeJoin(target.root, prefix);
    if (!fs.existsSync(src)) throw new StepInputError(`${uri} does not exist.`);
    if (fs.statSync(src).isFile()) {
      const file = path.join(dest, path.basename(src));
      fs.copyFileSync(src, file);
      return { path: type === "uri_file" ? file : dest, files: 1 };
    }
    fs.cpSync(src, dest, { recursive: true });
    return { path: dest, files: fs.readdirSync(dest, { recursive: true }).length };
  }
  const single = target.container.getBlobClient(prefix);
  if (type === "uri_file" || (await single.exists().catch(() => false))) {
    const file = path.join(dest, path.basename(prefix));
    try {
      await single.downloadToFile(file);
    } catch (e) {
      throw new StepInputError(
        `${uri} could not be read: ${(e as { statusCode?: number }).statusCode === 404 ? "no such file" : (e as Error).message}.`,
      );
    }
    return { path: type === "uri_file" ? file : dest, files: 1 };
  }
  let files = 0;
  for await (const b of target.container.listBlobsFlat({ prefix: prefix + "/" })) {
    const file = safeJoin(dest, b.name.slice(prefix.length + 1));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await target.container.getBlobClient(b.name).downloadToFile(file);
    files++;
  }
  if (files === 0) throw new StepInputError(`${uri} is an empty or missing folder.`);
  return { path: dest, files };
}

/** Uploads every file under `dir` to `<prefix>/<relative path>`; returns how many. */
export async function uploadFolder(container: ContainerClient, dir: string, prefix: string): Promise<number> {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, rel);
    if (!fs.statSync(file).isFile()) continue;
    await container.getBlockBlobClient(`${prefix}/${rel.split(path.sep).join("/")}`).uploadFile(file);
    n++;
  }
  return n;
}

/** How often a watched log is shipped anyway (a change event can be missed, e.g. on a network file system). */
const SHIP_LOG_FALLBACK_MS = 1_000;

/**
 * Ships a growing local log file to an append blob as it grows, so a reader tailing the blob by range sees a line
 * soon after the step writes it. The file's folder is watched (inotify; the file may not exist yet), and a change
 * ships at once unless the last append was under `minGapMs` ago, when it ships that much after it: a quiet log's
 * line goes out in milliseconds, a chatty one in appends at most every `minGapMs` (an append blob holds 50,000
 * blocks, so one append per line would end a chatty step's live log within minutes). A slow timer ships whatever a
 * missed event left behind; where the folder cannot be watched, the timer runs every `minGapMs`. `stop()` flushes
 * what is left.
 */
export function shipLog(container: ContainerClient | null, file: string, blobPath: string, minGapMs = 150) {
  if (!container) return { stop: async () => {} };
  const blob = container.getAppendBlobClient(blobPath);
  let shipped = 0;
  let failed = false;
  // Every promise here is caught at once: a storage hiccup costs the live log, never the service.
  const report = (e: unknown) => {
    if (!failed) console.error(`[runner] shipping ${blobPath} failed:`, (e as Error).message);
    failed = true;
  };
  let created = false;
  let busy: Promise<void> = Promise.resolve();
  let lastAppendAt = 0;
  const flush = async () => {
    if (!created) {
      await blob.createIfNotExists();
      created = true;
    }
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return;
    }
    while (shipped < size) {
      const len = Math.min(size - shipped, 4 * 1024 * 1024 - 1);
      const buf = Buffer.alloc(len);
      const fd = fs.openSync(file, "r");
      try {
        fs.readSync(fd, buf, 0, len, shipped);
      } finally {
        fs.closeSync(fd);
      }
      lastAppendAt = Date.now();
      await blob.appendBlock(buf, len);
      shipped += len;
    }
  };
  const step = () => {
    busy = busy.then(flush).catch(report);
  };
  // At most one ship waits for its gap; changes meanwhile are taken by it.
  let scheduled: NodeJS.Timeout | null = null;
  const onChange = () => {
    if (scheduled) return;
    scheduled = setTimeout(
      () => {
        scheduled = null;
        step();
      },
      Math.max(0, lastAppendAt + minGapMs - Date.now()),
    );
  };
  let watcher: fs.FSWatcher | null = null;
  try {
    const name = path.basename(file);
    watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      if (!changed || changed === name) onChange();
    });
    watcher.on("error", () => undefined); // the slow timer still ships
  } catch {
    watcher = null;
  }
  step();
  const timer = watcher ? setInterval(onChange, SHIP_LOG_FALLBACK_MS) : setInterval(step, minGapMs);
  return {
    async stop() {
      watcher?.close();
      clearInterval(timer);
      if (scheduled) clearTimeout(scheduled);
      step();
      await busy;
    },
  };
}
