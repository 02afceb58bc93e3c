import "server-only";
/**
 * The studio's storage client. `openDatastore(ctx, name)` reads the datastore through the upstream SDK (as the
 * signed-in user), fetches its credentials with `datastores.listSecrets` (on the server only; secrets never
 * reach the browser) and returns a backend over Microsoft's storage SDKs:
 * - AzureBlob and AzureDataLakeGen2 → @azure/storage-blob (Gen2 accounts serve the blob API too);
 * - AzureFile → @azure/storage-file-share in Azure mode; in the embedded default, a folder on disk under
 *   `$DATA_DIR/local-workspace/fileshares/<account>/<share>` (Azurite has no Files emulation);
 * - AzureDataLakeGen1 → not browsable (retired service, no data-plane SDK): a clear 501.
 */
import path from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential, AnonymousCredential } from "@azure/storage-blob";
import {
  ShareServiceClient,
  StorageSharedKeyCredential as ShareKeyCredential,
  AnonymousCredential as ShareAnonymous,
} from "@azure/storage-file-share";
import type { TokenCredential } from "@azure/core-auth";
import type { Datastore, DatastoreSecretsUnion } from "@azure/arm-machinelearning";
import { config } from "../config";
import { ApiError } from "../errors";
import { upstreamCredential } from "../auth";
import { confidentialClientApplication } from "../auth/msal";
import type { WorkspaceContext } from "../workspace-context";
import { BlobBackend, type BlobSigner } from "./blob";
import { FileShareBackend } from "./file-share";
import { LocalFolderBackend } from "./local-folder";
import type { StorageBackend } from "./types";

export type { StorageBackend, StorageEntry, ListPage } from "./types";
export { BlobBackend } from "./blob";

/** The emulator's well-known account (Microsoft documents this key; it protects nothing). */
const EMULATOR_ACCOUNT = "devstoreaccount1";
const EMULATOR_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const STORAGE_SCOPE = "https://storage.azure.com/.default";

type Props = Record<string, unknown> & {
  datastoreType: string;
  accountName?: string;
  endpoint?: string;
  protocol?: string;
  credentials: { credentialsType: string; clientId?: string; tenantId?: string; authorityUrl?: string };
};

/** `http://127.0.0.1:10000/devstoreaccount1` for an emulator endpoint (host:port), else `https://<account>.<service>.<endpoint>`. */
export function serviceUrl(props: Props, service: "blob" | "file"): string {
  const account = props.accountName ?? "";
  const endpoint = props.endpoint ?? "core.windows.net";
  const scheme = props.protocol === "http" ? "http" : "https";
  if (/^[^.]+(\.[^.]+)*:\d+$/.test(endpoint) || /^(localhost|127\.0\.0\.1)/.test(endpoint))
    return `${scheme}://${endpoint}/${account}`;
  return `${scheme}://${account}.${service}.${endpoint}`;
}

const secretsCache = new Map<string, { at: number; secrets: DatastoreSecretsUnion | null }>();
const SECRETS_TTL_MS = 60_000;

/** listSecrets as the signed-in user (so the upstream decides who may use the store), cached a minute per user. */
async function secretsOf(ctx: WorkspaceContext, name: string, etagish: string): Promise<DatastoreSecretsUnion | null> {
  const key = `${ctx.workspaceId}/${name}/${ctx.principal.id}/${etagish}`;
  const hit = secretsCache.get(key);
  if (hit && Date.now() - hit.at < SECRETS_TTL_MS) return hit.secrets;
  let secrets: DatastoreSecretsUnion | null;
  try {
    secrets = await ctx.client.datastores.listSecrets(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 403)
      throw ApiError.forbidden(
        `Opening '${name}' needs its credentials, which the workspace gives only to the DataScientist or Admin role ` +
          `(listSecrets); you are signed in as ${ctx.principal.role}. Ask an Admin for the DataScientist role, ` +
          `or use a datastore with identity-based access.`,
      );
    throw e;
  }
  if (secretsCache.size > 5000) secretsCache.clear();
  secretsCache.set(key, { at: Date.now(), secrets });
  return secrets;
}

