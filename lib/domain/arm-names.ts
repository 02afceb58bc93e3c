/**
 * ARM naming rules the studio checks before anything reaches the upstream: plain patterns and messages, so the
 * browser's forms check them without zod (issue 14: first-load JavaScript); arm-name-schemas.ts makes the zod schemas
 * the API routes parse with from these same rules.
 */
export interface NameRule {
  pattern: RegExp;
  /** What the user is told when a name does not match, worded to follow the field's name. */
  message: string;
}

export const SUBSCRIPTION_ID: NameRule = {
  pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  message: "must be a subscription GUID",
};
export const RESOURCE_GROUP_NAME: NameRule = {
  pattern: /^[-\w.()]{0,89}[-\w()]$/,
  message: "must be 1-90 characters: letters, digits, '_', '-', '.', '(' and ')', not ending with '.'",
};
export const WORKSPACE_NAME: NameRule = {
  pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
  message: "must be 3-33 characters: letters, digits, '-' or '_', starting with a letter or digit",
};
export const COMPUTE_NAME: NameRule = {
  pattern: /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
  message: "must be 3-24 characters: letters, digits and '-', starting with a letter and not ending with '-'",
};
export const LOCATION: NameRule = {
  pattern: /^[a-z0-9]{2,40}$/,
  message: "must be an Azure region name such as eastus",
};

/** What is wrong with `value` under `rule` (the rule's message), or null when it follows the rule. */
export function nameProblem(rule: NameRule, value: string): string | null {
  return rule.pattern.test(value) ? null : rule.message;
}

export type WorkspaceRef = { subscriptionId: string; resourceGroup: string; workspace: string };

export function armWorkspaceId(ref: WorkspaceRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ref.workspace}`;
}

/** Parses an ARM workspace id (or any id below a workspace) into its parts. */
export function parseWorkspaceId(id: string): WorkspaceRef | null {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)/i.exec(
      id,
    );
  return m ? { subscriptionId: m[1], resourceGroup: m[2], workspace: m[3] } : null;
}

/** The versioned asset kinds, as their ARM ids name them (`…/workspaces/<ws>/<kind>/<name>/versions/<v>`). */
export type AssetIdKind = "codes" | "components" | "data" | "environments" | "models";

/**
 * The name and version an asset version's ARM id names (`…/<kind>/<name>/versions/<version>`), or null; with `kinds`,
 * null also when the id is of another kind (ARM ids are case-insensitive).
 */
export function parseAssetVersionId(
  id: string,
  kinds?: readonly AssetIdKind[],
): { kind: string; name: string; version: string } | null {
  const parts = id.split("/");
  const n = parts.length;
  if (n < 3 || parts[n - 2].toLowerCase() !== "versions" || !parts[n - 3] || !parts[n - 1]) return null;
  const kind = (parts[n - 4] ?? "").toLowerCase();
  if (kinds && !kinds.includes(kind as AssetIdKind)) return null;
  return { kind, name: parts[n - 3], version: parts[n - 1] };
}

/** Where a workspace lives in the studio's pages and API. */
export const studioPath = (ref: WorkspaceRef) => `/w/${ref.subscriptionId}/${ref.resourceGroup}/${ref.workspace}`;
export const apiPath = (ref: WorkspaceRef) => `/api/ws/${ref.subscriptionId}/${ref.resourceGroup}/${ref.workspace}`;

/** The Entra tenant the embedded default's local workspace service stands in for (its users' tenantId). */
export const LOCAL_TENANT_ID = "00000000-0000-0000-0000-0000000000aa";
