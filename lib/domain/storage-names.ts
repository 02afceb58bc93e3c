/**
 * Azure Storage and Azure ML naming rules and datastore path handling, shared by the local workspace
 * service, the studio's server and the browser. Pure: no I/O.
 */

/** Azure ML datastore names: letters, digits and underscores, 1-255 characters. */
export const DATASTORE_NAME_RE = /^[a-zA-Z0-9_]{1,255}$/;
/** Blob containers, file shares and Data Lake filesystems: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit. */
export const CONTAINER_NAME_RE = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
/** Storage account names: 3-24 lower-case letters and digits. */
export const ACCOUNT_NAME_RE = /^[a-z0-9]{3,24}$/;
/**
 * Names of new assets (models, environments, data, components, codes): 1-255 letters, digits, '-' and '_', starting
 * with a letter or digit, as the 2022-10-01 spec's asset PUT and the local service's create rule
 * (local-workspace/resources/assets.ts) have them. No '.': Azure refuses dotted names on create.
 */
export const ASSET_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
/** Names of existing assets: the create rule plus '.', which Azure's curated names use (`AzureML-sklearn-1.0-…`). */
export const EXISTING_ASSET_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
/** Asset versions: 1-255 letters, digits, '-', '_' and '.', starting with a letter or digit. */
export const ASSET_VERSION_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;

/** What is wrong with a name for a new asset (null when it is fine): the words every form and route use. */
export function newAssetNameProblem(name: string): string | null {
  if (ASSET_NAME_RE.test(name)) return null;
  return name.includes(".") && EXISTING_ASSET_NAME_RE.test(name)
    ? "A new asset's name cannot contain '.'; use letters, digits, '-' and '_'."
    : "Use 1-255 letters, digits, '-' and '_', starting with a letter or digit.";
}

/** What is wrong with a version label (null when it is fine). */
export function assetVersionProblem(version: string): string | null {
  return ASSET_VERSION_RE.test(version)
    ? null
    : "Use 1-255 letters, digits, '.', '-' and '_', starting with a letter or digit.";
}

export const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;

/**
 * Normalises a path inside a datastore ("" is the root; folders have no trailing slash) or explains what is
 * wrong with it. Refuses `..` and `.` segments, absolute paths, backslashes, encoded slashes or dots that
 * would be decoded later, control characters and over-long names, instead of resolving them.
 */
export function normalizeDatastorePath(raw: string): { path: string } | { problem: string } {
  if (raw.length > MAX_PATH_LENGTH) return { problem: `The path is longer than ${MAX_PATH_LENGTH} characters.` };
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c === "\u007f"))
    return { problem: "The path contains control characters." };
  if (raw.includes("\\")) return { problem: "The path contains a backslash; separate folders with '/'." };
  if (/%2f|%5c|%2e/i.test(raw))
    return { problem: "The path contains an encoded slash or dot (%2F, %5C, %2E); send the path decoded." };
  if (raw.startsWith("/"))
    return { problem: "The path is absolute; paths are relative to the datastore root (no leading '/')." };
  if (/^[a-zA-Z]:/.test(raw))
    return { problem: "The path looks like a drive path; paths are relative to the datastore root." };
  const trimmed = raw.replace(/\/+$/, "");
  if (trimmed === "") return { path: "" };
  const segments = trimmed.split("/");
  for (const s of segments) {
    if (s === "") return { problem: "The path contains an empty segment ('//')." };
    if (s === "." || s === "..")
      return { problem: `The path contains a '${s}' segment; paths cannot step outside or around folders.` };
    if (s.length > MAX_SEGMENT_LENGTH)
      return { problem: `A path segment is longer than ${MAX_SEGMENT_LENGTH} characters.` };
    if (s.endsWith(".") || s.endsWith(" "))
      return { problem: `The name '${s}' ends with a period or space, which storage does not allow.` };
  }
  return { path: segments.join("/") };
}

/** `azureml://datastores/<name>/paths/<path>` — the URI Azure ML jobs and data assets use. */
export function azuremlUri(datastore: string, path: string, folder = false): string {
  const p = path === "" ? "" : path.split("/").map(encodeURIComponent).join("/");
  return `azureml://datastores/${datastore}/paths/${p}${folder && p !== "" ? "/" : ""}`;
}

/** Parses an `azureml://datastores/<name>/paths/<path>` URI (null when it is not one). */
export function parseAzuremlUri(uri: string): { datastore: string; path: string } | null {
  const m =
    /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+\/workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/?(.*)$/i.exec(
      uri,
    );
  if (!m) return null;
  let path: string;
  try {
    path = m[2].split("/").map(decodeURIComponent).join("/");
  } catch {
    return null;
  }
  return { datastore: m[1], path: path.replace(/\/+$/, "") };
}

export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function joinPath(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}
