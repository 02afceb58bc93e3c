import type { Cached, ListSeed } from "@/lib/domain/cache-meta";

/**
 * A list query's start from its page's server-rendered seed: the whole list as its initial data, or, when the page
 * sent only the first rows of a longer one, those rows as placeholder data while the query reads the whole list
 * (a placeholder is never cached as the list, so nothing reads it as complete).
 */
export function seededList<T>(seed: ListSeed<T> | null | undefined): {
  initialData?: Cached<T[]>;
  placeholderData?: Cached<T[]>;
} {
  if (!seed) return {};
  const data: Cached<T[]> = { data: seed.data, cache: seed.cache };
  return seed.total > seed.data.length ? { placeholderData: data } : { initialData: data };
}
