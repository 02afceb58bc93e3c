// Prisma CLI config for the PostgreSQL schema (used by `prisma generate` and, should you run it, `prisma migrate`).
// The studio applies migrations itself at start-up (lib/server/db/migrate.ts); this file lets the real CLI
// agree on where they are:  DATABASE_URL=postgresql://... npx prisma migrate status --config prisma/postgres/prisma.config.ts
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join(__dirname, "schema.prisma"),
  migrations: { path: path.join(__dirname, "..", "migrations", "postgres") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
