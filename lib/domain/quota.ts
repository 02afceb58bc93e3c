/**
 * VM sizes name their family as `standardDSv2Family`; quotas and usages name it in ids such as
 * `.../quotas/Standard_DSv2_Family_Cluster_Dedicated_vCPUs`. These turn one into the other.
 */
export function familyFromQuotaId(id: string): string | null {
  const last = id.split("/").pop() ?? "";
  const m = /^Standard_(.+)_Family_Cluster_Dedicated_vCPUs$/i.exec(last) ?? /^(standard.+Family)$/.exec(last);
  if (!m) return null;
  return m[1].startsWith("standard") ? m[1] : `standard${m[1]}Family`;
}

export function quotaNameForFamily(family: string): string {
  const core = family.replace(/^standard/, "").replace(/Family$/, "");
  return `Standard_${core}_Family_Cluster_Dedicated_vCPUs`;
}

export function familyLabel(family: string): string {
  return family.replace(/^standard/, "Standard ").replace(/Family$/, " family");
}

/** One row of the quota table and of the usage chart. */
export type FamilyQuota = {
  family: string;
  label: string;
  /** The workspace's limit in vCPUs (null: no workspace limit set, the subscription limit applies). */
  workspaceLimit: number | null;
  /** ARM id of the workspace-level quota item, used to update it. */
  workspaceQuotaId: string;
  subscriptionLimit: number;
  /** vCPUs in use by this workspace's computes of this family. */
  workspaceUsage: number;
  subscriptionUsage: number;
  /** vCPUs of workspaceUsage that serverless jobs use (jobs submitted without a compute). */
  serverlessUsage: number;
  /**
   * "dedicated": a VM family's dedicated vCPUs. "lowPriority": the one regional quota every low-priority
   * (spot) cluster node counts against, whatever its family; it is the subscription's, not set per workspace.
   */
  tier: "dedicated" | "lowPriority";
};

/** The pseudo-family of the low-priority row. */
export const LOW_PRIORITY_FAMILY = "lowPriority";

/** vCPUs left for new computes of a family in a workspace. */
export function coresLeft(q: FamilyQuota): number {
  const byWorkspace = (q.workspaceLimit ?? q.subscriptionLimit) - q.workspaceUsage;
  const bySubscription = q.subscriptionLimit - q.subscriptionUsage;
  return Math.max(0, Math.min(byWorkspace, bySubscription));
}