function servicePrincipalCredential(props: Props, clientSecret: string): TokenCredential {
  const authority = `${(props.credentials.authorityUrl ?? "https://login.microsoftonline.com").replace(/\/$/, "")}/${props.credentials.tenantId}`;
  // One client per opened datastore, made on its first token request (MSAL keeps the token cache in it).
  let app: ReturnType<typeof confidentialClientApplication> | null = null;
  return {
    async getToken() {
      app ??= confidentialClientApplication({
        auth: { clientId: props.credentials.clientId!, clientSecret, authority },
      });
      const r = await (await app).acquireTokenByClientCredential({ scopes: [STORAGE_SCOPE] });
      if (!r)
        throw new ApiError(
          403,
          "StorageAccessDenied",
          "The datastore's service principal could not get a storage token.",
        );
      return { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 300_000 };
    },
  };
}

export interface OpenedDatastore {
  name: string;
  datastore: Datastore;
  backend: StorageBackend;
}

/**
 * Reads the datastore (read-through cache) and opens its storage with credentials from listSecrets.
 * `workspaceArtifacts`: the caller reads the workspace's own artifacts (job logs and outputs, model files), which
 * Azure ML serves to every role through its artifact service; in the embedded default the workspace's identity is
 * stood in for by the emulator's development key, so a Reader needs no listSecrets for them.
 */
