/**
 * Demo datastores and data assets (synchronously, with the rest of the seed) and their storage content
 * (in the background after the service starts, idempotently behind marker blobs): nested folders of CSV, TSV,
 * Parquet, JSON, JSONL, logs and images, an MLTable folder, and a folder of many small blobs to show scale.
 */
import fs from "node:fs";
import path from "node:path";
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  type ContainerClient,
} from "@azure/storage-blob";
import { workspaceId } from "../arm";
import type { Ctx } from "../context";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE, SEED_WORKSPACE_2 } from "../seed";
import { DEFAULT_DATASTORE, datastoreIdOf, putDatastore, type DatastoreInput } from "../resources/datastores";
import { putDataVersion } from "../resources/data-assets";
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY, fileShareFolder, type LocalStorage } from "./index";
import { bulkCopySmallBlobs, smallBlobName } from "./bulk-blobs";
import { dataLakeFiles, fileShareFiles, sharedDatasetFiles, workspaceBlobFiles } from "./demo-files";

const SEED_USER = "admin@ml-studio.local";
const MARKERS = "ml-studio-seed-markers";
export const SMALL_BLOBS_PREFIX = "scale/small-blobs/";
export const DATALAKE_FILESYSTEM = "datalake";
export const SHARED_DATASETS_CONTAINER = "shared-datasets";

const LOCAL_ENDPOINT_RE = /^(127\.0\.0\.1|localhost):\d+$/;

function sys(at: number) {
  const t = new Date(at).toISOString();
  return {
    createdBy: SEED_USER,
    createdByType: "User",
    createdAt: t,
    lastModifiedBy: SEED_USER,
    lastModifiedByType: "User",
    lastModifiedAt: t,
  };
}

/** Blob container and file share names of a workspace's default stores, as Azure ML names them. */
export function defaultStoreNames(ctx: Ctx, wsId: string) {
  const guid = String(
    ctx.store.get(wsId)?.body.properties.workspaceId ?? "00000000-0000-0000-0000-000000000000",
  ).toLowerCase();
  return { container: `azureml-blobstore-${guid}`, share: `code-${guid}` };
}

function accountSas(): string {
  return generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.UTC(2099, 0, 1)),
      permissions: AccountSASPermissions.parse("rwdlac"),
      resourceTypes: AccountSASResourceTypes.parse("sco").toString(),
      services: AccountSASServices.parse("b").toString(),
    },
    new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY),
  ).toString();
}

/** The default datastores every workspace gets: workspaceblobstore (the default) and workspacefilestore. */
function defaultDatastoreInputs(ctx: Ctx, wsId: string, endpoint: string): [string, DatastoreInput, boolean][] {
  const { container, share } = defaultStoreNames(ctx, wsId);
  const key = {
    credentialsType: "AccountKey" as const,
    secrets: { secretsType: "AccountKey" as const, key: DEV_ACCOUNT_KEY },
  };
  return [
    [
      DEFAULT_DATASTORE,
      {
        datastoreType: "AzureBlob",
        accountName: DEV_ACCOUNT,
        containerName: container,
        endpoint,
        protocol: "http",
        credentials: key,
        description: "Default blob datastore of the workspace.",
      },
      true,
    ],
    [
      "workspacefilestore",
      {
        datastoreType: "AzureFile",
        accountName: DEV_ACCOUNT,
        fileShareName: share,
        endpoint,
        protocol: "http",
        credentials: key,
        description: "Workspace file share (notebooks and user files).",
      },
      false,
    ],
  ];
}

function storageEndpoint(storage: LocalStorage | null) {
  return storage?.endpoint ?? `127.0.0.1:${process.env.AZURITE_BLOB_PORT ?? "10000"}`;
}

/**
 * What a new workspace gets, as Azure ML gives it: its own workspaceblobstore container and workspacefilestore
 * share on the (emulated) storage account, registered as its default datastores. Called when a workspace is
 * created (resources/workspaces.ts); the container is created before the datastores are registered.
 */
export async function provisionWorkspaceStores(
  ctx: Ctx,
  storage: LocalStorage | null,
  dataDir: string,
  wsId: string,
  sys: unknown,
) {
  const at = ctx.now();
  for (const [name, input, isDefault] of defaultDatastoreInputs(ctx, wsId, storageEndpoint(storage))) {
    if (storage) await storage.provision(input);
    else if (input.datastoreType === "AzureFile")
      fs.mkdirSync(fileShareFolder(dataDir, input.accountName, input.fileShareName), { recursive: true });
    if (!ctx.store.get(datastoreIdOf(wsId, name))) putDatastore(ctx, wsId, name, input, sys, at, isDefault);
  }
}

/**
 * Registers the demo datastores when missing, and points every datastore on the emulated account at the
 * current Azurite endpoint (its port may differ between runs).
 */
