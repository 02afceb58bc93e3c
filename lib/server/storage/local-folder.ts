import "server-only";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { ApiError } from "../errors";
import { contentTypeFor } from "@/lib/domain/preview";
import type { ListPage, StorageBackend, StorageEntry } from "./types";

/**
 * A folder on disk standing in for an Azure Files share in the embedded default (Azurite has no Files
 * emulation). Paths arrive normalised (no `..`); every one is still resolved and checked to stay inside the
 * root, symlinks included. Listing pages are offsets into the sorted directory, so a page costs one readdir.
 */
export class LocalFolderBackend implements StorageBackend {
  kind = "local-folder" as const;
  constructor(private root: string) {}

  private async resolve(rel: string, mustExist = true): Promise<string> {
    const full = path.resolve(this.root, rel);
    if (full !== this.root && !full.startsWith(this.root + path.sep))
      throw ApiError.badRequest("The path leaves the datastore.", "path");
    if (!mustExist) return full;
    let real: string;
    try {
      real = await fsp.realpath(full);
    } catch {
      throw ApiError.notFound(`'${rel || "/"}' does not exist.`);
    }
    const realRoot = await fsp.realpath(this.root).catch(() => {
      throw ApiError.notFound("The file share behind this datastore does not exist.");
    });
    if (real !== realRoot && !real.startsWith(realRoot + path.sep))
      throw ApiError.badRequest("The path leaves the datastore.", "path");
    return real;
  }

  private entry(rel: string, st: fs.Stats): StorageEntry {
    const name = path.posix.basename(rel);
    return st.isDirectory()
      ? { name, path: rel, kind: "folder", lastModified: st.mtime.toISOString() }
      : {
          name,
          path: rel,
          kind: "file",
          size: st.size,
          lastModified: st.mtime.toISOString(),
          contentType: contentTypeFor(name),
          etag: `"${st.mtimeMs.toString(16)}-${st.size.toString(16)}"`,
        };
  }

  async list(
    folder: string,
    opts: { pageSize: number; continuationToken?: string; namePrefix?: string },
  ): Promise<ListPage> {
    const dir = await this.resolve(folder);
    const skip = opts.continuationToken ? Number(opts.continuationToken) : 0;
    if (!Number.isInteger(skip) || skip < 0)
      throw ApiError.badRequest("The continuation token is invalid.", "continuationToken");
    let names: fs.Dirent[];
    try {
      names = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      throw ApiError.notFound(`Folder '${folder || "/"}' does not exist.`);
    }
    const filtered = names
      .filter((d) => !d.name.startsWith(".upload-") && (!opts.namePrefix || d.name.startsWith(opts.namePrefix)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const slice = filtered.slice(skip, skip + opts.pageSize);
    const entries = await Promise.all(
      slice.map(async (d) =>
        this.entry(folder ? `${folder}/${d.name}` : d.name, await fsp.stat(path.join(dir, d.name))),
      ),
    );
    return {
      entries,
      continuationToken: skip + slice.length < filtered.length ? String(skip + slice.length) : undefined,
    };
  }

  async stat(rel: string) {
    const st = await fsp.stat(await this.resolve(rel));
    if (st.isDirectory()) throw ApiError.badRequest(`'${rel}' is a folder, not a file.`, "path");
    return this.entry(rel, st);
  }

  async folderExists(rel: string) {
    try {
      return (await fsp.stat(await this.resolve(rel))).isDirectory();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return false;
      throw e;
    }
  }

  async read(rel: string, offset: number, length: number) {
    const fh = await fsp.open(await this.resolve(rel), "r");
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async stream(rel: string) {
    const full = await this.resolve(rel);
    const st = await fsp.stat(full);
    return { body: fs.createReadStream(full), size: st.size, contentType: contentTypeFor(rel) };
  }

  async downloadUrl() {
    return null;
  }
  async uploadUrl() {
    return null;
  }

  async write(rel: string, body: Readable, size: number): Promise<StorageEntry> {
    const full = await this.resolve(rel, false);
    const parent = path.dirname(full);
    await fsp.mkdir(parent, { recursive: true });
    // Written to a hidden temporary name and renamed at the end: a cut-short upload leaves nothing.
    const tmp = path.join(parent, `.upload-${randomUUID()}`);
    try {
      await pipeline(body, fs.createWriteStream(tmp, { flags: "wx" }));
      const st = await fsp.stat(tmp);
      if (st.size !== size)
        throw ApiError.badRequest(
          `The upload of '${rel}' ended after ${st.size} of ${size} bytes; nothing was kept.`,
          "body",
        );
      await fsp.rename(tmp, full);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      if (e instanceof ApiError) throw e;
      throw ApiError.badRequest(`The upload of '${rel}' was interrupted; nothing was kept.`, "body");
    }
    return this.stat(rel);
  }

  async createFolder(rel: string) {
    await fsp.mkdir(await this.resolve(rel, false), { recursive: true });
  }

  async deleteFile(rel: string) {
    const full = await this.resolve(rel);
    if ((await fsp.stat(full)).isDirectory())
      throw ApiError.badRequest(`'${rel}' is a folder; delete it as a folder.`, "path");
    await fsp.rm(full);
  }

  async deleteFolder(rel: string) {
    if (rel === "") throw ApiError.badRequest("The datastore root cannot be deleted.", "path");
    const full = await this.resolve(rel);
    let n = 0;
    const count = async (d: string) => {
      for (const e of await fsp.readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await count(path.join(d, e.name));
        else n++;
      }
    };
    await count(full);
    await fsp.rm(full, { recursive: true });
    return n;
  }
}
