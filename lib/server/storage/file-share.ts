import "server-only";
import type { Readable } from "node:stream";
import { ShareClient, ShareFileClient } from "@azure/storage-file-share";
import { ApiError } from "../errors";
import { baseName, parentPath } from "@/lib/domain/storage-names";
import { storageError } from "./blob";
import type { ListPage, StorageBackend, StorageEntry } from "./types";

/** An Azure Files share (Azure mode) through @azure/storage-file-share. Uploads and downloads go through the server. */
export class FileShareBackend implements StorageBackend {
  kind = "file-share" as const;
  constructor(private share: ShareClient) {}

  private dir(p: string) {
    return p === "" ? this.share.rootDirectoryClient : this.share.getDirectoryClient(p);
  }
  private file(p: string): ShareFileClient {
    return this.dir(parentPath(p)).getFileClient(baseName(p));
  }

  async list(
    folder: string,
    opts: { pageSize: number; continuationToken?: string; namePrefix?: string },
  ): Promise<ListPage> {
    try {
      const iter = this.dir(folder)
        .listFilesAndDirectories({ prefix: opts.namePrefix || undefined, includeTimestamps: true, includeEtag: true })
        .byPage({ maxPageSize: opts.pageSize, continuationToken: opts.continuationToken || undefined });
      const res = await iter.next();
      if (res.done) return { entries: [] };
      const page = res.value;
      const at = (n: string) => (folder ? `${folder}/${n}` : n);
      const entries: StorageEntry[] = [
        ...page.segment.directoryItems.map((d) => ({
          name: d.name,
          path: at(d.name),
          kind: "folder" as const,
          lastModified: d.properties?.lastModified?.toISOString(),
        })),
        ...page.segment.fileItems.map((f) => ({
          name: f.name,
          path: at(f.name),
          kind: "file" as const,
          size: f.properties.contentLength,
          lastModified: f.properties.lastModified?.toISOString(),
          etag: f.properties.etag,
        })),
      ];
      return { entries, continuationToken: page.continuationToken || undefined };
    } catch (e) {
      storageError(e, `folder '${folder || "/"}'`);
    }
  }

  async stat(p: string) {
    try {
      const r = await this.file(p).getProperties();
      return {
        name: baseName(p),
        path: p,
        kind: "file" as const,
        size: r.contentLength ?? 0,
        lastModified: r.lastModified?.toISOString(),
        contentType: r.contentType,
        etag: r.etag,
      };
    } catch (e) {
      storageError(e, `file '${p}'`);
    }
  }

  async folderExists(p: string) {
    try {
      return await this.dir(p).exists();
    } catch (e) {
      storageError(e, `folder '${p}'`);
    }
  }

  async read(p: string, offset: number, length: number) {
    try {
      return await this.file(p).downloadToBuffer(offset, length);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 416) return Buffer.alloc(0);
      storageError(e, `file '${p}'`);
    }
  }

  async stream(p: string) {
    try {
      const r = await this.file(p).download();
      return {
        body: r.readableStreamBody as Readable,
        size: r.contentLength ?? 0,
        contentType: r.contentType ?? "application/octet-stream",
      };
    } catch (e) {
      storageError(e, `file '${p}'`);
    }
  }

  async downloadUrl() {
    return null;
  }
  async uploadUrl() {
    return null;
  }

  async write(p: string, body: Readable, size: number, contentType: string) {
    const tmpName = `.upload-${Date.now().toString(36)}-${baseName(p)}`;
    const dir = this.dir(parentPath(p));
    const tmp = dir.getFileClient(tmpName);
    try {
      await this.ensureDirs(parentPath(p));
      await tmp.uploadStream(body, size, 4 * 1024 * 1024, 4, { fileHttpHeaders: { fileContentType: contentType } });
      await tmp.rename(p, { replaceIfExists: true });
    } catch (e) {
      await tmp.deleteIfExists().catch(() => undefined);
      storageError(e, `file '${p}'`);
    }
    return this.stat(p);
  }

  private async ensureDirs(p: string) {
    if (p === "") return;
    let cur = "";
    for (const seg of p.split("/")) {
      cur = cur ? `${cur}/${seg}` : seg;
      await this.share.getDirectoryClient(cur).createIfNotExists();
    }
  }

  async createFolder(p: string) {
    try {
      await this.ensureDirs(p);
    } catch (e) {
      storageError(e, `folder '${p}'`);
    }
  }

  async deleteFile(p: string) {
    try {
      await this.file(p).delete();
    } catch (e) {
      storageError(e, `file '${p}'`);
    }
  }

  async deleteFolder(p: string): Promise<number> {
    if (p === "") throw ApiError.badRequest("The datastore root cannot be deleted.", "path");
    let n = 0;
    const walk = async (d: string) => {
      for await (const item of this.dir(d).listFilesAndDirectories()) {
        const child = `${d}/${item.name}`;
        if (item.kind === "directory") await walk(child);
        else {
          await this.file(child).delete();
          n++;
        }
      }
      await this.dir(d).delete();
    };
    try {
      await walk(p);
    } catch (e) {
      storageError(e, `folder '${p}'`);
    }
    return n;
  }
}