export function seedDatastores(ctx: Ctx, storage: LocalStorage | null, dataDir: string) {
  const at = ctx.now();
  const endpoint = storageEndpoint(storage);
  for (const ws of [SEED_WORKSPACE, SEED_WORKSPACE_2]) {
    const wsId = workspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, ws);
    if (!ctx.store.get(wsId)) continue;
    const stores = defaultDatastoreInputs(ctx, wsId, endpoint);
    if (ws === SEED_WORKSPACE) {
      stores.push(
        [
          "sensor_datalake",
          {
            datastoreType: "AzureDataLakeGen2",
            accountName: DEV_ACCOUNT,
            filesystem: DATALAKE_FILESYSTEM,
            endpoint,
            protocol: "http",
            credentials: { credentialsType: "None" },
            serviceDataAccessAuthIdentity: "WorkspaceSystemAssignedIdentity",
            description: "Sensor readings in a Data Lake Gen2 filesystem, identity-based access.",
            tags: { team: "iot" },
          },
          false,
        ],
        [
          "shared_datasets",
          {
            datastoreType: "AzureBlob",
            accountName: DEV_ACCOUNT,
            containerName: SHARED_DATASETS_CONTAINER,
            endpoint,
            protocol: "http",
            credentials: { credentialsType: "Sas", secrets: { secretsType: "Sas", sasToken: accountSas() } },
            description: "Shared read-mostly datasets, reached with a SAS token.",
          },
          false,
        ],
        [
          "legacy_adls_gen1",
          {
            datastoreType: "AzureDataLakeGen1",
            storeName: "legacyadls",
            credentials: {
              credentialsType: "ServicePrincipal",
              clientId: "11111111-2222-3333-4444-555555555555",
              tenantId: "00000000-0000-0000-0000-0000000000aa",
              authorityUrl: "https://login.microsoftonline.com",
              resourceUrl: "https://datalake.azure.net/",
              secrets: { secretsType: "ServicePrincipal", clientSecret: "demo-client-secret-not-real" },
            },
            description: "A retired Data Lake Gen1 store, kept registered for old jobs.",
          },
          false,
        ],
      );
    }
    for (const [name, input, isDefault] of stores) {
      const id = datastoreIdOf(wsId, name);
      const existing = ctx.store.get(id);
      if (!existing) {
        putDatastore(ctx, wsId, name, input, sys(at), at, isDefault);
        if (input.datastoreType === "AzureFile")
          fs.mkdirSync(fileShareFolder(dataDir, input.accountName, input.fileShareName), { recursive: true });
      }
    }
    if (ws === SEED_WORKSPACE && !ctx.store.get(`${wsId}/data/titanic`)) {
      const assets: [string, string, "uri_file" | "uri_folder" | "mltable", string, string, Record<string, string>][] =
        [
          [
            "titanic",
            "1",
            "uri_file",
            "samples/titanic/titanic.csv",
            "Titanic passengers (CSV).",
            { source: "azureml-examples" },
          ],
          ["iris", "1", "uri_file", "samples/iris/iris.csv", "Iris flowers.", { source: "azureml-examples" }],
          [
            "monthly-sales",
            "1",
            "uri_folder",
            "datasets/sales/2024/01/",
            "Sales for January 2024.",
            { quarter: "2024Q1" },
          ],
          [
            "monthly-sales",
            "2",
            "uri_folder",
            "datasets/sales/2024/02/",
            "Sales for February 2024.",
            { quarter: "2024Q1" },
          ],
          [
            "monthly-sales",
            "3",
            "uri_folder",
            "datasets/sales/2024/03/",
            "Sales for March 2024.",
            { quarter: "2024Q1" },
          ],
          ["titanic-table", "1", "mltable", "samples/titanic-mltable/", "Titanic as an MLTable.", {}],
        ];
      assets.forEach(([name, version, dataType, p, description, tags], i) => {
        const t = at - (assets.length - i) * 86_400_000;
        putDataVersion(
          ctx,
          wsId,
          name,
          version,
          { dataType, dataUri: `azureml://datastores/${DEFAULT_DATASTORE}/paths/${p}`, description, tags },
          sys(t),
          t,
        );
      });
    }
    // Rebind emulated datastores to this run's Azurite endpoint.
    for (const ds of ctx.store.list("datastores", wsId)) {
      const p = ds.body.properties;
      if (
        p.accountName === DEV_ACCOUNT &&
        typeof p.endpoint === "string" &&
        LOCAL_ENDPOINT_RE.test(p.endpoint) &&
        p.endpoint !== endpoint
      ) {
        ctx.store.put({ ...ds, body: { ...ds.body, properties: { ...p, endpoint } } }, at);
      }
    }
  }
}

async function uploadAll(container: ContainerClient, files: Record<string, Buffer | string>, concurrency = 8) {
  const entries = Object.entries(files);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < entries.length) {
        const [name, content] = entries[next++];
        const body = typeof content === "string" ? Buffer.from(content) : content;
        await container
          .getBlockBlobClient(name)
          .uploadData(body, { blobHTTPHeaders: { blobContentType: contentTypeOf(name) } });
      }
    }),
  );
}

