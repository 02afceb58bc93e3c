import "server-only";
import { ApiError } from "@/lib/server/errors";
import { invalidate } from "@/lib/server/cache";
import { getDb } from "@/lib/server/db";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import {
  familyFromQuotaId,
  familyLabel,
  LOW_PRIORITY_FAMILY,
  quotaNameForFamily,
  type FamilyQuota,
} from "@/lib/domain/quota";
import { getWorkspace } from "@/features/workspaces/server";

type QuotaItem = { id?: string; type?: string; limit?: number; unit?: string; currentValue?: number };

// ARM names families two ways (`.../Standard_DSv2_Family_Cluster_Dedicated_vCPUs` in older answers,
// `.../standardDSv2Family` in newer ones); the level comes from `type`, never from the id's shape.
const isDedicated = (id: string | undefined) => !!id && !/LowPriority/i.test(id);
const belongsTo = (id: string, workspaceId: string) => id.toLowerCase().startsWith(`${workspaceId}/`);
const isSubscriptionLevel = (type: string | undefined) => /\/vmFamily\/(quotas?|usages)$/i.test(type ?? "");
/** The usage rows of low-priority cores: the region's total, and each workspace's share. */
const isLowPriorityUsage = (type: string | undefined) => /\/lowPriorityCores\/usages$/i.test(type ?? "");
/** The usage rows of serverless jobs, per workspace and family (the embedded default reports them). */
const isServerlessUsage = (type: string | undefined) => /\/serverless\/usages$/i.test(type ?? "");

/**
 * Per VM family: the workspace limit, the subscription limit and current usage, joined from the
 * location's quota and usage lists (ARM reports both per location, for every workspace at once).
 */
