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
  datastores: (ref: WorkspaceRef) => [...ws(ref), "datastores"] as const,
  datastoreFolder: (ref: WorkspaceRef, name: string, path: string, prefix: string) => [...ws(ref), "datastores", name, "folder", path, prefix] as const,
  datastoreFile: (ref: WorkspaceRef, name: string, path: string) => [...ws(ref), "datastores", name, "file", path] as const,
  datastorePreview: (ref: WorkspaceRef, name: string, path: string) => [...ws(ref), "datastores", name, "preview", path] as const,
  dataAssets: (ref: WorkspaceRef, view: string) => [...ws(ref), "data", "list", view] as const,
  dataAsset: (ref: WorkspaceRef, name: string) => [...ws(ref), "data", "item", name] as const,
  dataVersions: (ref: WorkspaceRef, name: string) => [...ws(ref), "data", "item", name, "versions"] as const,
  components: (ref: WorkspaceRef, archived = false) => [...ws(ref), "components", { archived }] as const,
  componentsAll: (ref: WorkspaceRef) => [...ws(ref), "components"] as const,
  component: (ref: WorkspaceRef, name: string) => [...ws(ref), "components", "item", name] as const,
  componentCode: (ref: WorkspaceRef, name: string, version: string, path?: string) => [...ws(ref), "components", "item", name, version, "code", path ?? ""] as const,
  pipelineDrafts: (ref: WorkspaceRef) => [...ws(ref), "pipeline-drafts"] as const,
  pipelineDraft: (ref: WorkspaceRef, id: string) => [...ws(ref), "pipeline-drafts", id] as const,
  pipelineJobs: (ref: WorkspaceRef) => [...ws(ref), "pipeline-jobs"] as const,
};