export function contentTypeOf(name: string): string {
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const types: Record<string, string> = {
    csv: "text/csv",
    tsv: "text/tab-separated-values",
    json: "application/json",
    jsonl: "application/jsonl",
    parquet: "application/vnd.apache.parquet",
    txt: "text/plain",
    log: "text/plain",
    md: "text/markdown",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    webp: "image/webp",
    py: "text/x-python",
    ipynb: "application/x-ipynb+json",
    yml: "application/yaml",
    yaml: "application/yaml",
  };
  return types[ext] ?? (name.endsWith("MLTable") ? "application/yaml" : "application/octet-stream");
}

async function once(markers: ContainerClient, marker: string, work: () => Promise<void>) {
  const blob = markers.getBlockBlobClient(marker);
  if (await blob.exists()) return;
  await work();
  await blob.uploadData(Buffer.from(new Date().toISOString()));
}

/** Uploads `count` small text blobs under `prefix` through the Blob API, `concurrency` at a time. */
export async function uploadSmallBlobs(
  container: ContainerClient,
  prefix: string,
  count: number,
  opts: { concurrency?: number; signal?: AbortSignal } = {},
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency ?? 32 }, async () => {
      while (next < count) {
        if (opts.signal?.aborted) return;
        const i = next++;
        await container.getBlockBlobClient(smallBlobName(prefix, i)).uploadData(Buffer.from(`blob ${i}\n`), {
          blobHTTPHeaders: { blobContentType: "text/plain" },
          abortSignal: opts.signal,
        });
      }
    }),
  );
}

/**
 * On the Loki metadata store there is no bulk path and every upload costs CPU that grows with the store, so the
 * demo folder is capped there (`npm run bench` builds its own 100,000-blob folder).
 */
export const LOKI_SMALL_BLOBS_CAP = 2000;

/**
 * A folder of `count` small blobs: on PostgreSQL by the bulk path (one upload, then the metadata row copied in
 * one transaction: ~2 s and well under a second of CPU for 100,000), on Loki by uploads (at most LOKI_SMALL_BLOBS_CAP).
 */
export async function seedSmallBlobs(
  storage: LocalStorage,
  container: ContainerClient,
  prefix: string,
  count: number,
  opts: { signal?: AbortSignal } = {},
): Promise<number> {
  const url = storage.supervisor.postgresUrl;
  if (url) {
    await bulkCopySmallBlobs(url, container, prefix, count, { account: DEV_ACCOUNT });
    return count;
  }
  const capped = Math.min(count, LOKI_SMALL_BLOBS_CAP);
  if (capped < count)
    console.log(
      `[local-workspace] seeding ${capped.toLocaleString()} of ${count.toLocaleString()} small blobs: Azurite runs on its Loki metadata store (AZURITE_METADATA=loki), which has no bulk path`,
    );
  await uploadSmallBlobs(container, prefix, capped, { signal: opts.signal });
  return capped;
}

export async function seedStorageContent(
  storage: LocalStorage,
  opts: { ctx: Ctx; dataDir: string; smallBlobCount: number; signal?: AbortSignal },
) {
  const { ctx, dataDir } = opts;
  const markers = storage.blobService.getContainerClient(MARKERS);
  await markers.createIfNotExists();
  for (const ws of [SEED_WORKSPACE, SEED_WORKSPACE_2]) {
    const wsId = workspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, ws);
    if (!ctx.store.get(wsId)) continue;
    const { container, share } = defaultStoreNames(ctx, wsId);
    const blobs = storage.blobService.getContainerClient(container);
    await blobs.createIfNotExists();
    fs.mkdirSync(fileShareFolder(dataDir, DEV_ACCOUNT, share), { recursive: true });
    if (ws !== SEED_WORKSPACE) continue;
    await once(markers, `${ws}/demo-files-v2`, () => uploadAll(blobs, workspaceBlobFiles()));
    const lake = storage.blobService.getContainerClient(DATALAKE_FILESYSTEM);
    await lake.createIfNotExists();
    await once(markers, `${ws}/datalake-v1`, () => uploadAll(lake, dataLakeFiles()));
    const shared = storage.blobService.getContainerClient(SHARED_DATASETS_CONTAINER);
    await shared.createIfNotExists();
    await once(markers, `${ws}/shared-datasets-v1`, () => uploadAll(shared, sharedDatasetFiles()));
    await once(markers, `${ws}/fileshare-v1`, async () => {
      const root = fileShareFolder(dataDir, DEV_ACCOUNT, share);
      for (const [rel, content] of Object.entries(fileShareFiles())) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), content);
      }
    });
    if (opts.smallBlobCount > 0) {
      await once(markers, `${ws}/small-blobs-${opts.smallBlobCount}`, async () => {
        await seedSmallBlobs(storage, blobs, SMALL_BLOBS_PREFIX, opts.smallBlobCount, { signal: opts.signal });
        if (opts.signal?.aborted) throw new Error("seeding aborted");
      });
    }
  }
}
