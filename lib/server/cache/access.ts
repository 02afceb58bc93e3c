/**
 * The access policy's records: WorkspaceAccess rows say when an upstream call made as a user last succeeded for a
 * workspace. The cache serves a user rows of a workspace only while that is recent (see index.ts).
 */
import type { Db } from "../db";
import { upsertRetry } from "./rows";

/** When the user's access to the workspace was last confirmed upstream (null: never, or forgotten). */
export async function accessCheckedAt(db: Db, principalId: string, ws: string): Promise<Date | null> {
  const row = await db.workspaceAccess.findUnique({
    where: { principalId_workspaceId: { principalId, workspaceId: ws } },
    select: { checkedAt: true },
  });
  return row?.checkedAt ?? null;
}

export async function recordAccess(db: Db, principalId: string, ws: string) {
  const checkedAt = new Date();
  await upsertRetry(() =>
    db.workspaceAccess.upsert({
      where: { principalId_workspaceId: { principalId, workspaceId: ws } },
      create: { principalId, workspaceId: ws, checkedAt },
      update: { checkedAt },
    }),
  );
}

export async function forgetAccessRow(db: Db, principalId: string, ws: string) {
  await db.workspaceAccess.deleteMany({ where: { principalId, workspaceId: ws } });
}
