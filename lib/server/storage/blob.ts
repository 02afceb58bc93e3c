import "server-only";
import { Readable } from "node:stream";
import {
  BlobSASPermissions,
  BlobServiceClient,
  ContainerClient,
  RestError,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
  type UserDelegationKey,
} from "@azure/storage-blob";
import { ApiError } from "../errors";
import { baseName } from "@/lib/domain/storage-names";
import type { ListPage, StorageBackend, StorageEntry } from "./types";

/** Storage errors as ApiErrors: what is missing is a 404 naming it, refused access a 403. */
export function storageError(e: unknown, what: string): never {
  if (e instanceof ApiError) throw e;
  if (e instanceof RestError || (e && typeof e === "object" && "statusCode" in e)) {
    const status = (e as RestError).statusCode ?? 0;
    const code = (e as RestError).code ?? "";
    if (status === 404) {
      if (code === "ContainerNotFound")
        throw ApiError.notFound(`The storage container behind this datastore does not exist (${what}).`);
      if (code === "ShareNotFound")
        throw ApiError.notFound(`The file share behind this datastore does not exist (${what}).`);
      throw ApiError.notFound(`${what} does not exist.`);
    }
    if (status === 403 || status === 401)
      throw new ApiError(
        403,
        "StorageAccessDenied",
        `Storage refused access to ${what}: the datastore's credentials are not accepted (${code || status}).`,
      );
    if (status === 409) throw ApiError.conflict(`Storage reported a conflict for ${what} (${code}).`);
    if (status === 412) throw new ApiError(412, "PreconditionFailed", `${what} changed while it was being read.`);
    if (status === 416) return undefined as never;
    if (status === 0) storageUnavailable(e, what);
    throw new ApiError(502, "StorageError", `Storage answered ${status} ${code} for ${what}.`);
  }
  storageUnavailable(e, what);
}

/** Errors of the connection itself: nothing answered. */
const NO_ANSWER = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "REQUEST_SEND_ERROR",
]);

/**
 * No HTTP answer at all (refused, reset, timed out): the storage is down or restarting, not wrong about the
 * request. A 503 says "try again": the page keeps its state and the next request finds it back (the embedded
 * emulator's supervisor restarts it within seconds). Anything else without a status is a 502 naming it.
 */
function storageUnavailable(e: unknown, what: string): never {
  const err = e as { code?: string; message?: string; name?: string } | undefined;
  const message = err?.message ?? String(e);
  // The SDK aborts a try that outlives its deadline (retryOptions.tryTimeoutInMs, STORAGE_TIMEOUT_MS).
  if (err?.name === "AbortError" || err?.name === "TimeoutError")
    throw new ApiError(
      504,
      "StorageTimeout",
      `The storage account did not answer in time (STORAGE_TIMEOUT_MS) for ${what}; try again in a few seconds.`,
    );
  if ((err?.code && NO_ANSWER.has(err.code)) || /socket hang up|other side closed/i.test(message)) {
    const cause = err?.code && err.code !== "REQUEST_SEND_ERROR" ? err.code : message;
    throw new ApiError(
      503,
      "StorageUnavailable",
      `The storage account is not answering (${cause}) for ${what}; try again in a few seconds.`,
    );
  }
  throw new ApiError(502, "StorageError", `Storage failed for ${what}: ${message}`);
}

/** Zero-byte blob that marks an empty folder (as Azure ML and Storage Explorer create them). */
const FOLDER_MARKER_META = { hdi_isfolder: "true" };

export type BlobSigner =
  | { kind: "key"; credential: StorageSharedKeyCredential }
  | { kind: "delegation"; service: BlobServiceClient }
  | { kind: "none" };

export class BlobBackend implements StorageBackend {
  kind = "blob" as const;
  private delegationKey: { key: UserDelegationKey; expires: number } | null = null;

  constructor(
    private container: ContainerClient,
    private signer: BlobSigner,
  ) {}

  get containerClient() {
    return this.container;
  }

  async list(
    folder: string,
    opts: { pageSize: number; continuationToken?: string; namePrefix?: string },
  ): Promise<ListPage> {
    const prefix = (folder === "" ? "" : `${folder}/`) + (opts.namePrefix ?? "");
    try {
      const iter = this.container
        .listBlobsByHierarchy("/", { prefix })
        .byPage({ maxPageSize: opts.pageSize, continuationToken: opts.continuationToken || undefined });
      const res = await iter.next();
      if (res.done) return { entries: [] };
      const page = res.value;
      const entries: StorageEntry[] = [];
      for (const p of page.segment.blobPrefixes ?? []) {
        const path = p.name.replace(/\/$/, "");
        entries.push({ name: baseName(path), path, kind: "folder" });
      }
      for (const b of page.segment.blobItems) {
        if (b.name.endsWith("/")) continue; // a folder marker listing itself
        if (b.metadata?.hdi_isfolder === "true") {
          if (!entries.some((e) => e.path === b.name))
            entries.push({ name: baseName(b.name), path: b.name, kind: "folder" });
          continue;
        }
        entries.push({
          name: baseName(b.name),
          path: b.name,
          kind: "file",
          size: b.properties.contentLength ?? 0,
          lastModified: b.properties.lastModified?.toISOString(),
          contentType: b.properties.contentType,
          etag: b.properties.etag,
        });
      }
      return { entries, continuationToken: page.continuationToken || undefined };
    } catch (e) {
      storageError(e, `folder '${folder || "/"}'`);
    }
  }

