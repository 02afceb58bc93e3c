import { z } from "zod";
import { ASSET_VERSION_RE, EXISTING_ASSET_NAME_RE } from "./storage-names";

/** ARM naming rules the studio checks before anything reaches the upstream. */
export const subscriptionId = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    "must be a subscription GUID",
  );
export const resourceGroupName = z
  .string()
  .min(1)
  .max(90)
  .regex(/^[-\w.()]*[-\w()]$/, "may hold letters, digits, '_', '-', '.', '(' and ')' and must not end with '.'");
export const workspaceName = z
  .string()
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
    "must be 3-33 characters: letters, digits, '-' or '_', starting with a letter or digit",
  );
export const computeName = z
  .string()
  .regex(
    /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
    "must be 3-24 characters: letters, digits and '-', starting with a letter and not ending with '-'",
  );
export const location = z.string().regex(/^[a-z0-9]{2,40}$/, "must be an Azure region name such as eastus");

/** An existing asset's name in a path (reads also take Azure's dotted curated names; creates are checked again). */
export const assetName = z
  .string()
  .regex(EXISTING_ASSET_NAME_RE, "must be 1-255 letters, digits, '-', '_' or '.', starting with a letter or digit");
/** A version label in a path or body. */
export const assetVersion = z
  .string()
  .regex(ASSET_VERSION_RE, "must be 1-255 letters, digits, '.', '-' or '_', starting with a letter or digit");

export const workspaceParams = z.object({ sub: subscriptionId, rg: resourceGroupName, ws: workspaceName }).strict();
export type WorkspaceParams = z.infer<typeof workspaceParams>;

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

/** Where a workspace lives in the studio's pages and API. */
export const studioPath = (ref: WorkspaceRef) => `/w/${ref.subscriptionId}/${ref.resourceGroup}/${ref.workspace}`;
export const apiPath = (ref: WorkspaceRef) => `/api/ws/${ref.subscriptionId}/${ref.resourceGroup}/${ref.workspace}`;

/** The Entra tenant the embedded default's local workspace service stands in for (its users' tenantId). */
export const LOCAL_TENANT_ID = "00000000-0000-0000-0000-0000000000aa";
