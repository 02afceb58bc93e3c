/**
 * ARM conventions shared by every resource kind: ids, naming rules, error bodies, paging.
 */
import type { ArchiveView } from "./store";

export const PROVIDER = "Microsoft.MachineLearningServices";

/** An error that the server's error handler turns into `{ error: { code, message } }`. */
export class ArmError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public target?: string,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, target?: string) => new ArmError(400, code, message, target);
export const notFound = (what: string, name: string) =>
  new ArmError(404, "ResourceNotFound", `The ${what} '${name}' could not be found.`);
export const conflict = (code: string, message: string) => new ArmError(409, code, message);

export function errorBody(code: string, message: string, target?: string) {
  return { error: target ? { code, message, target } : { code, message } };
}

// ---- ids -------------------------------------------------------------------

export function subscriptionId(sub: string) {
  return `/subscriptions/${sub}`;
}
export function workspaceId(sub: string, rg: string, ws: string) {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER}/workspaces/${ws}`;
}
export function childId(parent: string, kind: string, name: string) {
  return `${parent}/${kind}/${name}`;
}
/** Store key: ARM ids compare case-insensitively. */
export function key(id: string) {
  return id.toLowerCase();
}

export interface WorkspaceRef {
  sub: string;
  rg: string;
  ws: string;
}

/** Parse a workspace id (or the workspace prefix of a child id); null if it is not one. */
export function parseWorkspaceId(id: string): WorkspaceRef | null {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)/i.exec(
      id,
    );
  return m ? { sub: m[1], rg: m[2], ws: m[3] } : null;
}

// ---- naming rules ----------------------------------------------------------

const SUB_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Resource group: 1-90 chars, alphanumerics, underscore, parentheses, hyphen, period (not ending in period). */
const RG_RE = /^[-\w._()]{1,90}$/;
/** Workspace: 3-33 chars, starts alphanumeric, then alphanumerics, hyphen, underscore. */
const WS_RE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;
/** Compute: 3-24 chars, starts with a letter, letters digits and hyphens, not ending in a hyphen. */
const COMPUTE_RE = /^[a-zA-Z](?:[a-zA-Z0-9-]{1,22})[a-zA-Z0-9]$/;
const LOCATION_RE = /^[a-z0-9]{2,40}$/i;

function check(re: RegExp, value: string, what: string, rule: string) {
  if (!re.test(value)) throw badRequest("InvalidResourceName", `The ${what} name '${value}' is invalid: ${rule}`, what);
}
export function validateSubscription(sub: string) {
  if (!SUB_RE.test(sub))
    throw badRequest("InvalidSubscriptionId", `The provided subscription identifier '${sub}' is malformed or invalid.`);
}
export function validateResourceGroup(rg: string) {
  check(RG_RE, rg, "resource group", "1-90 characters: letters, digits, underscore, hyphen, period, parentheses.");
  if (rg.endsWith("."))
    throw badRequest("InvalidResourceName", `The resource group name '${rg}' must not end with a period.`);
}
export function validateWorkspaceName(ws: string) {
  check(
    WS_RE,
    ws,
    "workspace",
    "3-33 characters, starting with a letter or digit, then letters, digits, hyphens or underscores.",
  );
}
export function validateComputeName(name: string) {
  check(
    COMPUTE_RE,
    name,
    "compute",
    "3-24 characters, starting with a letter, letters, digits and hyphens only, not ending with a hyphen.",
  );
}
export function validateLocation(loc: string) {
  if (!LOCATION_RE.test(loc)) throw badRequest("InvalidLocation", `The location '${loc}' is invalid.`);
}

// ---- api-version -------------------------------------------------------------

export const MIN_API_VERSION = "2022-10-01";
const API_VERSION_RE = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

/** Returns an error for a missing or unsupported api-version, else null. */
export function checkApiVersion(v: unknown): ArmError | null {
  if (typeof v !== "string" || v === "")
    return badRequest(
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  const m = API_VERSION_RE.exec(v);
  if (!m || m[1] < MIN_API_VERSION)
    return badRequest(
      "InvalidApiVersionParameter",
      `The api-version '${v}' is invalid. The supported versions are '${MIN_API_VERSION}' and later (YYYY-MM-DD[-preview]).`,
    );
  return null;
}

// ---- paging ----------------------------------------------------------------

/** Parses `$skip` (our continuation token): a non-negative integer offset. */
/** `listViewType` of a list query (assets and jobs): ActiveOnly when absent; anything else is a 400 naming it. */
export function parseListViewType(q: Record<string, unknown>): ArchiveView {
  const v = q.listViewType ?? "ActiveOnly";
  if (v !== "ActiveOnly" && v !== "ArchivedOnly" && v !== "All")
    throw badRequest(
      "InvalidQueryParameter",
      `listViewType must be ActiveOnly, ArchivedOnly or All; got '${String(v)}'.`,
      "listViewType",
    );
  return v;
}

export function parseSkip(q: Record<string, unknown>): number {
  const raw = q["$skip"] ?? q["$skipToken"];
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw badRequest("InvalidSkipToken", `The continuation token '${String(raw)}' is invalid.`);
  return n;
}

/** `{ value, nextLink? }` with an absolute nextLink on this server. */
export function page<T>(items: T[], total: number, skip: number, baseUrl: string, path: string, apiVersion: string) {
  const next = skip + items.length;
  const body: { value: T[]; nextLink?: string } = { value: items };
  if (next < total) body.nextLink = `${baseUrl}${path}?api-version=${encodeURIComponent(apiVersion)}&$skip=${next}`;
  return body;
}

export function nowIso(ms: number) {
  return new Date(ms).toISOString();
}
