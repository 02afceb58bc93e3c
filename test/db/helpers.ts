/**
 * Test databases for both providers: SQLite in a temp dir, PostgreSQL in a fresh schema of TEST_DATABASE_URL
 * (default postgresql://postgres@127.0.0.1:5432/test), dropped afterwards. TEST_PG=off skips PostgreSQL.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb, type DbConfig, type DbHandle } from "@/lib/server/db";

export const PG_BASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const providers = (process.env.TEST_PG === "off" ? ["sqlite"] : ["sqlite", "postgres"]) as Array<
  "sqlite" | "postgres"
>;

export interface TestDatabase {
  config: DbConfig;
  /** For postgres: the schema name. */
  schema?: string;
  /** For sqlite: the temp dir. */
  dir?: string;
  open(): Promise<DbHandle>;
  drop(): Promise<void>;
}

export function pgUrlWithSchema(schema: string): string {
  const u = new URL(PG_BASE_URL);
  u.searchParams.set("schema", schema);
  return u.toString();
}

export async function pgQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_BASE_URL });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export function testDatabase(provider: "sqlite" | "postgres"): TestDatabase {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-db-"));
    const config: DbConfig = { provider: "sqlite", file: path.join(dir, "studio.db") };
    return {
      config,
      dir,
      open: () => openDb(config, { log: () => {} }),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `test_${crypto.randomBytes(6).toString("hex")}`;
  const config: DbConfig = { provider: "postgres", url: pgUrlWithSchema(schema) };
  return {
    config,
    schema,
    open: () => openDb(config, { log: () => {} }),
    drop: async () => {
      await pgQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/** Copies prisma/migrations/<provider> to a temp dir so a test can edit or add migrations. */
export function copyMigrations(provider: "sqlite" | "postgres"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mls-migrations-"));
  fs.cpSync(path.join(process.cwd(), "prisma", "migrations", provider), dir, { recursive: true });
  return dir;
}
