/**
 * The studio's own migrator: applies the checked-in Prisma migrations (prisma/migrations/<provider>/<name>/migration.sql)
 * at start-up and records them in `_prisma_migrations` exactly as `prisma migrate deploy` does (same table DDL per
 * provider, uuid id, checksum = sha256 hex of migration.sql, started_at / finished_at, applied_steps_count 1), so
 * the real CLI agrees with what we did and either can be used on the same database.
 *
 * - Already-applied migrations are skipped; an applied migration whose file has since changed fails loudly.
 * - A migration that failed earlier (row with finished_at NULL and rolled_back_at NULL) blocks start-up, like Prisma's P3009.
 * - SQLite: scripts run outside any transaction (as Prisma does); two processes are kept apart by a lock file next to
 *   the database (`<db>.migrate.lock`, O_EXCL, stale after 2 minutes or when its pid is gone).
 * - PostgreSQL: the session holds pg_advisory_lock(72707369) — the key Prisma's own migrate commands use — so our
 *   migrator and `prisma migrate deploy` exclude each other; each script runs as one simple query (implicit transaction).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type DbProvider = "sqlite" | "postgres";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

/** Prisma's advisory lock key for migrate commands. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** `_prisma_migrations` exactly as Prisma's schema engine creates it, per provider. */
export const MIGRATIONS_TABLE_DDL: Record<DbProvider, string> = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgres: `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** The folder holding prisma/migrations/<provider>. Overridable for tests and unusual layouts. */
export function migrationsDir(provider: DbProvider): string {
  const root =
    process.env.PRISMA_MIGRATIONS_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
  return path.join(root, provider);
}

/** Reads migrations in Prisma's order (directory names sorted). Only directories holding a migration.sql count. */
export function readMigrations(dir: string): Migration[] {
  if (!fs.existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    });
}

export function checksumOf(sql: string): string {
  return crypto.createHash("sha256").update(sql, "utf8").digest("hex");
}

interface AppliedRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
}

/** What both providers must offer the shared algorithm. */
interface MigrationDriver {
  provider: DbProvider;
  tableExists(): Promise<boolean>;
  exec(sql: string): Promise<void>;
  rows(): Promise<AppliedRow[]>;
  insertStarted(id: string, checksum: string, name: string, startedAt: Date): Promise<void>;
  markFinished(id: string, finishedAt: Date): Promise<void>;
  markFailed(id: string, logs: string): Promise<void>;
}

async function runMigrations(
  driver: MigrationDriver,
  migrations: Migration[],
  log: (msg: string) => void,
): Promise<MigrateResult> {
  if (!(await driver.tableExists())) await driver.exec(MIGRATIONS_TABLE_DDL[driver.provider]);
  const rows = await driver.rows();

  const failed = rows.filter((r) => r.finished_at == null && r.rolled_back_at == null);
  if (failed.length) {
    throw new MigrationError(
      `Migration ${failed.map((r) => r.migration_name).join(", ")} failed earlier and must be resolved before start-up ` +
        `(fix the database, then \`prisma migrate resolve --rolled-back|--applied <name>\`). Logs: ${failed[0].logs ?? "none"}`,
    );
  }
  const applied = new Map<string, AppliedRow>();
  for (const r of rows) if (r.finished_at != null && r.rolled_back_at == null) applied.set(r.migration_name, r);

  const local = new Set(migrations.map((m) => m.name));
  for (const name of applied.keys())
    if (!local.has(name)) log(`migration ${name} is recorded in the database but missing locally`);

  const result: MigrateResult = { applied: [], skipped: [] };
  for (const m of migrations) {
    const row = applied.get(m.name);
    if (row) {
      if (row.checksum !== m.checksum) {
        throw new MigrationError(
          `Migration ${m.name} was modified after it was applied (checksum in database ${row.checksum}, on disk ${m.checksum}). ` +
            `Never edit an applied migration; add a new one.`,
        );
      }
      result.skipped.push(m.name);
      continue;
    }
    const id = crypto.randomUUID();
    await driver.insertStarted(id, m.checksum, m.name, new Date());
    try {
      await driver.exec(m.sql);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await driver.markFailed(id, message).catch(() => {});
      throw new MigrationError(`Migration ${m.name} failed: ${message}`);
    }
    await driver.markFinished(id, new Date());
    result.applied.push(m.name);
    log(`applied migration ${m.name}`);
  }
  return result;
}

