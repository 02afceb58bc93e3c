/**
 * Choosing Azurite's metadata store for a data directory, and the stale postmaster.pid a killed PostgreSQL leaves.
 */
import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chooseMetadataStore } from "../../local-workspace/storage";
import { clearStalePid, postgresPassword } from "../../local-workspace/storage/postgres";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "mls-meta-"));
  dirs.push(d);
  return d;
};
const saved = process.env.AZURITE_METADATA;
afterEach(() => {
  if (saved === undefined) delete process.env.AZURITE_METADATA;
  else process.env.AZURITE_METADATA = saved;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("metadata store of a data directory", () => {
  it("is PostgreSQL for a new directory, and the directory keeps it", () => {
    delete process.env.AZURITE_METADATA;
    const d = tmp();
    expect(chooseMetadataStore(d)).toBe("postgres");
    expect(fs.readFileSync(path.join(d, "azurite", "metadata-store"), "utf8").trim()).toBe("postgres");
    expect(chooseMetadataStore(d)).toBe("postgres");
  });

  it("is Loki when AZURITE_METADATA=loki, and a directory made before PostgreSQL (a Loki file, no record) stays on Loki", () => {
    process.env.AZURITE_METADATA = "loki";
    expect(chooseMetadataStore(tmp())).toBe("loki");
    delete process.env.AZURITE_METADATA;
    const old = tmp();
    fs.mkdirSync(path.join(old, "azurite"));
    fs.writeFileSync(path.join(old, "azurite", "__azurite_db_blob__.json"), "{}");
    expect(chooseMetadataStore(old)).toBe("loki");
    expect(fs.readFileSync(path.join(old, "azurite", "metadata-store"), "utf8").trim()).toBe("loki");
  });

  it("refuses an unknown AZURITE_METADATA, naming it", () => {
    process.env.AZURITE_METADATA = "sqlite";
    expect(() => chooseMetadataStore(tmp())).toThrow(/AZURITE_METADATA must be 'postgres' or 'loki', not 'sqlite'/);
  });
});

describe("embedded PostgreSQL files", () => {
  it("generates the password once, 0600", () => {
    const secrets = path.join(tmp(), "secrets");
    const a = postgresPassword(secrets);
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(postgresPassword(secrets)).toBe(a);
    expect(fs.statSync(path.join(secrets, "azurite-pg.password")).mode & 0o777).toBe(0o600);
  });

  it("removes a postmaster.pid whose pid now belongs to another process, and leaves a dead pid's to PostgreSQL", async () => {
    const data = tmp();
    const file = path.join(data, "postmaster.pid");
    fs.writeFileSync(file, `${process.pid}\n${data}\n1700000000\n40299\n`);
    await clearStalePid(data, "/opt/pg/bin/postgres");
    expect(fs.existsSync(file)).toBe(false); // this test's own pid: alive, and not a postgres on this directory
    fs.writeFileSync(file, `99999999\n${data}\n1700000000\n40299\n`);
    await clearStalePid(data, "/opt/pg/bin/postgres");
    expect(fs.existsSync(file)).toBe(true); // nobody has that pid: PostgreSQL checks and replaces it itself
  });
});
