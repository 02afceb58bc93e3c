// Prisma CLI config for the SQLite schema (used by `prisma generate` and, should you run it, `prisma migrate`).
// The studio applies migrations itself at start-up (lib/server/db/migrate.ts); this file lets the real CLI
// agree on where they are:  npx prisma migrate status --config prisma/sqlite/prisma.config.ts
import path from "node:path";
import { defineConfig } from "prisma/config";

const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");

export default defineConfig({
  schema: path.join(__dirname, "schema.prisma"),
  migrations: { path: path.join(__dirname, "..", "migrations", "sqlite") },
  datasource: { url: process.env.SQLITE_URL ?? `file:${path.join(dataDir, "studio.db")}` },
});
