import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** Every TanStack Query key of the studio, in one place, so invalidation after a write cannot miss one. */
const ws = (ref: WorkspaceRef) => ["ws", ref.subscriptionId, ref.resourceGroup, ref.workspace] as const;

export const queryKeys = {
  session: ["session"] as const,
  workspaces: ["workspaces"] as const,
  computes: (ref: WorkspaceRef) => [...ws(ref), "computes"] as const,
  compute: (ref: WorkspaceRef, name: string) => [...ws(ref), "computes", name] as const,
  computeNodes: (ref: WorkspaceRef, name: string) => [...ws(ref), "computes", name, "nodes"] as const,
  vmSizes: (ref: WorkspaceRef) => [...ws(ref), "vm-sizes"] as const,
  usage: (ref: WorkspaceRef) => [...ws(ref), "usage"] as const,
  quotas: (ref: WorkspaceRef) => [...ws(ref), "quotas"] as const,
  quotaAudit: (ref: WorkspaceRef) => [...ws(ref), "quotas", "audit"] as const,
};
