import "server-only";
import { listKey, readThrough } from "@/lib/server/cache";
import { armClient, collect } from "@/lib/server/upstream";
import { config } from "@/lib/server/config";
import { parseWorkspaceId } from "@/lib/domain/arm-names";
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
};

function toSummary(w: {
  id?: string;
  name?: string;
  location?: string;
  friendlyName?: string;
  description?: string;
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
  };
}

/** Workspaces across the configured subscriptions that the user can read, for the switcher. */
export async function listWorkspaces(principal: Principal) {
  const perSubscription = await Promise.all(
    config.subscriptions.map((sub) =>
      readThrough({
        // Subscription-level lists are scoped to the subscription as if it were a workspace.
        workspaceId: `/subscriptions/${sub}`.toLowerCase(),
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
