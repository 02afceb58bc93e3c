/**
 * SQLite store: one table of ARM resources keyed by (lower-cased) ARM id with a JSON body,
 * an etag and timestamps, plus service-private simulation state; a table of long-running
 * operations; and a small key/value table.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { key } from "./arm";

export interface StoredResource<B = any, S = any> {
  id: string; // canonical ARM id (original casing)
  kind: string; // e.g. "workspaces", "computes", "quotas"
  parent: string; // lower-cased parent id
  name: string;
  body: B;
  sim: S | null; // service-private state (simulation timeline), never sent to clients
  etag: string;
  createdAt: number;
  updatedAt: number;
  dueAt: number | null; // when the simulator must next look at this resource
}

export interface Operation {
  id: string;
  resourceId: string;
  action: string; // Create | Start | Stop | Restart | Delete | Update
  location: string;
  sub: string;
  status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  startedAt: number;
  dueAt: number;
  error: { code: string; message: string } | null;
}

interface Row {
  id: string;
  key: string;
  kind: string;
  parent: string;
  name: string;
  body: string;
  sim: string | null;
  etag: string;
  created_at: number;
  updated_at: number;
  due_at: number | null;
}

/** Whether a row is archived (ARM's `properties.isArchived`), as SQL: the same text in resources_archived and listPage. */
const ARCHIVED_SQL = "(COALESCE(json_extract(body, '$.properties.isArchived'), 0) = 1)";

function fromRow(r: Row): StoredResource {
  return {
    id: r.id,
    kind: r.kind,
    parent: r.parent,
    name: r.name,
    body: JSON.parse(r.body),
    sim: r.sim ? JSON.parse(r.sim) : null,
    etag: r.etag,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    dueAt: r.due_at,
  };
}

/** ARM's listViewType: which of the archivable resources (assets, jobs) a list shows. */
export type ArchiveView = "ActiveOnly" | "ArchivedOnly" | "All";

export function newEtag() {
  return `"${randomUUID()}"`;
}

export class Store {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS resources (
        key TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        parent TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        sim TEXT,
        etag TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        due_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS resources_parent ON resources(kind, parent, created_at, key);
      -- listPage's archive views: counting and skipping through an index, not a JSON parse of every row per page.
      CREATE INDEX IF NOT EXISTS resources_archived ON resources(kind, parent, ${ARCHIVED_SQL}, created_at, key);
      CREATE INDEX IF NOT EXISTS resources_due ON resources(due_at) WHERE due_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS operations (
        id TEXT PRIMARY KEY,
        resource_id TEXT NOT NULL,
        action TEXT NOT NULL,
        location TEXT NOT NULL,
        sub TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        error TEXT
      );
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
  }

  close() {
    this.db.close();
  }

