import type { Readable } from "node:stream";

/** One entry of a folder listing. */
export interface StorageEntry {
  name: string;
  /** Path inside the datastore, no leading or trailing slash. */
  path: string;
  kind: "file" | "folder";
  size?: number;
  lastModified?: string;
  contentType?: string;
  etag?: string;
}

export interface ListPage {
  entries: StorageEntry[];
  /** Opaque token for the next page; absent on the last one. */
  continuationToken?: string;
}

/**
 * What the studio needs of a datastore's storage, whatever serves it: Blob (also Data Lake Gen2 through the
 * blob API), Azure Files, or — in the embedded default — a folder on disk standing in for a file share.
 */
export interface StorageBackend {
  kind: "blob" | "file-share" | "local-folder";
  /** One page of a folder's children (folders first within the page as storage returns them). */
  list(folder: string, opts: { pageSize: number; continuationToken?: string; namePrefix?: string }): Promise<ListPage>;
  /** Properties of a file; throws ApiError 404 when missing. */
  stat(path: string): Promise<StorageEntry>;
  /** Whether a folder has anything in it (or exists, for stores with real folders). */
  folderExists(path: string): Promise<boolean>;
  /** `length` bytes from `offset` (fewer at the end of the file). */
  read(path: string, offset: number, length: number): Promise<Buffer>;
  /** The whole file as a stream. */
  stream(path: string): Promise<{ body: Readable; size: number; contentType: string }>;
  /** A read-only URL for one file that expires in `ttlSeconds`, or null when this store cannot mint one. */
  downloadUrl(path: string, ttlSeconds: number, opts: { attachment: boolean }): Promise<string | null>;
  /** A create/write-only URL for one path that expires in `ttlSeconds`, or null when uploads go through the server. */
  uploadUrl(path: string, ttlSeconds: number): Promise<{ url: string; headers: Record<string, string> } | null>;
  /** Writes a whole file from a stream; nothing is left behind if the stream fails or is cut short. */
  write(path: string, body: Readable, size: number, contentType: string): Promise<StorageEntry>;
  createFolder(path: string): Promise<void>;
  deleteFile(path: string): Promise<void>;
  /** Deletes a folder and everything in it; returns how many files went. */
  deleteFolder(path: string): Promise<number>;
}
