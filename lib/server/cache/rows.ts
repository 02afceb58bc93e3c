/**
 * CachedAsset rows, the cache's source of truth shared by every replica: one row per item (keyed by lowercased ARM
 * id) and one per list ("list:<query>"). Reads go through the row memory so an unchanged row is not parsed again.
 */
import type { Db } from "../db";
import { rowKey, type RowMemory } from "./memory";
import type { CachedItem } from "./types";

export type StoredRow = { rowId: string; fetchedAt: number; data: unknown };

export async function readRow(
  db: Db,
  memory: RowMemory,
  ws: string,
  kind: string,
  key: string,
): Promise<StoredRow | null> {
  const id = rowKey(ws, kind, key);
  const meta = await db.cachedAsset.findUnique({
    where: { workspaceId_kind_key: { workspaceId: ws, kind, key } },
    select: { id: true, fetchedAt: true },
  });
  if (!meta) {
    memory.forget(id);
    return null;
  }
  const fetchedAt = meta.fetchedAt.getTime();
  const mem = memory.get(id);
  if (mem && mem.rowId === meta.id && mem.fetchedAt === fetchedAt) return mem;
  const full = await db.cachedAsset.findUnique({ where: { id: meta.id }, select: { body: true, fetchedAt: true } });
  if (!full) return null;
  const entry = {
    rowId: meta.id,
    fetchedAt: full.fetchedAt.getTime(),
    body: full.body,
    data: mem && mem.body === full.body ? mem.data : JSON.parse(full.body),
  };
  memory.remember(id, entry);
  return entry;
}

/** Stores one row (insert or replace); returns its id. */
export async function writeRow(
  db: Db,
  row: { ws: string; kind: string; key: string; body: string; etag: string | null; fetchedAt: Date },
): Promise<string> {
  const { ws, kind, key, body, etag, fetchedAt } = row;
  const stored = await upsertRetry(() =>
    db.cachedAsset.upsert({
      where: { workspaceId_kind_key: { workspaceId: ws, kind, key } },
      create: { workspaceId: ws, kind, key, body, etag, fetchedAt },
      update: { body, etag, fetchedAt },
      select: { id: true },
    }),
  );
  return stored.id;
}

/**
 * Moves an unchanged row's fetchedAt, only if the row is still the one this process last wrote or read (same id and
 * fetchedAt): another replica's newer write is not stamped as ours. Returns whether it did.
 */
export async function touchRow(db: Db, known: { rowId: string; fetchedAt: number }, fetchedAt: Date): Promise<boolean> {
  const { count } = await db.cachedAsset.updateMany({
    where: { id: known.rowId, fetchedAt: new Date(known.fetchedAt) },
    data: { fetchedAt },
  });
  return count === 1;
}

/** Moves the fetchedAt of a list's item rows when the list came back unchanged (their bodies are the same). */
export async function touchItems(db: Db, ws: string, kind: string, items: CachedItem[], fetchedAt: Date) {
  const keys = [...new Set(items.map((i) => i.key))];
  const ops = [];
  for (let i = 0; i < keys.length; i += 500)
    ops.push(
      db.cachedAsset.updateMany({
        where: { workspaceId: ws, kind, key: { in: keys.slice(i, i + 500) } },
        data: { fetchedAt },
      }),
    );
  if (ops.length) await db.$transaction(ops);
}

/** Stores a list's items as their own rows (so a get after a list is a hit), replacing what was there. */
export async function storeItems(
  db: Db,
  memory: RowMemory,
  ws: string,
  kind: string,
  items: CachedItem[],
  fetchedAt: Date,
) {
  if (!items.length) return;
  const unique = new Map(items.map((i) => [i.key, i]));
  const keys = [...unique.keys()];
  const ops = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    ops.push(db.cachedAsset.deleteMany({ where: { workspaceId: ws, kind, key: { in: chunk } } }));
    ops.push(
      db.cachedAsset.createMany({
        data: chunk.map((key) => {
          const item = unique.get(key)!;
          return {
            workspaceId: ws,
            kind,
            key,
            body: JSON.stringify(item.value ?? null),
            etag: item.etag ?? null,
            fetchedAt,
          };
        }),
      }),
    );
  }
  // A batch (not interactive) transaction: one write lock, no read-then-write upgrade on SQLite.
  await db.$transaction(ops);
  for (const key of keys) memory.forget(rowKey(ws, kind, key));
}

/** Unique-constraint races (two requests storing the same new key at once) are retried once. */
export async function upsertRetry<R>(op: () => Promise<R>): Promise<R> {
  try {
    return await op();
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return op();
    throw err;
  }
}
