import "server-only";
import type { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { armWorkspaceId, type WorkspaceRef } from "@/lib/domain/arm-names";
import { type WorkspaceParams } from "@/lib/domain/arm-name-schemas";
import { readThrough, type CacheMeta } from "./cache";
import { armClient } from "./upstream";
import type { Principal } from "./auth";

/**
 * What every workspace-scoped server function needs: who asks, which workspace, its upstream client and
 * a read through the cache scoped to that workspace and user.
 */
export type WorkspaceContext = {
  principal: Principal;
  ref: WorkspaceRef;
  workspaceId: string;
  client: AzureMachineLearningWorkspaces;
  cached<T>(
    kind: string,
    key: string,
    fetch: () => Promise<T>,
    opts?: { freshMs?: number },
  ): Promise<{ data: T; cache: CacheMeta }>;
};

export function workspaceContext(principal: Principal, params: WorkspaceParams): WorkspaceContext {
  const ref: WorkspaceRef = { subscriptionId: params.sub, resourceGroup: params.rg, workspace: params.ws };
  const workspaceId = armWorkspaceId(ref).toLowerCase();
  const client = armClient(principal, ref.subscriptionId);
  return {
    principal,
    ref,
    workspaceId,
    client,
    cached: (kind, key, fetch, opts) =>
      readThrough({ workspaceId, kind, key, principalId: principal.id, fetch, freshMs: opts?.freshMs }),
  };
}

/** JSON round trip: SDK models carry Date objects; the cache and the browser want plain JSON. */
export const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));
