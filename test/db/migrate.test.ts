import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import {
  MIGRATIONS_TABLE_DDL,
  migratePostgres,
  migrateSqlite,
  readMigrations,
  type MigrateResult,
} from "@/lib/server/db/migrate";
import { copyMigrations, pgQuery, providers, testDatabase, type TestDatabase } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const noLog = () => {};

interface Row {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number;
}

describe.each(providers)("migrator on %s", (provider) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  function fresh(): TestDatabase {
    const t = testDatabase(provider);
    cleanups.push(() => t.drop());
    return t;
  }
  function migrate(t: TestDatabase, dir?: string): Promise<MigrateResult> {
    return t.config.provider === "sqlite"
      ? migrateSqlite({ file: t.config.file, dir, log: noLog })
      : migratePostgres({ url: t.config.url, dir, log: noLog });
  }
  async function rows(t: TestDatabase): Promise<Row[]> {
    if (t.config.provider === "sqlite") {
      const db = new Database(t.config.file, { readonly: true });
      try {
        return db.prepare(`SELECT * FROM _prisma_migrations ORDER BY started_at`).all() as Row[];
      } finally {
        db.close();
      }
    }
    return pgQuery<Row & pg.QueryResultRow>(`SELECT * FROM "${t.schema}"._prisma_migrations ORDER BY started_at`);
  }
  async function tables(t: TestDatabase): Promise<string[]> {
    if (t.config.provider === "sqlite") {
      const db = new Database(t.config.file, { readonly: true });
      try {
        return (
          db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
        ).map((r) => r.name);
      } finally {
        db.close();
      }
    }
    return (
      await pgQuery<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [t.schema],
      )
    ).map((r) => r.table_name);
  }

  it("applies from scratch, records rows like Prisma, and is idempotent", async () => {
    const t = fresh();
    const local = readMigrations(path.join("prisma", "migrations", provider));
    expect(local.length).toBeGreaterThan(0);

    const first = await migrate(t);
    expect(first.applied).toEqual(local.map((m) => m.name));
    expect(first.skipped).toEqual([]);
    expect(await tables(t)).toEqual(
      expect.arrayContaining(["CachedAsset", "QuotaAudit", "WorkspaceAccess", "_prisma_migrations"]),
    );

    const recorded = await rows(t);
    expect(recorded).toHaveLength(local.length);
    for (const [i, r] of recorded.entries()) {
      const sql = fs.readFileSync(path.join("prisma", "migrations", provider, local[i].name, "migration.sql"));
      expect(r.id).toMatch(UUID);
      expect(r.checksum).toBe(crypto.createHash("sha256").update(sql).digest("hex"));
      expect(r.migration_name).toBe(local[i].name);
      expect(r.logs).toBeNull();
      expect(r.rolled_back_at).toBeNull();
      expect(r.finished_at).not.toBeNull();
      expect(r.started_at).not.toBeNull();
      expect(Number(r.applied_steps_count)).toBe(1);
      const started = new Date(r.started_at as string | Date).getTime();
      const finished = new Date(r.finished_at as string | Date).getTime();
      expect(Number.isNaN(started)).toBe(false);
      expect(finished).toBeGreaterThanOrEqual(started);
    }

    const second = await migrate(t);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(local.map((m) => m.name));
    expect(await rows(t)).toHaveLength(local.length);
  });

  it("creates _prisma_migrations with Prisma's own DDL", async () => {
    const t = fresh();
    await migrate(t);
    if (t.config.provider === "sqlite") {
      const db = new Database(t.config.file, { readonly: true });
      const { sql } = db.prepare(`SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'`).get() as {
        sql: string;
      };
      db.close();
      expect(sql).toBe(MIGRATIONS_TABLE_DDL.sqlite);
    } else {
      const cols = await pgQuery(
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        [t.schema],
      );
      expect(
        cols.map((c) => [c.column_name, c.data_type, c.character_maximum_length, c.is_nullable, c.column_default]),
      ).toEqual([
        ["id", "character varying", 36, "NO", null],
        ["checksum", "character varying", 64, "NO", null],
        ["finished_at", "timestamp with time zone", null, "YES", null],
        ["migration_name", "character varying", 255, "NO", null],
        ["logs", "text", null, "YES", null],
        ["rolled_back_at", "timestamp with time zone", null, "YES", null],
        ["started_at", "timestamp with time zone", null, "NO", "now()"],
        ["applied_steps_count", "integer", null, "NO", "0"],
      ]);
    }
  });

  it("fails loudly when an applied migration was edited", async () => {
    const t = fresh();
    const dir = copyMigrations(provider);
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    await migrate(t, dir);
    const [first] = readMigrations(dir);
    fs.appendFileSync(path.join(dir, first.name, "migration.sql"), "\n-- edited\n");
    await expect(migrate(t, dir)).rejects.toThrow(/was modified after it was applied/);
  });

  it("applies a new migration after the old ones, and blocks on a failed one", async () => {
    const t = fresh();
    const dir = copyMigrations(provider);
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    await migrate(t, dir);

    fs.mkdirSync(path.join(dir, "29990101000000_add_note"));
    fs.writeFileSync(
      path.join(dir, "29990101000000_add_note", "migration.sql"),
      `ALTER TABLE "QuotaAudit" ADD COLUMN "note" TEXT;\n`,
    );
    const r = await migrate(t, dir);
    expect(r.applied).toEqual(["29990101000000_add_note"]);

    fs.mkdirSync(path.join(dir, "29990102000000_broken"));
    fs.writeFileSync(
      path.join(dir, "29990102000000_broken", "migration.sql"),
      `ALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n`,
    );
    await expect(migrate(t, dir)).rejects.toThrow(/29990102000000_broken failed/);
    const broken = (await rows(t)).find((x) => x.migration_name === "29990102000000_broken")!;
    expect(broken.finished_at).toBeNull();
    expect(broken.logs).toMatch(/NoSuchTable/i);
    // Like Prisma's P3009: nothing more is applied until someone resolves it.
    await expect(migrate(t, dir)).rejects.toThrow(/failed earlier/);
  });

  it("lets only one of two concurrent migrators apply", async () => {
    const t = fresh();
    const [a, b] = await Promise.all([migrate(t), migrate(t)]);
    expect(a.applied.length + b.applied.length).toBe(
      readMigrations(path.join("prisma", "migrations", provider)).length,
    );
    expect(await rows(t)).toHaveLength(readMigrations(path.join("prisma", "migrations", provider)).length);
  });
});