export async function getFamilyQuotas(ctx: WorkspaceContext) {
  const { data: workspace } = await getWorkspace(ctx);
  return ctx.cached(
    "usage",
    "families",
    async () => {
      const [quotas, usages] = await Promise.all([
        collect(ctx.client.quotas.list(workspace.location)).then(plain) as Promise<QuotaItem[]>,
        collect(ctx.client.usages.list(workspace.location)).then(plain) as Promise<QuotaItem[]>,
      ]);
      const rows = new Map<string, FamilyQuota>();
      const row = (family: string): FamilyQuota => {
        let r = rows.get(family);
        if (!r) {
          r = {
            family,
            label: familyLabel(family),
            workspaceLimit: null,
            workspaceQuotaId: "",
            subscriptionLimit: 0,
            workspaceUsage: 0,
            subscriptionUsage: 0,
            serverlessUsage: 0,
            tier: "dedicated",
          };
          rows.set(family, r);
        }
        return r;
      };
      for (const q of quotas) {
        if (!q.id || !isDedicated(q.id)) continue;
        const family = familyFromQuotaId(q.id);
        if (!family) continue;
        if (belongsTo(q.id, ctx.workspaceId)) {
          row(family).workspaceLimit = q.limit ?? null;
          row(family).workspaceQuotaId = q.id;
        } else if (isSubscriptionLevel(q.type)) row(family).subscriptionLimit = q.limit ?? 0;
      }
      let lowPriority: FamilyQuota | null = null;
      for (const u of usages) {
        if (!u.id) continue;
        if (isLowPriorityUsage(u.type)) {
          lowPriority ??= {
            family: LOW_PRIORITY_FAMILY,
            label: "Low-priority vCPUs (all families, regional)",
            workspaceLimit: null,
            workspaceQuotaId: "",
            subscriptionLimit: 0,
            workspaceUsage: 0,
            subscriptionUsage: 0,
            serverlessUsage: 0,
            tier: "lowPriority",
          };
          if (belongsTo(u.id, ctx.workspaceId)) lowPriority.workspaceUsage = u.currentValue ?? 0;
          else {
            lowPriority.subscriptionUsage = u.currentValue ?? 0;
            lowPriority.subscriptionLimit = u.limit ?? 0;
          }
          continue;
        }
        if (isServerlessUsage(u.type)) {
          const family = familyFromQuotaId(u.id);
          if (family && belongsTo(u.id, ctx.workspaceId)) row(family).serverlessUsage = u.currentValue ?? 0;
          continue;
        }
        if (!isDedicated(u.id) || /\/computes\//i.test(u.id)) continue;
        const family = familyFromQuotaId(u.id);
        if (!family) continue;
        if (belongsTo(u.id, ctx.workspaceId)) row(family).workspaceUsage = u.currentValue ?? 0;
        else if (isSubscriptionLevel(u.type)) row(family).subscriptionUsage = u.currentValue ?? 0;
      }
      for (const r of rows.values()) {
        if (!r.workspaceQuotaId) r.workspaceQuotaId = `${workspaceIdCased(ctx)}/quotas/${quotaNameForFamily(r.family)}`;
      }
      const families = [...rows.values()].sort((a, b) => a.label.localeCompare(b.label));
      return lowPriority ? [...families, lowPriority] : families;
    },
    { freshMs: 5_000 },
  );
}

const workspaceIdCased = (ctx: WorkspaceContext) =>
  `/subscriptions/${ctx.ref.subscriptionId}/resourceGroups/${ctx.ref.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ctx.ref.workspace}`;

/** Sets a workspace's vCPU limit for one VM family, then records who changed what in the audit log. */
export async function updateWorkspaceQuota(ctx: WorkspaceContext, family: string, limit: number) {
  const { data: families } = await getFamilyQuotas(ctx);
  const current = families.find((f) => f.family === family);
  if (!current) throw ApiError.notFound(`No quota for VM family "${family}" in this workspace's region.`);
  if (current.tier === "lowPriority")
    throw ApiError.badRequest(
      "The low-priority vCPU quota is the subscription's, for the whole region: it has no workspace limit to set.",
      "family",
    );
  if (limit > current.subscriptionLimit) {
    throw new ApiError(
      400,
      "InvalidQuotaExceedsSubscriptionLimit",
      `The limit must be a whole number from 0 to ${current.subscriptionLimit} (the subscription limit for ${current.label}); got ${limit}.`,
      "limit",
    );
  }
  const { data: workspace } = await getWorkspace(ctx);
  // Two phases, so a studio that dies between the upstream's answer and the audit row leaves a trace: the row is
  // written as "requested" first, "applied" once the upstream accepted, removed if it refused.
  const db = await getDb();
  const audit = await db.quotaAudit.create({
    data: {
      workspaceId: ctx.workspaceId,
      location: workspace.location,
      vmFamily: family,
      oldLimit: current.workspaceLimit,
      newLimit: limit,
      changedBy: ctx.principal.name,
      changedById: ctx.principal.id,
      status: "requested",
    },
  });
  let result: Awaited<ReturnType<typeof ctx.client.quotas.update>>;
  try {
    result = await ctx.client.quotas.update(workspace.location, {
      location: workspace.location,
      value: [
        {
          id: current.workspaceQuotaId,
          type: "Microsoft.MachineLearningServices/workspaces/quotas",
          limit,
          unit: "Count",
        },
      ],
    });
  } catch (err) {
    // A timeout may still have been applied upstream: the row stays "requested" and is settled on the next read.
    if ((err as { status?: number }).status !== 504) await db.quotaAudit.delete({ where: { id: audit.id } });
    throw err;
  }
  const item = result.value?.[0];
  if (item && item.status && item.status !== "Success") {
    await db.quotaAudit.delete({ where: { id: audit.id } });
    throw new ApiError(
      400,
      item.status,
      `The workspace service refused the new limit for ${current.label}: ${item.status}.`,
      "limit",
    );
  }
  await db.quotaAudit.update({ where: { id: audit.id }, data: { status: "applied" } });
  await invalidate(ctx.workspaceId, "usage");
  return { family, oldLimit: current.workspaceLimit, newLimit: limit };
}

/**
 * Rows left "requested" by a studio that stopped mid-update (killed, or the upstream timed out) are settled
 * against what the upstream now says: the latest request per family is "applied" if the limit is what it asked
 * for, otherwise it (and any older request) never happened and is removed.
 */
async function settleRequestedChanges(ctx: WorkspaceContext) {
  const db = await getDb();
  const pending = await db.quotaAudit.findMany({
    where: { workspaceId: ctx.workspaceId, status: "requested" },
    orderBy: { changedAt: "desc" },
  });
  if (!pending.length) return;
  // What the upstream says now, not what the cache held when the studio stopped.
  await invalidate(ctx.workspaceId, "usage");
  const { data: families } = await getFamilyQuotas(ctx);
  const latestSeen = new Set<string>();
  for (const row of pending) {
    const now = families.find((f) => f.family === row.vmFamily)?.workspaceLimit;
    const latest = !latestSeen.has(row.vmFamily);
    latestSeen.add(row.vmFamily);
    if (latest && now === row.newLimit)
      await db.quotaAudit.update({ where: { id: row.id }, data: { status: "applied" } });
    else await db.quotaAudit.delete({ where: { id: row.id } });
  }
}

export async function listQuotaAudit(ctx: WorkspaceContext) {
  const db = await getDb();
  await settleRequestedChanges(ctx);
  const rows = await db.quotaAudit.findMany({
    where: { workspaceId: ctx.workspaceId, status: "applied" },
    orderBy: { changedAt: "desc" },
    take: 200,
  });
  return rows.map(
    (r: {
      id: string | number;
      vmFamily: string;
      oldLimit: number | null;
      newLimit: number;
      changedBy: string;
      changedAt: Date;
    }) => ({
      id: String(r.id),
      family: r.vmFamily,
      label: familyLabel(r.vmFamily),
      oldLimit: r.oldLimit,
      newLimit: r.newLimit,
      changedBy: r.changedBy,
      changedAt: r.changedAt.toISOString(),
    }),
  );
}
