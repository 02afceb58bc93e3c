/**
 * The local workspace service's storage: Azurite for blobs (and Data Lake Gen2, browsed through the blob API,
 * which such accounts also serve) and a folder on disk standing in for Azure Files shares, which Azurite does
 * not emulate. Datastores registered against the emulated account get their container or share provisioned.
 */
import fs from "node:fs";
import path from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY, freePort } from "./azurite";
import { StorageSupervisor, type MetadataStore, type StorageStatus } from "./supervisor";
import type { DatastoreInput } from "../resources/datastores";

export { DEV_ACCOUNT, DEV_ACCOUNT_KEY };
export type { MetadataStore, StorageStatus };

export interface LocalStorageOptions {
  dataDir: string;
  /** Azurite blob port (0 or undefined: a free port). */
  blobPort?: number;
  host?: string;
  /** Where Azurite keeps blob metadata (default: AZURITE_METADATA, else what the data directory already uses, else postgres). */
  metadata?: MetadataStore;
}

export interface LocalStorage {
  /** Where the emulator answers; stable across restarts by the supervisor. */
  azurite: { host: string; port: number; blobUrl: string };
  metadata: MetadataStore;
  /** The supervisor: status, the child processes' ids, PostgreSQL's URL (bulk seeding). */
  supervisor: StorageSupervisor;
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

/**
 * The metadata store of a data directory. PostgreSQL by default (flat cost per request at 100,000+ blobs; see
 * docs/architecture.md); AZURITE_METADATA=loki chooses Azurite's built-in LokiJS file store. A data directory
 * keeps the store it started with (recorded in `azurite/metadata-store`): blobs written under one store are not
 * visible through the other. One made before the PostgreSQL default (a Loki file and no record) stays on Loki.
 */
export function chooseMetadataStore(dataDir: string, explicit?: MetadataStore): MetadataStore {
  const location = path.join(dataDir, "azurite");
  const record = path.join(location, "metadata-store");
  const env = process.env.AZURITE_METADATA;
  if (env !== undefined && env !== "" && env !== "postgres" && env !== "loki")
    throw new Error(`AZURITE_METADATA must be 'postgres' or 'loki', not '${env}'.`);
  let recorded: MetadataStore | undefined;
  let hasRecord = false;
  try {
    const text = fs.readFileSync(record, "utf8").trim();
    if (text === "postgres" || text === "loki") [recorded, hasRecord] = [text, true];
  } catch {
    if (fs.existsSync(path.join(location, "__azurite_db_blob__.json"))) recorded = "loki";
  }
  const chosen = explicit ?? (env as MetadataStore | undefined) ?? recorded ?? "postgres";
  if (recorded && recorded !== chosen)
    console.warn(
      `[local-workspace] ${location} holds blobs in the ${recorded} metadata store; starting on ${chosen}, they are not visible until it runs on ${recorded} again.`,
    );
  fs.mkdirSync(location, { recursive: true });
  if (!hasRecord) fs.writeFileSync(record, (recorded ?? chosen) + "\n");
  return chosen;
}

export async function startLocalStorage(opts: LocalStorageOptions): Promise<LocalStorage> {
  const host = opts.host ?? "127.0.0.1";
  const metadata = chooseMetadataStore(opts.dataDir, opts.metadata);
  // The port is fixed before the first start: the supervisor restarts Azurite on it, so URLs stay valid.
  const port = opts.blobPort && opts.blobPort > 0 ? opts.blobPort : await freePort(host);
  const azurite = { host, port, blobUrl: `http://${host}:${port}/${DEV_ACCOUNT}` };
  const blobService = new BlobServiceClient(
    azurite.blobUrl,
    new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY),
    {
      retryOptions: { maxTries: 2 },
    },
  );
  const supervisor = new StorageSupervisor({
    dataDir: opts.dataDir,
    host,
    blobPort: port,
    metadata,
    // The CORS rule that lets the browser use SAS URLs, set on every (re)start: it costs one call.
    onStarted: async () => {
      await blobService.setProperties({ cors: [CORS_RULE] });
    },
  });
  try {
    await supervisor.start();
  } catch (e) {
    await supervisor.close();
    throw e;
  }
  const fileSharesRoot = path.join(opts.dataDir, "local-workspace", "fileshares");
  const endpoint = `${azurite.host}:${azurite.port}`;
  return {
    azurite,
    metadata,
    supervisor,
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
    close: () => supervisor.close(),
  };
}
