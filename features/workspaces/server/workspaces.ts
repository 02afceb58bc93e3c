import "server-only";
import { createDependentResources, dependentResourcePlan } from "./dependent-resources";
import { invalidate, listKey, readThrough } from "@/lib/server/cache";
import { armClient, collect } from "@/lib/server/upstream";
import { config } from "@/lib/server/config";
import { ApiError } from "@/lib/server/errors";
import { armWorkspaceId, parseWorkspaceId } from "@/lib/domain/arm-names";
import { IDLE_SHUTDOWN_TAG, idleShutdownDefaultFromTags } from "@/lib/domain/workspace-settings";
import { isTerminal } from "@/lib/domain/jobs/plan";
import type { CreateWorkspaceBody, UpdateWorkspaceBody } from "./schemas";
import type { Principal } from "@/lib/server/auth";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { plain } from "@/lib/server/workspace-context";

export type WorkspaceSummary = {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  friendlyName: string | null;
  description: string | null;
  tags: Record<string, string>;
  /** The idle shutdown a new compute instance gets by default (minutes), kept as a workspace tag; null: none. */
  computeInstanceIdleShutdownMinutes: number | null;
};

function toSummary(w: {
  id?: string;
  name?: string;
  location?: string;
  friendlyName?: string;
  description?: string;
  tags?: Record<string, string>;
}): WorkspaceSummary | null {
  const ref = w.id ? parseWorkspaceId(w.id) : null;
  if (!ref || !w.name) return null;
  return {
    id: w.id!,
    name: w.name,
    subscriptionId: ref.subscriptionId,
    resourceGroup: ref.resourceGroup,
    location: w.location ?? "",
    friendlyName: w.friendlyName ?? null,
    description: w.description ?? null,
    tags: Object.fromEntries(Object.entries(w.tags ?? {}).filter(([k]) => k !== IDLE_SHUTDOWN_TAG)),
    computeInstanceIdleShutdownMinutes: idleShutdownDefaultFromTags(w.tags),
  };
}

/** The cache scope of a subscription's workspace list (subscription-level lists are scoped like a workspace). */
const subscriptionScope = (sub: string) => `/subscriptions/${sub}`.toLowerCase();

/** Workspaces across the configured subscriptions that the user can read, for the switcher. */
export async function listWorkspaces(principal: Principal) {
  const perSubscription = await Promise.all(
    config.subscriptions.map((sub) =>
      readThrough({
        // Subscription-level lists are scoped to the subscription as if it were a workspace.
        workspaceId: subscriptionScope(sub),
        kind: "workspace",
        key: listKey(),
        principalId: principal.id,
        freshMs: 30_000,
        fetch: async () =>
          (await collect(armClient(principal, sub).workspaces.listBySubscription()))
            .map(toSummary)
            .filter((w): w is WorkspaceSummary => w !== null),
      }),
    ),
  );
  const data = perSubscription.flatMap((r) => r.data).sort((a, b) => a.name.localeCompare(b.name));
  // The oldest answer speaks for the whole list.
  const cache = perSubscription.map((r) => r.cache).sort((a, b) => b.ageMs - a.ageMs)[0] ?? {
    source: "upstream" as const,
    ageMs: 0,
  };
  return { data, cache };
}

/** One workspace; its location scopes quotas, usages and VM sizes. */
export async function getWorkspace(ctx: WorkspaceContext) {
  return ctx.cached(
    "workspace",
    "self",
    async () => {
      const w = plain(await ctx.client.workspaces.get(ctx.ref.resourceGroup, ctx.ref.workspace));
      const summary = toSummary(w);
      if (!summary) throw new Error("The workspace service returned a workspace without an id.");
      return summary;
    },
    { freshMs: 60_000 },
  );
}

const notFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/**
 * Creates a workspace (begins ARM's long-running operation; the local service finishes it at once, with the new
 * workspace's own blob container, file share and default datastores). Refused before any write when the
 * subscription is not one the studio is configured for or the name is taken in the resource group.
 */
export async function createWorkspace(principal: Principal, body: CreateWorkspaceBody): Promise<WorkspaceSummary> {
  if (!config.subscriptions.some((s) => s.toLowerCase() === body.subscriptionId.toLowerCase()))
    throw ApiError.badRequest(
      `Subscription ${body.subscriptionId} is not one this studio works with (${config.subscriptions.join(", ")}).`,
      "subscriptionId",
    );
  // The embedded default stands in for the dependent resources: its Azurite account is the storage, and it keeps
  // secrets and images itself. Naming some is a mistake to say, not to ignore.
  if (config.upstream === "local" && body.dependentResources)
    throw ApiError.badRequest(
      "The embedded default stands in for a workspace's storage account, key vault, Application Insights and container registry: leave dependentResources out.",
      "dependentResources",
    );
  if (config.upstream === "azure" && !body.dependentResources)
    throw ApiError.badRequest(
      "An Azure ML workspace needs a storage account, a key vault and Application Insights: choose existing ones or name new ones.",
      "dependentResources",
    );
  const client = armClient(principal, body.subscriptionId);
  const plan = body.dependentResources
    ? dependentResourcePlan({ ...body, location: body.location }, body.dependentResources)
    : null;
  const taken = () =>
    new ApiError(
      409,
      "Conflict",
      `A workspace named "${body.name}" already exists in resource group ${body.resourceGroup}.`,
      "name",
    );
  // ARM does not promise to honour If-None-Match on workspaces: in Azure mode the name is looked up first.
  if (config.upstream === "azure") {
    const existing = await client.workspaces.get(body.resourceGroup, body.name).catch((e) => {
      if (notFound(e)) return null;
      throw e;
    });
    if (existing) throw taken();
  }
  if (plan) await createDependentResources(client, plan);
  // Create-only: a PUT on an existing name would update that workspace instead.
  await client.workspaces
    .beginCreateOrUpdate(
      body.resourceGroup,
      body.name,
      {
        location: body.location,
        friendlyName: body.friendlyName || body.name,
        description: body.description ?? "",
        tags: body.tags ?? {},
        ...(plan?.ids ?? {}),
      },
      { requestOptions: { customHeaders: { "If-None-Match": "*" } } },
    )
    .catch((e) => {
      if ((e as { statusCode?: number }).statusCode === 412) throw taken();
      throw e;
    });
  await invalidate(subscriptionScope(body.subscriptionId), "workspace");
  const ref = { subscriptionId: body.subscriptionId, resourceGroup: body.resourceGroup, workspace: body.name };
  return {
    id: armWorkspaceId(ref),
    name: body.name,
    subscriptionId: body.subscriptionId,
    resourceGroup: body.resourceGroup,
    location: body.location,
    friendlyName: body.friendlyName || body.name,
    description: body.description ?? null,
    tags: body.tags ?? {},
    computeInstanceIdleShutdownMinutes: null,
  };
}

