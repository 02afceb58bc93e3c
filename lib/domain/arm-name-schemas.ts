import { z } from "./zod";
import { ASSET_VERSION_RE, EXISTING_ASSET_NAME_RE } from "./storage-names";
import {
  COMPUTE_NAME,
  LOCATION,
  RESOURCE_GROUP_NAME,
  SUBSCRIPTION_ID,
  WORKSPACE_NAME,
  type NameRule,
} from "./arm-names";

/** The ARM naming rules of arm-names.ts as zod schemas, for the API's parsing (the browser checks the rules alone). */
const named = (rule: NameRule) => z.string().regex(rule.pattern, rule.message);

export const subscriptionId = named(SUBSCRIPTION_ID);
export const resourceGroupName = named(RESOURCE_GROUP_NAME);
export const workspaceName = named(WORKSPACE_NAME);
export const computeName = named(COMPUTE_NAME);
export const location = named(LOCATION);
/**
 * An existing asset's name in a path (reads also take Azure's dotted curated names; creates are checked again). Only
 * the routes check it, so it stays here, with storage-names.ts, out of the browser's first load.
 */
export const assetName = named({
  pattern: EXISTING_ASSET_NAME_RE,
  message: "must be 1-255 letters, digits, '-', '_' or '.', starting with a letter or digit",
});
/** A version label in a path or body. */
export const assetVersion = named({
  pattern: ASSET_VERSION_RE,
  message: "must be 1-255 letters, digits, '.', '-' or '_', starting with a letter or digit",
});

export const workspaceParams = z.object({ sub: subscriptionId, rg: resourceGroupName, ws: workspaceName }).strict();
export type WorkspaceParams = z.infer<typeof workspaceParams>;
