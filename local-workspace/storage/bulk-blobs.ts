/**
 * The bulk path for a folder of many small blobs (the demo's 100,000-blob folder and the benchmark's): it is our
 * own emulator's data, so rather than 100,000 Put Blob calls (about 6 minutes of CPU) one template blob goes
 * through the Blob API and its metadata row is copied inside Azurite's PostgreSQL, in one transaction, with
 * generate_series. Every copy refers to the template's bytes (the same extent range, length and MD5), which
 * Azurite's garbage collector keeps while any blob refers to them; each copy gets its own name and ETag.
 * The column list is read from the table, so a new Azurite column is copied as is.
 */
import pg from "pg";
import type { ContainerClient } from "@azure/storage-blob";

/** `part-000042.txt`: zero-padded so names sort in upload order (6 digits up to 999,999). */
export function smallBlobName(prefix: string, i: number) {
  return `${prefix}part-${String(i).padStart(6, "0")}.txt`;
}

export async function bulkCopySmallBlobs(
  pgUrl: string,
  container: ContainerClient,
  prefix: string,
  count: number,
  opts: { account: string; content?: Buffer } = { account: "devstoreaccount1" },
): Promise<void> {
  if (count <= 0) return;
  const template = smallBlobName(prefix, 0);
  await container.getBlockBlobClient(template).uploadData(opts.content ?? Buffer.from("a small blob\n"), {
    blobHTTPHeaders: { blobContentType: "text/plain" },
  });
  const client = new pg.Client({ connectionString: pgUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const cols = (
      await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'Blobs' AND column_name NOT IN ('blobId', 'blobName', 'etag')
          ORDER BY ordinal_position`,
      )
    ).rows.map((r) => `"${r.column_name}"`);
    const list = cols.join(", ");
    const from = cols.map((c) => `b.${c}`).join(", ");
    await client.query("BEGIN");
    // Azurite's ETags are "0x" + hex of a 100 ns tick count; consecutive ticks keep them unique per copy.
    const r = await client.query(
      `INSERT INTO "Blobs" ("blobName", "etag", ${list})
       SELECT $4 || 'part-' || lpad(i::text, 6, '0') || '.txt',
              '"0x' || upper(to_hex((extract(epoch FROM clock_timestamp()) * 10000000)::bigint + i)) || '"',
              ${from}
         FROM "Blobs" b, generate_series(1, $5::int - 1) AS i
        WHERE b."accountName" = $1 AND b."containerName" = $2 AND b."blobName" = $3
          AND b."snapshot" = '' AND b."deleting" = 0
       ON CONFLICT DO NOTHING`,
      [opts.account, container.containerName, template, prefix, count],
    );
    await client.query("COMMIT");
    if (r.rowCount === 0 && count > 1) {
      const exists = await client.query(
        `SELECT count(*)::int AS n FROM "Blobs" WHERE "accountName" = $1 AND "containerName" = $2 AND "blobName" LIKE $3`,
        [opts.account, container.containerName, `${prefix.replace(/[\\%_]/g, "\\$&")}%`],
      );
      if (exists.rows[0].n < count) throw new Error(`bulk copy of '${template}' wrote no rows`);
    }
    // Vacuum and fresh statistics now, as part of the seed: the planner walks the name index for first pages
    // from the start, and autovacuum has nothing left to do on these rows later, when the machine should be idle
    // (without this it spends ~2 s of CPU on them in the first idle minute).
    await client.query(`VACUUM (ANALYZE) "Blobs"`);
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}
