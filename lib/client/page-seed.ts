import { useMemo } from "react";
import type { PageSeed } from "@/lib/domain/page-seed";

/** A page seed's data in the client view (lib/domain/page-seed.ts), parsed once per seed. */
export function usePageSeed<T>(seed: PageSeed<T> | null | undefined): T | null {
  return useMemo(() => (seed == null ? null : (JSON.parse(seed) as T)), [seed]);
}
