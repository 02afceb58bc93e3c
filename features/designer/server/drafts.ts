import "server-only";
import type { PackedGraph } from "@/lib/domain/pipeline";
import { getDb } from "@/lib/server/db";
import { ApiError } from "@/lib/server/errors";
import type { WorkspaceContext } from "@/lib/server/workspace-context";
import { getJobGraph } from "@/features/jobs/server";

/** A draft as the designer's list shows it (no graph). */
export type DraftSummary = {
  id: string;
  name: string;
  version: number;
  stepCount: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
};
/** `graph` is the packed form (lib/domain/pipeline/pack.ts), as stored. */
export type Draft = DraftSummary & { graph: PackedGraph };

type Row = {
  id: string;
  name: string;
  graph: string;
  version: number;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
};

function summary(r: Row): DraftSummary {
  const graph = JSON.parse(r.graph) as PackedGraph;
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    stepCount: graph.nodes.filter((n) => n.kind === "component").length,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
const full = (r: Row): Draft => ({ ...summary(r), graph: JSON.parse(r.graph) });

/** Drafts are the studio's own data (not the upstream's): readers may list them; access is by workspace role. */
export async function listDrafts(ctx: WorkspaceContext): Promise<DraftSummary[]> {
  const db = await getDb();
  const rows = await db.pipelineDraft.findMany({
    where: { workspaceId: ctx.workspaceId },
    orderBy: { updatedAt: "desc" },
  });
  return rows.map(summary);
}

export async function getDraft(ctx: WorkspaceContext, id: string): Promise<Draft> {
  const db = await getDb();
  const row = await db.pipelineDraft.findFirst({ where: { id, workspaceId: ctx.workspaceId } });
  if (!row) throw ApiError.notFound(`No pipeline draft ${id} in this workspace.`);
  return full(row);
}

export async function createDraft(ctx: WorkspaceContext, name: string, graph: PackedGraph): Promise<Draft> {
  const db = await getDb();
  const who = ctx.principal.username;
  const row = await db.pipelineDraft.create({
    data: { workspaceId: ctx.workspaceId, name, graph: JSON.stringify(graph), createdBy: who, updatedBy: who },
  });
  return full(row);
}

/**
 * Saves when the draft is still at `version` (one conditional UPDATE: concurrent saves cannot both win),
 * else 409 with the current version and who saved it, so the editor can offer reload or keep-mine-as-a-copy.
 */
export async function saveDraft(
  ctx: WorkspaceContext,
  id: string,
  input: { name?: string; graph: PackedGraph; version: number },
): Promise<Draft> {
  const db = await getDb();
  const { count } = await db.pipelineDraft.updateMany({
    where: { id, workspaceId: ctx.workspaceId, version: input.version },
    data: {
      graph: JSON.stringify(input.graph),
      ...(input.name ? { name: input.name } : {}),
      version: { increment: 1 },
      updatedBy: ctx.principal.username,
    },
  });
  if (count === 0) {
    const current = await db.pipelineDraft.findFirst({ where: { id, workspaceId: ctx.workspaceId } });
    if (!current) throw ApiError.notFound(`No pipeline draft ${id} in this workspace; it may have been deleted.`);
    throw new ApiError(
      409,
      "DraftVersionConflict",
      `This draft was saved by ${current.updatedBy} at ${current.updatedAt.toISOString()} (version ${current.version}) after you opened version ${input.version}. Reload it, or keep your changes as a copy.`,
      "version",
      { currentVersion: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt.toISOString() },
    );
  }
  return getDraft(ctx, id);
}

export async function deleteDraft(ctx: WorkspaceContext, id: string): Promise<void> {
  const db = await getDb();
  const { count } = await db.pipelineDraft.deleteMany({ where: { id, workspaceId: ctx.workspaceId } });
  if (count === 0) throw ApiError.notFound(`No pipeline draft ${id} in this workspace.`);
}

/** A new draft holding a submitted pipeline job's graph ("clone into the designer" on a job's page). */
export async function createDraftFromJob(ctx: WorkspaceContext, jobName: string) {
  const { data: graph } = await getJobGraph(ctx, jobName);
  const draft = await createDraft(ctx, `${graph.displayName ?? jobName} (copy of ${jobName})`.slice(0, 120), graph);
  return { draftId: draft.id };
}