// ---------------------------------------------------------------- SQLite

/** Timestamps as Prisma's schema engine writes them through the SQLite driver adapter: 2026-01-01T00:00:00.000+00:00. */
function sqliteTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export interface SqliteMigrateOptions {
  /** Path of the database file. */
  file: string;
  dir?: string;
  log?: (msg: string) => void;
  /** How long to wait for another process's lock file (ms). */
  lockWaitMs?: number;
}

export async function migrateSqlite(opts: SqliteMigrateOptions): Promise<MigrateResult> {
  const migrations = readMigrations(opts.dir ?? migrationsDir("sqlite"));
  const log = opts.log ?? ((m) => console.info(`[db] ${m}`));
  fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  const release = await acquireLockFile(`${opts.file}.migrate.lock`, opts.lockWaitMs ?? 60_000);
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(opts.file);
  try {
    db.pragma("busy_timeout = 5000");
    db.pragma("journal_mode = WAL");
    const driver: MigrationDriver = {
      provider: "sqlite",
      async tableExists() {
        return !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      },
      async exec(sql) {
        db.exec(sql);
      },
      async rows() {
        return db
          .prepare(
            `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at`,
          )
          .all() as AppliedRow[];
      },
      async insertStarted(id, checksum, name, startedAt) {
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`,
        ).run(id, checksum, name, sqliteTime(startedAt));
      },
      async markFinished(id, finishedAt) {
        db.prepare(
          `UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = applied_steps_count + 1 WHERE id = ?`,
        ).run(sqliteTime(finishedAt), id);
      },
      async markFailed(id, logs) {
        db.prepare(`UPDATE "_prisma_migrations" SET logs = ? WHERE id = ?`).run(logs, id);
      },
    };
    return await runMigrations(driver, migrations, log);
  } finally {
    db.close();
    release();
  }
}

async function acquireLockFile(lockPath: string, waitMs: number): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (lockIsStale(lockPath)) {
      fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new MigrationError(
        `Timed out waiting for the migration lock ${lockPath}; delete it if no studio is starting.`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

function lockIsStale(lockPath: string): boolean {
  try {
    const stat = fs.statSync(lockPath);
    if (Date.now() - stat.mtimeMs > 120_000) return true;
    const { pid } = JSON.parse(fs.readFileSync(lockPath, "utf8")) as { pid?: number };
    if (typeof pid === "number" && pid !== process.pid) {
      try {
        process.kill(pid, 0);
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "ESRCH";
      }
    }
    return false;
  } catch {
    return false; // being written or just removed: try again
  }
}

// ---------------------------------------------------------------- PostgreSQL

/** Splits `?schema=` off a postgres URL (Prisma's convention) — pg itself does not know it. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") || "public";
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), schema };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface PostgresMigrateOptions {
  /** postgresql:// URL, optionally with ?schema=<name> (default public). */
  url: string;
  dir?: string;
  log?: (msg: string) => void;
}

export async function migratePostgres(opts: PostgresMigrateOptions): Promise<MigrateResult> {
  const migrations = readMigrations(opts.dir ?? migrationsDir("postgres"));
  const log = opts.log ?? ((m) => console.info(`[db] ${m}`));
  const { connectionString, schema } = parsePostgresUrl(opts.url);
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString, options: `-c search_path=${quoteIdent(schema)}` });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock($1)`, [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      const driver: MigrationDriver = {
        provider: "postgres",
        async tableExists() {
          const r = await client.query(
            `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '_prisma_migrations'`,
            [schema],
          );
          return (r.rowCount ?? 0) > 0;
        },
        async exec(sql) {
          await client.query(sql);
        },
        async rows() {
          return (
            await client.query(
              `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at`,
            )
          ).rows as AppliedRow[];
        },
        async insertStarted(id, checksum, name, startedAt) {
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, 0)`,
            [id, checksum, name, startedAt],
          );
        },
        async markFinished(id, finishedAt) {
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = $1, applied_steps_count = applied_steps_count + 1 WHERE id = $2`,
            [finishedAt, id],
          );
        },
        async markFailed(id, logs) {
          await client.query(`UPDATE "_prisma_migrations" SET logs = $1 WHERE id = $2`, [logs, id]);
        },
      };
      return await runMigrations(driver, migrations, log);
    } finally {
      await client.query(`SELECT pg_advisory_unlock($1)`, [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