  async stat(path: string): Promise<StorageEntry> {
    try {
      const p = await this.container.getBlobClient(path).getProperties();
      if (p.metadata?.hdi_isfolder === "true") throw ApiError.badRequest(`'${path}' is a folder, not a file.`, "path");
      return {
        name: baseName(path),
        path,
        kind: "file",
        size: p.contentLength ?? 0,
        lastModified: p.lastModified?.toISOString(),
        contentType: p.contentType,
        etag: p.etag,
      };
    } catch (e) {
      storageError(e, `file '${path}'`);
    }
  }

  async folderExists(path: string) {
    if (path === "") {
      try {
        return await this.container.exists();
      } catch (e) {
        storageError(e, "the container");
      }
    }
    const page = await this.list(path, { pageSize: 1 });
    if (page.entries.length > 0) return true;
    try {
      return (
        (await this.container.getBlobClient(`${path}/`).exists()) ||
        (await this.container
          .getBlobClient(path)
          .getProperties()
          .then(
            (p) => p.metadata?.hdi_isfolder === "true",
            () => false,
          ))
      );
    } catch (e) {
      storageError(e, `folder '${path}'`);
    }
  }

  async read(path: string, offset: number, length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    try {
      // One ranged GET; a range reaching past the end gets the bytes there are (as Azure answers it), where
      // downloadToBuffer would fail waiting for the rest.
      const r = await this.container.getBlobClient(path).download(offset, length);
      const chunks: Buffer[] = [];
      for await (const c of r.readableStreamBody as Readable) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    } catch (e) {
      if ((e as RestError).statusCode === 416) return Buffer.alloc(0);
      storageError(e, `file '${path}'`);
    }
  }

  async stream(path: string) {
    try {
      const r = await this.container.getBlobClient(path).download();
      return {
        body: r.readableStreamBody as Readable,
        size: r.contentLength ?? 0,
        contentType: r.contentType ?? "application/octet-stream",
      };
    } catch (e) {
      storageError(e, `file '${path}'`);
    }
  }

  private async sas(
    path: string,
    permissions: string,
    ttlSeconds: number,
    attachment?: boolean,
  ): Promise<string | null> {
    const startsOn = new Date(Date.now() - 60_000);
    const expiresOn = new Date(Date.now() + ttlSeconds * 1000);
    const values = {
      containerName: this.container.containerName,
      blobName: path,
      permissions: BlobSASPermissions.parse(permissions),
      startsOn,
      expiresOn,
      protocol: this.container.url.startsWith("https:") ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      ...(attachment ? { contentDisposition: `attachment; filename="${baseName(path).replace(/["\\]/g, "_")}"` } : {}),
    };
    const blobUrl = this.container.getBlobClient(path).url;
    if (this.signer.kind === "key")
      return `${blobUrl}?${generateBlobSASQueryParameters(values, this.signer.credential).toString()}`;
    if (this.signer.kind === "delegation") {
      if (!this.delegationKey || this.delegationKey.expires < Date.now() + ttlSeconds * 1000) {
        const expires = Date.now() + 60 * 60_000;
        const key = await this.signer.service.getUserDelegationKey(startsOn, new Date(expires));
        this.delegationKey = { key, expires };
      }
      return `${blobUrl}?${generateBlobSASQueryParameters(values, this.delegationKey.key, this.signer.service.accountName).toString()}`;
    }
    return null;
  }

  downloadUrl(path: string, ttlSeconds: number, opts: { attachment: boolean }) {
    return this.sas(path, "r", ttlSeconds, opts.attachment);
  }

  async uploadUrl(path: string, ttlSeconds: number) {
    // Create and write only: the URL cannot read, list or delete anything, and names one blob.
    const url = await this.sas(path, "cw", ttlSeconds);
    return url ? { url, headers: { "x-ms-blob-type": "BlockBlob" } } : null;
  }

  async write(path: string, body: Readable, size: number, contentType: string): Promise<StorageEntry> {
    try {
      // Staged blocks are only committed at the end: a stream that fails leaves no blob behind.
      await this.container
        .getBlockBlobClient(path)
        .uploadStream(body, 4 * 1024 * 1024, 4, { blobHTTPHeaders: { blobContentType: contentType } });
    } catch (e) {
      storageError(e, `file '${path}'`);
    }
    const stat = await this.stat(path);
    if (stat.size !== size) {
      await this.container.getBlobClient(path).deleteIfExists();
      throw ApiError.badRequest(
        `The upload of '${path}' ended after ${stat.size} of ${size} bytes; nothing was kept.`,
        "body",
      );
    }
    return stat;
  }

  async createFolder(path: string) {
    try {
      await this.container.getBlockBlobClient(`${path}/`).upload("", 0, { metadata: FOLDER_MARKER_META });
    } catch (e) {
      storageError(e, `folder '${path}'`);
    }
  }

  async deleteFile(path: string) {
    try {
      await this.container.getBlobClient(path).delete();
    } catch (e) {
      storageError(e, `file '${path}'`);
    }
  }

  async deleteFolder(path: string): Promise<number> {
    let n = 0;
    try {
      const prefix = `${path}/`;
      const batch: string[] = [];
      for await (const b of this.container.listBlobsFlat({ prefix })) batch.push(b.name);
      let i = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (i < batch.length) {
            const name = batch[i++];
            if (
              await this.container
                .getBlobClient(name)
                .deleteIfExists()
                .then((r) => r.succeeded)
            )
              if (name !== prefix) n++;
          }
        }),
      );
      await this.container.getBlobClient(path).deleteIfExists(); // Gen2-style folder marker without the slash
    } catch (e) {
      storageError(e, `folder '${path}'`);
    }
    return n;
  }
}