export async function openDatastore(
  ctx: WorkspaceContext,
  name: string,
  opts: { workspaceArtifacts?: boolean } = {},
): Promise<OpenedDatastore> {
  const { data: datastore } = await ctx.cached(
    "datastores",
    name.toLowerCase(),
    async () =>
      JSON.parse(
        JSON.stringify(await ctx.client.datastores.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)),
      ) as Datastore,
  );
  const props = datastore.properties as unknown as Props;
  const credType = props.credentials.credentialsType;
  const local = config.upstream === "local";
  const etagish = JSON.stringify([props.credentials, datastore.systemData?.lastModifiedAt]);

  if (props.datastoreType === "AzureDataLakeGen1")
    throw new ApiError(
      422,
      "NotBrowsable",
      `'${name}' is an Azure Data Lake Gen1 store; Gen1 is retired and has no storage SDK, so it cannot be browsed here.`,
    );

  if (props.datastoreType === "AzureFile") {
    const share = String(props.fileShareName);
    if (local) {
      // The folder standing in for the share needs no key, but the caller must be one Azure would give it to.
      if (credType === "AccountKey" || credType === "Sas") await secretsOf(ctx, name, etagish);
      return {
        name,
        datastore,
        backend: new LocalFolderBackend(path.join(config.localFileSharesDir, String(props.accountName), share)),
      };
    }
    const url = serviceUrl(props, "file");
    let svc: ShareServiceClient;
    if (credType === "AccountKey") {
      const s = (await secretsOf(ctx, name, etagish)) as { key?: string };
      svc = new ShareServiceClient(url, new ShareKeyCredential(String(props.accountName), s.key ?? ""), shareOptions());
    } else if (credType === "Sas") {
      const s = (await secretsOf(ctx, name, etagish)) as { sasToken?: string };
      svc = new ShareServiceClient(
        `${url}?${(s.sasToken ?? "").replace(/^\?/, "")}`,
        new ShareAnonymous(),
        shareOptions(),
      );
    } else {
      throw new ApiError(
        422,
        "UnsupportedCredentials",
        `'${name}' uses ${credType} credentials; Azure Files shares are browsed here with an account key or SAS token.`,
      );
    }
    return { name, datastore, backend: new FileShareBackend(svc.getShareClient(share)) };
  }

  // AzureBlob, or AzureDataLakeGen2 through the blob endpoint.
  const container = String(props.datastoreType === "AzureDataLakeGen2" ? props.filesystem : props.containerName);
  const url = serviceUrl(props, "blob");
  const emulated = local && props.accountName === EMULATOR_ACCOUNT;
  let svc: BlobServiceClient;
  let signer: BlobSigner;
  // One retry. The embedded emulator is on this machine: a refused connection means it is restarting (its
  // supervisor brings it back within seconds), so the retry comes at once and the page gets a prompt 503.
  // Every try has a deadline, so a storage account that hangs (not refuses) ends in a 504, not a wait.
  const tryTimeoutInMs = config.deadlines.storageMs;
  const retryOptions = emulated
    ? { maxTries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 200, tryTimeoutInMs }
    : { maxTries: 2, tryTimeoutInMs };
  if (emulated && opts.workspaceArtifacts) {
    const cred = new StorageSharedKeyCredential(EMULATOR_ACCOUNT, EMULATOR_KEY);
    svc = new BlobServiceClient(url, cred, { retryOptions });
    signer = { kind: "key", credential: cred };
  } else if (credType === "AccountKey") {
    const s = (await secretsOf(ctx, name, etagish)) as { key?: string };
    const cred = new StorageSharedKeyCredential(String(props.accountName), s.key ?? "");
    svc = new BlobServiceClient(url, cred, { retryOptions });
    signer = { kind: "key", credential: cred };
  } else if (credType === "Sas") {
    const s = (await secretsOf(ctx, name, etagish)) as { sasToken?: string };
    svc = new BlobServiceClient(`${url}?${(s.sasToken ?? "").replace(/^\?/, "")}`, new AnonymousCredential(), {
      retryOptions,
    });
    // The datastore's own SAS is broader than one path: never hand it to a browser; transfers go through the server.
    signer = { kind: "none" };
  } else if (credType === "ServicePrincipal") {
    const s = (await secretsOf(ctx, name, etagish)) as { clientSecret?: string };
    svc = new BlobServiceClient(url, servicePrincipalCredential(props, s.clientSecret ?? ""), { retryOptions });
    signer = { kind: "delegation", service: svc };
  } else if (credType === "None") {
    if (emulated) {
      // Identity-based access in the embedded default: the emulator has no identities; the workspace's
      // identity is stood in for by the emulator's public development key.
      const cred = new StorageSharedKeyCredential(EMULATOR_ACCOUNT, EMULATOR_KEY);
      svc = new BlobServiceClient(url, cred, { retryOptions });
      signer = { kind: "key", credential: cred };
    } else {
      // Identity-based: the signed-in user's own identity, on behalf of them.
      const user = upstreamCredential(ctx.principal);
      const cred: TokenCredential = { getToken: () => user.getToken(STORAGE_SCOPE) };
      svc = new BlobServiceClient(url, cred, { retryOptions });
      signer = { kind: "delegation", service: svc };
    }
  } else {
    throw new ApiError(
      422,
      "UnsupportedCredentials",
      `'${name}' uses ${credType} credentials, which the studio cannot use to browse storage.`,
    );
  }
  return { name, datastore, backend: new BlobBackend(svc.getContainerClient(container), signer) };
}

/** File shares get the same per-try deadline as blobs. */
function shareOptions() {
  return { retryOptions: { maxTries: 2, tryTimeoutInMs: config.deadlines.storageMs } };
}

/** The default datastore's blob container, e.g. for storing model artifacts. */
export async function workspaceBlobContainer(
  ctx: WorkspaceContext,
  name = "workspaceblobstore",
  opts: { workspaceArtifacts?: boolean } = {},
) {
  const opened = await openDatastore(ctx, name, opts);
  if (!(opened.backend instanceof BlobBackend))
    throw ApiError.badRequest(`'${name}' is not a blob datastore.`, "datastore");
  return opened.backend.containerClient;
}