async function invalidateWorkspace(ctx: WorkspaceContext) {
  await Promise.all([
    invalidate(ctx.workspaceId, "workspace"),
    invalidate(subscriptionScope(ctx.ref.subscriptionId), "workspace"),
  ]);
}

/**
 * Changes a workspace's display name, description, tags (tags given replace the old ones) or compute instance
 * idle-shutdown default. The default is a tag (2022-10-01 has no property for it): it survives a change of the
 * other tags, and changing it alone rewrites the tags with it.
 */
export async function updateWorkspace(ctx: WorkspaceContext, body: UpdateWorkspaceBody): Promise<WorkspaceSummary> {
  let tags: Record<string, string> | undefined;
  if (body.tags !== undefined || body.computeInstanceIdleShutdownMinutes !== undefined) {
    const current =
      (
        plain(await ctx.client.workspaces.get(ctx.ref.resourceGroup, ctx.ref.workspace)) as {
          tags?: Record<string, string>;
        }
      ).tags ?? {};
    const others = body.tags ?? Object.fromEntries(Object.entries(current).filter(([k]) => k !== IDLE_SHUTDOWN_TAG));
    const idle =
      body.computeInstanceIdleShutdownMinutes !== undefined
        ? body.computeInstanceIdleShutdownMinutes
        : (current[IDLE_SHUTDOWN_TAG] ?? null);
    tags = { ...others, ...(idle !== null ? { [IDLE_SHUTDOWN_TAG]: String(idle) } : {}) };
  }
  const updated = plain(
    await ctx.client.workspaces.beginUpdateAndWait(ctx.ref.resourceGroup, ctx.ref.workspace, {
      ...(body.friendlyName !== undefined ? { friendlyName: body.friendlyName || ctx.ref.workspace } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(tags !== undefined ? { tags } : {}),
    }),
  );
  await invalidateWorkspace(ctx);
  const summary = toSummary(updated);
  if (!summary) throw new Error("The workspace service returned a workspace without an id.");
  return summary;
}

/** A job of a workspace that has not ended, with the computes it names (its own and its steps'). */
export type ActiveJob = { name: string; computes: string[] };

/**
 * Jobs of a workspace that have not ended (top-level jobs: a pipeline's steps end with it), with the compute
 * names each one uses: a command or sweep job's computeId, a pipeline's default compute and its steps' computes.
 */
export async function activeJobs(ctx: WorkspaceContext): Promise<ActiveJob[]> {
  const jobs = await collect(ctx.client.jobs.list(ctx.ref.resourceGroup, ctx.ref.workspace));
  const computeName = (id: unknown) => (typeof id === "string" ? (/\/computes\/([^/]+)$/i.exec(id)?.[1] ?? id) : null);
  return jobs
    .filter((j) => !isTerminal(String(j.properties?.status ?? "Completed")))
    .map((j) => {
      const p = j.properties as {
        computeId?: string;
        settings?: { default_compute?: string };
        jobs?: Record<string, { computeId?: string; compute?: string }>;
      };
      const ids = [
        p.computeId,
        p.settings?.default_compute,
        ...Object.values(p.jobs ?? {}).flatMap((step) => [step?.computeId, step?.compute]),
      ];
      return {
        name: j.name!,
        computes: [...new Set(ids.map(computeName).filter((n): n is string => !!n))],
      };
    });
}

/**
 * Deletes a workspace and everything in it. Jobs still running are a 409 naming them, unless `force`: then they
 * are canceled first.
 */
export async function deleteWorkspace(ctx: WorkspaceContext, force: boolean) {
  await ctx.client.workspaces.get(ctx.ref.resourceGroup, ctx.ref.workspace);
  const running = (await activeJobs(ctx)).map((j) => j.name);
  if (running.length && !force)
    throw new ApiError(
      409,
      "JobsRunning",
      `${running.length} job${running.length === 1 ? " is" : "s are"} still running in workspace ` +
        `"${ctx.ref.workspace}" (${running.slice(0, 5).join(", ")}${running.length > 5 ? ", …" : ""}). ` +
        "Cancel them first, or delete with force to cancel them.",
      undefined,
      { runningJobs: running },
    );
  for (const name of running)
    await ctx.client.jobs.beginCancel(ctx.ref.resourceGroup, ctx.ref.workspace, name).catch((e) => {
      if (!notFound(e)) throw e;
    });
  await ctx.client.workspaces.beginDelete(ctx.ref.resourceGroup, ctx.ref.workspace);
  await invalidateWorkspace(ctx);
  return { deleting: ctx.ref.workspace, canceledJobs: running };
}
