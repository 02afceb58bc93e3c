import { z } from "./zod";
import {
  ASSET_NAME,
  ASSET_VERSION,
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
export const assetName = named(ASSET_NAME);
export const assetVersion = named(ASSET_VERSION);

export const workspaceParams = z.object({ sub: subscriptionId, rg: resourceGroupName, ws: workspaceName }).strict();
export type WorkspaceParams = z.infer<typeof workspaceParams>;
