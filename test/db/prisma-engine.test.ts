/**
 * Cross-check with Prisma itself: after OUR migrator ran, Prisma's schema engine (the WebAssembly build, the same
 * migration code `prisma migrate deploy/status` runs) must find the history in order — nothing failed, nothing edited,
 * nothing left to apply. The native CLI cannot run here (it downloads a binary), so this loads
 * @prisma/schema-engine-wasm when available: set PRISMA_SCHEMA_ENGINE_WASM_DIR to its folder, e.g.
 *   npm install --prefix /tmp/sew --ignore-scripts @prisma/schema-engine-wasm@7.10.0-7.561d7b42579a2459cc8edf3788918b626c640023
 *   PRISMA_SCHEMA_ENGINE_WASM_DIR=/tmp/sew/node_modules/@prisma/schema-engine-wasm npx vitest run test/db
 * Skipped otherwise.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { afterEach, describe, expect, it } from "vitest";
import { migratePostgres, migrateSqlite, parsePostgresUrl } from "@/lib/server/db/migrate";
import { providers, testDatabase, type TestDatabase } from "./helpers";

const engineDir = process.env.PRISMA_SCHEMA_ENGINE_WASM_DIR;
const available = !!engineDir && fs.existsSync(path.join(engineDir, "schema_engine_bg.wasm"));

type Engine = any;

async function loadEngine(schemaPath: string, adapter: object): Promise<Engine> {
  const bg = await import(pathToFileURL(path.join(engineDir!, "schema_engine_bg.js")).href);
  if (!(globalThis as { __mlsWasmReady?: boolean }).__mlsWasmReady) {
    const bytes = fs.readFileSync(path.join(engineDir!, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    (globalThis as { __mlsWasmReady?: boolean }).__mlsWasmReady = true;
  }
  const content = fs.readFileSync(schemaPath, "utf8");
  return bg.SchemaEngine.new(
    { datamodels: [[schemaPath, content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter as never),
  );
}

function migrationsList(provider: "sqlite" | "postgres") {
  const baseDir = path.resolve("prisma", "migrations", provider);
  const dirs = fs
    .readdirSync(baseDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.readFileSync(path.join(baseDir, "migration_lock.toml"), "utf8"),
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(baseDir, d, "migration.sql"), "utf8") },
      },
    })),
  };
}

describe.skipIf(!available).each(providers)("Prisma's schema engine agrees with our migrator on %s", (provider) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it("finds the history in order and nothing to apply", async () => {
    const t: TestDatabase = testDatabase(provider);
    cleanups.push(() => t.drop());
    let adapter: object;
    if (t.config.provider === "sqlite") {
      await migrateSqlite({ file: t.config.file, log: () => {} });
      adapter = new PrismaBetterSqlite3({ url: `file:${t.config.file}` });
    } else {
      await migratePostgres({ url: t.config.url, log: () => {} });
      const { connectionString, schema } = parsePostgresUrl(t.config.url);
      adapter = new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema });
    }
    const engine = await loadEngine(path.resolve("prisma", provider, "schema.prisma"), adapter);
    const filters = { externalTables: [], externalEnums: [] };
    const list = migrationsList(provider);
    const diag = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters });
    expect(diag).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
    expect(await engine.applyMigrations({ migrationsList: list, filters })).toEqual({ appliedMigrationNames: [] });
    // And the checked-in SQL is exactly what Prisma generates for the schema (empty → schema). For PostgreSQL Prisma
    // also emits `CREATE SCHEMA IF NOT EXISTS "<schema>"`, which we leave out (the migrator creates the target schema).
    const schemaFile = path.resolve("prisma", provider, "schema.prisma");
    const generated = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaFile, content: fs.readFileSync(schemaFile, "utf8") }] },
      script: true,
      exitCode: null,
      filters,
    });
    const expected = String(generated.stdout).replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "[^"]*";\n\n/, "");
    // Each migration adds its own tables and indexes, so the history holds Prisma's statements in another order:
    // compare them as a set of statements, each exactly as Prisma writes it.
    const statements = (sql: string) =>
      sql
        .split(/\n\n(?=-- )/)
        .map((s) => s.trim())
        .filter(Boolean)
        .sort();
    const history = list.migrationDirectories.map((d) => d.migrationFile.content.value).join("\n\n");
    expect(statements(history)).toEqual(statements(expected));
  });
});
