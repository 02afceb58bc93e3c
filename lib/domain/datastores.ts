import type { AssetSummary } from "./versions";

/** Views of datastores, files, previews and data assets as the browser receives them (never secrets). */
export type DatastoreType = "AzureBlob" | "AzureFile" | "AzureDataLakeGen1" | "AzureDataLakeGen2";
export type CredentialsType = "AccountKey" | "Sas" | "ServicePrincipal" | "Certificate" | "None";

export interface DatastoreView {
  name: string;
  type: DatastoreType;
  isDefault: boolean;
  description: string | null;
  tags: Record<string, string>;
  accountName: string | null;
  /** Container, file share, filesystem or store name. */
  container: string | null;
  endpoint: string | null;
  protocol: string | null;
  credentialsType: CredentialsType;
  /** Non-secret service principal fields. */
  clientId?: string;
  tenantId?: string;
  authorityUrl?: string;
  resourceUrl?: string;
  browsable: boolean;
  createdBy?: string;
  createdAt?: string;
  modifiedAt?: string;
}

export interface FileEntry {
  name: string;
  path: string;
  kind: "file" | "folder";
  size?: number;
  lastModified?: string;
  contentType?: string;
  etag?: string;
}

export interface FolderPage {
  entries: FileEntry[];
  continuationToken?: string;
}

export type Preview =
  | {
      kind: "table";
      format: "csv" | "tsv";
      columns: string[];
      rows: string[][];
      headerDetected: boolean;
      truncated: boolean;
      bytesRead: number;
      size: number;
      problems: string[];
    }
  | {
      kind: "parquet";
      schema: { name: string; type: string }[];
      rows: Record<string, unknown>[];
      numRows: number;
      rowGroups: number;
      bytesRead: number;
      size: number;
    }
  | { kind: "json"; value: unknown; truncated: false; bytesRead: number; size: number }
  | { kind: "jsonl"; records: unknown[]; badLines: number[]; truncated: boolean; bytesRead: number; size: number }
  | { kind: "text"; text: string; tail: boolean; truncated: boolean; bytesRead: number; size: number }
  | { kind: "image"; url: string; contentType: string; size: number }
  | { kind: "none"; reason: string; size: number };

export type DataType = "uri_file" | "uri_folder" | "mltable";

/** One row of the data assets list: the container, its type and the latest version's URI. */
export type DataAssetView = AssetSummary & {
  dataType: DataType;
  /** dataUri of the latest version (filled by the list route). */
  latestUri?: string | null;
};

/** Largest single upload the studio accepts. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** How long a handed-out storage URL lives. */
export const URL_TTL_SECONDS = 5 * 60;
