/**
 * The studio's database: one Prisma client per process, for the configured provider, after migrations ran.
 *
 *   DATABASE_URL unset, or file:<path>          → SQLite (better-sqlite3, WAL, busy_timeout 5000) at $DATA_DIR/studio.db
 *   DATABASE_URL=postgresql://…[?schema=<name>] → PostgreSQL (pg + @prisma/adapter-pg), tables in <name> (default public)
 *
 * Both generated clients (lib/server/db/generated/{sqlite,postgres}, made by scripts/prisma-generate.sh) come from the
 * same models, so the rest of the code sees one model API, typed as the SQLite client's (`Db`).
 * Keep writes to single statements (create/upsert/updateMany/deleteMany): an interactive SQLite transaction that starts
 * with a read can hit SQLITE_BUSY when another process writes; if you need one, write first.
 */
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { migratePostgres, migrateSqlite, parsePostgresUrl, type DbProvider, type MigrateResult } from "./migrate";

export type Db = SqlitePrismaClient;
export type { DbProvider, MigrateResult };

export type DbConfig = { provider: "sqlite"; file: string } | { provider: "postgres"; url: string };

export interface DbHandle {
  db: Db;
  provider: DbProvider;
  migrations: MigrateResult;
  close(): Promise<void>;
}

export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return { provider: "postgres", url };
  if (url && url.startsWith("file:")) return { provider: "sqlite", file: path.resolve(url.slice("file:".length)) };
  if (url) throw new Error(`DATABASE_URL must be a postgresql:// URL or file:<path> (got ${url.split(":")[0]}:…)`);
  return {
    provider: "sqlite",
    file: path.join(path.resolve(/* turbopackIgnore: true */ env.DATA_DIR ?? "data"), "studio.db"),
  };
}

/** Opens a database: runs the migrations, then connects a Prisma client. Tests use this directly; the app uses getDb(). */
export async function openDb(config: DbConfig, opts: { log?: (msg: string) => void } = {}): Promise<DbHandle> {
  if (config.provider === "sqlite") {
    const migrations = await migrateSqlite({ file: config.file, log: opts.log });
    const adapter = new PrismaBetterSqlite3({ url: `file:${config.file}`, timeout: 5000 });
    const db = new SqlitePrismaClient({ adapter });
    await db.$connect();
    // journal_mode=WAL is persistent (the migrator set it); busy_timeout is per connection (the adapter's `timeout`).
    return { db, provider: "sqlite", migrations, close: () => db.$disconnect() };
  }
  const migrations = await migratePostgres({ url: config.url, log: opts.log });
  const { connectionString, schema } = parsePostgresUrl(config.url);
  const adapter = new PrismaPg(
    { connectionString, options: `-c search_path="${schema.replace(/"/g, '""')}"` },
    { schema },
  );
  const db = new PostgresPrismaClient({ adapter }) as unknown as Db;
  await db.$connect();
  return { db, provider: "postgres", migrations, close: () => db.$disconnect() };
}

// ---------------------------------------------------------------- the process singleton

type Holder = { handle?: Promise<DbHandle> };
// globalThis survives Next.js dev hot reloads, so reloading a route does not open a second client.
const holder: Holder = ((globalThis as { __mlStudioDb?: Holder }).__mlStudioDb ??= {});

/** Migrates (once per process) and connects. Awaiting it again is free. */
export function ready(): Promise<DbHandle> {
  if (!holder.handle) {
    holder.handle = openDb(dbConfigFromEnv());
    // A failed start-up is not cached: the next request tries again (and fails loudly again).
    holder.handle.catch(() => {
      holder.handle = undefined;
    });
  }
  return holder.handle;
}

/** The Prisma client for the configured database, migrations applied. */
export async function getDb(): Promise<Db> {
  return (await ready()).db;
}

/** Disconnects the singleton (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
  const h = holder.handle;
  holder.handle = undefined;
  if (h) await (await h).close();
}
