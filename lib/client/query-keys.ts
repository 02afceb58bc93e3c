import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** Every TanStack Query key of the studio, in one place, so invalidation after a write cannot miss one. */
const ws = (ref: WorkspaceRef) => ["ws", ref.subscriptionId, ref.resourceGroup, ref.workspace] as const;

export const queryKeys = {
  lineage: (ref: WorkspaceRef, node: string, direction: string, hops: number) =>
    [...ws(ref), "lineage", node, direction, hops] as const,
  palette: (ref: WorkspaceRef, q: string) => [...ws(ref), "palette", q] as const,
  overview: (ref: WorkspaceRef) => [...ws(ref), "overview"] as const,
  lineageImpact: (ref: WorkspaceRef, node: string) => [...ws(ref), "lineage", "impact", node] as const,
  session: ["session"] as const,
  workspaces: ["workspaces"] as const,
  computes: (ref: WorkspaceRef) => [...ws(ref), "computes"] as const,
  computeUsers: (ref: WorkspaceRef) => [...ws(ref), "compute-users"] as const,
  compute: (ref: WorkspaceRef, name: string) => [...ws(ref), "computes", name] as const,
  computeNodes: (ref: WorkspaceRef, name: string) => [...ws(ref), "computes", name, "nodes"] as const,
  vmSizes: (ref: WorkspaceRef) => [...ws(ref), "vm-sizes"] as const,
  usage: (ref: WorkspaceRef) => [...ws(ref), "usage"] as const,
  quotas: (ref: WorkspaceRef) => [...ws(ref), "quotas"] as const,
  quotaAudit: (ref: WorkspaceRef) => [...ws(ref), "quotas", "audit"] as const,
  models: (ref: WorkspaceRef, archived: string, withLatest = false) =>
    [...ws(ref), "models", "list", archived, withLatest ? "with-latest" : "summaries"] as const,
  /** Type and stage of a block of the list's rows (`versions`: their `name@version`s, joined by commas). */
  modelDetails: (ref: WorkspaceRef, versions: string) => [...ws(ref), "models", "details", versions] as const,
  modelsAll: (ref: WorkspaceRef) => [...ws(ref), "models"] as const,
  modelVersions: (ref: WorkspaceRef, name: string) => [...ws(ref), "models", "versions", name] as const,
  modelFiles: (ref: WorkspaceRef, name: string, version: string) =>
    [...ws(ref), "models", "files", name, version] as const,
  modelMlflow: (ref: WorkspaceRef, name: string, version: string) =>
    [...ws(ref), "models", "mlflow", name, version] as const,
  environments: (ref: WorkspaceRef, archived: string) => [...ws(ref), "environments", "list", archived] as const,
  environmentsAll: (ref: WorkspaceRef) => [...ws(ref), "environments"] as const,
  environmentVersions: (ref: WorkspaceRef, name: string) => [...ws(ref), "environments", "versions", name] as const,
  environmentBuild: (ref: WorkspaceRef, name: string, version: string) =>
    [...ws(ref), "environments", "build", name, version] as const,
  environmentContext: (ref: WorkspaceRef, name: string, version: string) =>
    [...ws(ref), "environments", "context", name, version] as const,
  datastores: (ref: WorkspaceRef) => [...ws(ref), "datastores"] as const,
  datastoreFolder: (ref: WorkspaceRef, name: string, path: string, prefix: string) =>
    [...ws(ref), "datastores", name, "folder", path, prefix] as const,
  datastoreFile: (ref: WorkspaceRef, name: string, path: string) =>
    [...ws(ref), "datastores", name, "file", path] as const,
  datastorePreview: (ref: WorkspaceRef, name: string, path: string) =>
    [...ws(ref), "datastores", name, "preview", path] as const,
  dataAssets: (ref: WorkspaceRef, view: string) => [...ws(ref), "data", "list", view] as const,
  dataAsset: (ref: WorkspaceRef, name: string) => [...ws(ref), "data", "item", name] as const,
  dataVersions: (ref: WorkspaceRef, name: string) => [...ws(ref), "data", "item", name, "versions"] as const,
  components: (ref: WorkspaceRef, archived = false) => [...ws(ref), "components", { archived }] as const,
  componentsAll: (ref: WorkspaceRef) => [...ws(ref), "components"] as const,
  component: (ref: WorkspaceRef, name: string) => [...ws(ref), "components", "item", name] as const,
  componentCode: (ref: WorkspaceRef, name: string, version: string, path?: string) =>
    [...ws(ref), "components", "item", name, version, "code", path ?? ""] as const,
  pipelineDrafts: (ref: WorkspaceRef) => [...ws(ref), "pipeline-drafts"] as const,
  pipelineDraft: (ref: WorkspaceRef, id: string) => [...ws(ref), "pipeline-drafts", id] as const,
  jobs: (ref: WorkspaceRef) => [...ws(ref), "jobs"] as const,
  job: (ref: WorkspaceRef, name: string) => [...ws(ref), "jobs", "item", name] as const,
  jobGraph: (ref: WorkspaceRef, name: string) => [...ws(ref), "jobs", "item", name, "graph"] as const,
  jobMetrics: (ref: WorkspaceRef, name: string, run: string) =>
    [...ws(ref), "jobs", "item", name, "metrics", run] as const,
};
