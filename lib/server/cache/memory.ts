/**
 * The in-process memory of parsed rows: it only saves re-parsing a row's JSON when the row in the database is still
 * the very one parsed (same id and fetchedAt). Least recently used entries go first.
 */
export interface MemoryEntry {
  rowId: string;
  fetchedAt: number;
  /** The row's JSON text: an unchanged body keeps the same `data` object, so encodings memoized on it stay valid. */
  body: string;
  data: unknown;
}

/** The memory's key of a row (also the key of its in-flight revalidation and its last failure). */
export const rowKey = (ws: string, kind: string, key: string) => `${ws}\u0000${kind}\u0000${key}`;
/** The prefix of every row key of a kind. */
export const kindPrefix = (ws: string, kind: string) => `${ws}\u0000${kind}\u0000`;

export function createRowMemory(maxEntries: number) {
  const entries = new Map<string, MemoryEntry>();
  return {
    get: (id: string) => entries.get(id),
    remember(id: string, entry: MemoryEntry) {
      entries.delete(id);
      entries.set(id, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    forget: (id: string) => entries.delete(id),
    /** Forgets a kind's rows: those `dropped` names by their key, or all of them. */
    forgetKind(ws: string, kind: string, dropped: (key: string) => boolean = () => true) {
      const prefix = kindPrefix(ws, kind);
      for (const id of [...entries.keys()])
        if (id.startsWith(prefix) && dropped(id.slice(prefix.length))) entries.delete(id);
    },
  };
}

export type RowMemory = ReturnType<typeof createRowMemory>;