  /**
   * One prepared statement per SQL text, reused: preparing on every call cost the job runner ~0.7 s of CPU per
   * hundred steps of a big pipeline (every step reads and writes its job several times).
   */
  private readonly statements = new Map<string, Database.Statement>();
  statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get(id: string): StoredResource | null {
    const r = this.statement("SELECT * FROM resources WHERE key = ?").get(key(id)) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** Insert or replace; keeps createdAt of an existing row; returns the stored resource with a fresh etag. */
  put(
    res: Omit<StoredResource, "etag" | "createdAt" | "updatedAt"> & { createdAt?: number },
    now: number,
  ): StoredResource {
    const existing = this.get(res.id);
    const createdAt = existing?.createdAt ?? res.createdAt ?? now;
    const etag = newEtag();
    this.statement(
      `INSERT INTO resources (key, id, kind, parent, name, body, sim, etag, created_at, updated_at, due_at)
         VALUES (@key, @id, @kind, @parent, @name, @body, @sim, @etag, @created_at, @updated_at, @due_at)
         ON CONFLICT(key) DO UPDATE SET body = excluded.body, sim = excluded.sim, etag = excluded.etag,
           updated_at = excluded.updated_at, due_at = excluded.due_at`,
    ).run({
      key: key(res.id),
      id: res.id,
      kind: res.kind,
      parent: key(res.parent),
      name: res.name,
      body: JSON.stringify(res.body),
      sim: res.sim == null ? null : JSON.stringify(res.sim),
      etag,
      created_at: createdAt,
      updated_at: now,
      due_at: res.dueAt,
    });
    return { ...res, parent: key(res.parent), etag, createdAt, updatedAt: now };
  }

  delete(id: string) {
    this.statement("DELETE FROM resources WHERE key = ?").run(key(id));
  }

  /** Deletes a resource and every resource beneath it (by id prefix). */
  deleteTree(id: string) {
    const k = key(id);
    this.statement("DELETE FROM resources WHERE key = ? OR key LIKE ? ESCAPE '\\'").run(
      k,
      k.replace(/[\\%_]/g, "\\$&") + "/%",
    );
  }

  list(kind: string, parent: string, skip = 0, top = 1_000_000): StoredResource[] {
    const rows = this.statement(
      "SELECT * FROM resources WHERE kind = ? AND parent = ? ORDER BY created_at, key LIMIT ? OFFSET ?",
    ).all(kind, key(parent), top, skip) as Row[];
    return rows.map(fromRow);
  }

  /** The resources of a kind under each of `parents` (oldest first), in one query: a page's containers' versions. */
  listUnder(kind: string, parents: string[]): Map<string, StoredResource[]> {
    const byKey = new Map(parents.map((p) => [key(p), [] as StoredResource[]]));
    const rows = this.statement(
      "SELECT * FROM resources WHERE kind = ? AND parent IN (SELECT value FROM json_each(?)) ORDER BY created_at, key",
    ).all(kind, JSON.stringify([...byKey.keys()])) as Row[];
    for (const r of rows) byKey.get(r.parent)?.push(fromRow(r));
    return new Map(parents.map((p) => [p, byKey.get(key(p)) ?? []]));
  }

  /**
   * One page of a kind's resources under a parent and how many there are, filtered and cut in SQL: paging through
   * 10,000 models or jobs must not parse every row for every page. `view` reads ARM's `properties.isArchived`;
   * `jobType` its `properties.jobType`. Oldest first unless `newestFirst`.
   */
  listPage(
    kind: string,
    parent: string,
    opts: { skip: number; top: number; view?: ArchiveView; jobType?: string | null; newestFirst?: boolean },
  ): { items: StoredResource[]; total: number } {
    const view = opts.view ?? "All";
    // An archive view is an equality on resources_archived's expression (an OR around it would not use the index).
    const where = `kind = @kind AND parent = @parent${view === "All" ? "" : ` AND ${ARCHIVED_SQL} = @archived`}
      AND (@jobType IS NULL OR json_extract(body, '$.properties.jobType') = @jobType)`;
    const args = {
      kind,
      parent: key(parent),
      jobType: opts.jobType ?? null,
      ...(view === "All" ? {} : { archived: view === "ArchivedOnly" ? 1 : 0 }),
    };
    const total = (this.statement(`SELECT COUNT(*) AS n FROM resources WHERE ${where}`).get(args) as { n: number }).n;
    const order = opts.newestFirst ? "created_at DESC, key DESC" : "created_at, key";
    const rows = this.statement(`SELECT * FROM resources WHERE ${where} ORDER BY ${order} LIMIT @top OFFSET @skip`).all(
      {
        ...args,
        top: opts.top,
        skip: opts.skip,
      },
    ) as Row[];
    return { items: rows.map(fromRow), total };
  }

  count(kind: string, parent: string): number {
    return (
      this.statement("SELECT COUNT(*) AS n FROM resources WHERE kind = ? AND parent = ?").get(kind, key(parent)) as {
        n: number;
      }
    ).n;
  }

  /** All resources of a kind whose parent starts with a prefix (e.g. all workspaces of a subscription). */
  listByPrefix(kind: string, parentPrefix: string): StoredResource[] {
    const p = key(parentPrefix).replace(/[\\%_]/g, "\\$&");
    const rows = this.statement(
      "SELECT * FROM resources WHERE kind = ? AND (parent = ? OR parent LIKE ? ESCAPE '\\') ORDER BY created_at, key",
    ).all(kind, key(parentPrefix), p + "/%") as Row[];
    return rows.map(fromRow);
  }

  due(now: number): StoredResource[] {
    const rows = this.statement("SELECT * FROM resources WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at").all(
      now,
    ) as Row[];
    return rows.map(fromRow);
  }

  nextDue(): number | null {
    const r = this.statement("SELECT MIN(due_at) AS d FROM resources WHERE due_at IS NOT NULL").get() as {
      d: number | null;
    };
    return r.d;
  }

  // ---- operations ----------------------------------------------------------

  addOperation(op: Operation) {
    this.statement(
      `INSERT INTO operations (id, resource_id, action, location, sub, status, started_at, due_at, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      op.id,
      op.resourceId,
      op.action,
      op.location,
      op.sub,
      op.status,
      op.startedAt,
      op.dueAt,
      op.error ? JSON.stringify(op.error) : null,
    );
  }

  getOperation(id: string): Operation | null {
    const r = this.statement("SELECT * FROM operations WHERE id = ?").get(id) as any;
    if (!r) return null;
    return {
      id: r.id,
      resourceId: r.resource_id,
      action: r.action,
      location: r.location,
      sub: r.sub,
      status: r.status,
      startedAt: r.started_at,
      dueAt: r.due_at,
      error: r.error ? JSON.parse(r.error) : null,
    };
  }

  /** Settles every InProgress operation of a resource (e.g. when it finishes or is deleted). */
  finishOperations(resourceId: string, status: Operation["status"], error: Operation["error"] = null) {
    this.statement(
      "UPDATE operations SET status = ?, error = ? WHERE resource_id = ? COLLATE NOCASE AND status = 'InProgress'",
    ).run(status, error ? JSON.stringify(error) : null, resourceId);
  }

  getMeta(k: string): string | null {
    const r = this.statement("SELECT v FROM meta WHERE k = ?").get(k) as { v: string } | undefined;
    return r?.v ?? null;
  }
  setMeta(k: string, v: string) {
    this.statement("INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v").run(k, v);
  }
}
