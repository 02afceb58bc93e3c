/**
 * The local workspace service's storage: Azurite for blobs (and Data Lake Gen2, browsed through the blob API,
 * which such accounts also serve) and a folder on disk standing in for Azure Files shares, which Azurite does
 * not emulate. Datastores registered against the emulated account get their container or share provisioned.
 */
import fs from "node:fs";
import path from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY, startAzurite, type Azurite } from "./azurite";
import type { DatastoreInput } from "../resources/datastores";

export { DEV_ACCOUNT, DEV_ACCOUNT_KEY };

export interface LocalStorageOptions {
  dataDir: string;
  /** Azurite blob port (0 or undefined: a free port). */
  blobPort?: number;
  host?: string;
}

export interface LocalStorage {
  azurite: Azurite;
  blobService: BlobServiceClient;
  /** `127.0.0.1:<port>` — what emulated datastores carry as their `endpoint` (protocol http). */
  endpoint: string;
  /** Root folder of the emulated Azure Files shares. */
  fileSharesRoot: string;
  fileShareFolder(account: string, share: string): string;
  provision(props: DatastoreInput): Promise<void>;
  close(): Promise<void>;
}

/** Origins allowed to upload/download straight to the emulator with SAS URLs. Any origin: SAS is the gate. */
const CORS_RULE = {
  allowedOrigins: "*",
  allowedMethods: "GET,HEAD,PUT,OPTIONS,DELETE",
  allowedHeaders: "*",
  exposedHeaders: "*",
  maxAgeInSeconds: 3600,
};

/** Folder of the emulated share `<account>/<share>` under `$DATA_DIR/local-workspace/fileshares` (the studio derives the same path). */
export function fileShareFolder(dataDir: string, account: string, share: string) {
  return path.join(dataDir, "local-workspace", "fileshares", account, share);
}

export async function startLocalStorage(opts: LocalStorageOptions): Promise<LocalStorage> {
  const azurite = await startAzurite({
    port: opts.blobPort,
    host: opts.host,
    location: path.join(opts.dataDir, "azurite"),
  });
  const blobService = new BlobServiceClient(
    azurite.blobUrl,
    new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY),
    {
      retryOptions: { maxTries: 2 },
    },
  );
  await blobService.setProperties({ cors: [CORS_RULE] });
  const fileSharesRoot = path.join(opts.dataDir, "local-workspace", "fileshares");
  const endpoint = `${azurite.host}:${azurite.port}`;
  return {
    azurite,
    blobService,
    endpoint,
    fileSharesRoot,
    fileShareFolder: (account, share) => fileShareFolder(opts.dataDir, account, share),
    async provision(props) {
      if (props.datastoreType === "AzureBlob" && props.accountName === DEV_ACCOUNT)
        await blobService.getContainerClient(props.containerName).createIfNotExists();
      if (props.datastoreType === "AzureDataLakeGen2" && props.accountName === DEV_ACCOUNT)
        await blobService.getContainerClient(props.filesystem).createIfNotExists();
      if (props.datastoreType === "AzureFile")
        fs.mkdirSync(fileShareFolder(opts.dataDir, props.accountName, props.fileShareName), { recursive: true });
    },
    close: () => azurite.stop(),
  };
}
