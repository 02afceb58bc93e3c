import type { ModelRow } from "@/lib/domain/models";

/** Rows per request for their latest type and stage; the page reads the first two blocks on the server. */
export const DETAIL_BLOCK = 25;

/**
 * The `name@version`s to ask about for rows first…last, in blocks of DETAIL_BLOCK aligned to the list (so a block
 * stays the same request while the rows around it scroll); rows that carry their type already, or have no version,
 * are left out. The list asks for the blocks on screen; the page reads the first two on the server.
 */
export function detailBlocks(rows: ModelRow[], first: number, last: number): string[][] {
  const blocks: string[][] = [];
  for (let b = Math.floor(first / DETAIL_BLOCK); b <= Math.floor(last / DETAIL_BLOCK) && last >= 0; b++) {
    const versions = rows
      .slice(b * DETAIL_BLOCK, (b + 1) * DETAIL_BLOCK)
      .filter((m) => m.type === undefined && m.latestVersion)
      .map((m) => `${m.name}@${m.latestVersion}`);
    if (versions.length) blocks.push(versions);
  }
  return blocks;
}
