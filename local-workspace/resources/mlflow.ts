/**
 * The subset of the MLflow tracking REST API (2.0) that jobs use, served per workspace as Azure ML does:
 *   {base}/mlflow/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/api/2.0/mlflow/...
 * A job's run id is the job's name (MLFLOW_RUN_ID), so `mlflow.log_metric` inside a step lands on that job.
 * Errors use MLflow's shape `{error_code, message}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Ctx } from "../context";
import { requireRole } from "../context";

export const MLFLOW_PREFIX =
  "/mlflow/v1.0/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.MachineLearningServices/workspaces/:ws/api/2.0/mlflow";

export function mlflowTrackingUri(baseUrl: string, sub: string, rg: string, ws: string): string {
  return `${baseUrl}/mlflow/v1.0/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${ws}`;
}

class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

type Params = { sub: string; rg: string; ws: string };
export const wsKey = (p: Params) => `/subscriptions/${p.sub}/resourcegroups/${p.rg}/workspaces/${p.ws}`.toLowerCase();

const metricSchema = z.object({
  key: z.string().min(1).max(250),
  value: z.number(),
  timestamp: z.number().int().optional(),
  step: z.number().int().optional(),
});
const paramSchema = z.object({ key: z.string().min(1).max(250), value: z.string().max(6000) });
const tagSchema = z.object({ key: z.string().min(1).max(250), value: z.string().max(5000) });

export class MlflowStore {
  constructor(private readonly ctx: Ctx) {
    ctx.store.db.exec(`
      CREATE TABLE IF NOT EXISTS mlflow_experiments (id INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE(workspace, name));
      CREATE TABLE IF NOT EXISTS mlflow_runs (run_id TEXT PRIMARY KEY, workspace TEXT NOT NULL, experiment_id TEXT NOT NULL, run_name TEXT, status TEXT NOT NULL, start_time INTEGER, end_time INTEGER, user_id TEXT);
      CREATE TABLE IF NOT EXISTS mlflow_metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, timestamp INTEGER NOT NULL, step INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS mlflow_metrics_run_key ON mlflow_metrics(run_id, key, step);
      CREATE TABLE IF NOT EXISTS mlflow_params (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
      CREATE TABLE IF NOT EXISTS mlflow_tags (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key));
    `);
  }

  /** A prepared statement, prepared once and reused (the store's cache). */
  private sql(text: string) {
    return this.ctx.store.statement(text);
  }

  experimentId(workspace: string, name: string): string {
    this.ctx.store
      .statement("INSERT OR IGNORE INTO mlflow_experiments (workspace, name, created_at) VALUES (?, ?, ?)")
      .run(workspace, name, this.ctx.now());
    return String(
      (
        this.ctx.store
          .statement("SELECT id FROM mlflow_experiments WHERE workspace = ? AND name = ?")
          .get(workspace, name) as {
          id: number;
        }
      ).id,
    );
  }

  /** Creates the run for a job (idempotent: a rerun of the service keeps what the job logged). */
  ensureRun(workspace: string, runId: string, experimentName: string, userId: string) {
    const experimentId = this.experimentId(workspace, experimentName);
    this.ctx.store
      .statement(
        "INSERT OR IGNORE INTO mlflow_runs (run_id, workspace, experiment_id, run_name, status, start_time, user_id) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?)",
      )
      .run(runId, workspace, experimentId, runId, this.ctx.now(), userId);
  }

  setStatus(runId: string, status: string, endTime?: number) {
    this.ctx.store
      .statement("UPDATE mlflow_runs SET status = ?, end_time = COALESCE(?, end_time) WHERE run_id = ?")
      .run(status, endTime ?? null, runId);
  }

  run(workspace: string, runId: string) {
    const info = this.ctx.store
      .statement("SELECT * FROM mlflow_runs WHERE run_id = ? AND workspace = ?")
      .get(runId, workspace) as
      | {
          run_id: string;
          experiment_id: string;
          run_name: string;
          status: string;
          start_time: number;
          end_time: number | null;
          user_id: string;
        }
      | undefined;
    if (!info) throw new MlflowError(404, "RESOURCE_DOES_NOT_EXIST", `Run '${runId}' not found.`);
    const latest = this.ctx.store
      .statement(
        "SELECT m.key, m.value, m.timestamp, m.step FROM mlflow_metrics m JOIN (SELECT key, MAX(step) AS step FROM mlflow_metrics WHERE run_id = ? GROUP BY key) l ON l.key = m.key AND l.step = m.step WHERE m.run_id = ? GROUP BY m.key",
      )
      .all(runId, runId);
    return {
      info: {
        run_id: info.run_id,
        run_uuid: info.run_id,
        run_name: info.run_name,
        experiment_id: info.experiment_id,
        user_id: info.user_id,
        status: info.status,
        start_time: info.start_time,
        end_time: info.end_time ?? undefined,
        lifecycle_stage: "active",
      },
      data: {
        metrics: latest,
        params: this.sql("SELECT key, value FROM mlflow_params WHERE run_id = ?").all(runId),
        tags: this.sql("SELECT key, value FROM mlflow_tags WHERE run_id = ?").all(runId),
      },
    };
  }

  logBatch(
    workspace: string,
    runId: string,
    batch: {
      metrics?: z.infer<typeof metricSchema>[];
      params?: z.infer<typeof paramSchema>[];
      tags?: z.infer<typeof tagSchema>[];
    },
  ) {
    this.run(workspace, runId); // 404 for unknown runs
    const db = this.ctx.store.db;
    const now = this.ctx.now();
    const insertMetric = this.sql(
      "INSERT INTO mlflow_metrics (run_id, key, value, timestamp, step) VALUES (?, ?, ?, ?, ?)",
    );
    const insertParam = this.sql(
      "INSERT INTO mlflow_params (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT(run_id, key) DO NOTHING",
    );
    const upsertTag = this.sql(
      "INSERT INTO mlflow_tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT(run_id, key) DO UPDATE SET value = excluded.value",
    );
    db.transaction(() => {
      for (const m of batch.metrics ?? []) insertMetric.run(runId, m.key, m.value, m.timestamp ?? now, m.step ?? 0);
      for (const p of batch.params ?? []) {
        const existing = this.ctx.store
          .statement("SELECT value FROM mlflow_params WHERE run_id = ? AND key = ?")
          .get(runId, p.key) as { value: string } | undefined;
        if (existing && existing.value !== p.value)
          throw new MlflowError(
            400,
            "INVALID_PARAMETER_VALUE",
            `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${existing.value}'.`,
          );
        insertParam.run(runId, p.key, p.value);
      }
      for (const t of batch.tags ?? []) upsertTag.run(runId, t.key, t.value);
    })();
  }

  history(workspace: string, runId: string, key: string) {
    this.run(workspace, runId);
    return this.ctx.store
      .statement(
        "SELECT key, value, timestamp, step FROM mlflow_metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp",
      )
      .all(runId, key);
  }

  /** A metric's values in the order reported (a sweep's early-termination policies read them while trials run). */
  values(runId: string, key: string): number[] {
    return (
      this.ctx.store
        .statement("SELECT value FROM mlflow_metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp")
        .all(runId, key) as { value: number }[]
    ).map((r) => r.value);
  }

  metricKeys(runId: string): string[] {
    return (
      this.sql("SELECT DISTINCT key FROM mlflow_metrics WHERE run_id = ? ORDER BY key").all(runId) as {
        key: string;
      }[]
    ).map((r) => r.key);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new MlflowError(400, "INVALID_PARAMETER_VALUE", `${issue.path.join(".") || "body"}: ${issue.message}`);
}

export function registerMlflowRoutes(app: FastifyInstance, ctx: Ctx, store: MlflowStore) {
  const send = (reply: FastifyReply, fn: () => unknown) => {
    try {
      return reply.send(fn() ?? {});
    } catch (e) {
      if (e instanceof MlflowError) return reply.code(e.status).send({ error_code: e.errorCode, message: e.message });
      throw e;
    }
  };
  const ws = (req: FastifyRequest) => wsKey(req.params as Params);
  const write = (req: FastifyRequest) => requireRole(req, "DataScientist", "log to an MLflow run");

  app.post(`${MLFLOW_PREFIX}/experiments/create`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(z.object({ name: z.string().min(1) }).passthrough(), req.body);
      return { experiment_id: store.experimentId(ws(req), b.name) };
    }),
  );
  app.get(`${MLFLOW_PREFIX}/experiments/get-by-name`, async (req, reply) =>
    send(reply, () => {
      const name = String((req.query as Record<string, string>).experiment_name ?? "");
      const row = ctx.store
        .statement("SELECT id, name FROM mlflow_experiments WHERE workspace = ? AND name = ?")
        .get(ws(req), name) as { id: number; name: string } | undefined;
      if (!row) throw new MlflowError(404, "RESOURCE_DOES_NOT_EXIST", `Could not find experiment with name '${name}'.`);
      return { experiment: { experiment_id: String(row.id), name: row.name, lifecycle_stage: "active" } };
    }),
  );
  app.post(`${MLFLOW_PREFIX}/runs/create`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(
        z
          .object({
            experiment_id: z.string().optional(),
            run_name: z.string().optional(),
            start_time: z.number().optional(),
            tags: z.array(tagSchema).optional(),
          })
          .passthrough(),
        req.body,
      );
      const runId = b.run_name ?? `run_${Date.now().toString(36)}`;
      const expName = b.experiment_id
        ? ((
            ctx.store.statement("SELECT name FROM mlflow_experiments WHERE id = ?").get(Number(b.experiment_id)) as
              { name: string } | undefined
          )?.name ?? "Default")
        : "Default";
      store.ensureRun(ws(req), runId, expName, req.caller?.username ?? "");
      if (b.tags?.length) store.logBatch(ws(req), runId, { tags: b.tags });
      return { run: store.run(ws(req), runId) };
    }),
  );
  app.post(`${MLFLOW_PREFIX}/runs/update`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(
        z
          .object({
            run_id: z.string().optional(),
            run_uuid: z.string().optional(),
            status: z.enum(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]).optional(),
            end_time: z.number().optional(),
          })
          .passthrough(),
        req.body,
      );
      const runId = b.run_id ?? b.run_uuid ?? "";
      store.run(ws(req), runId);
      if (b.status) store.setStatus(runId, b.status, b.end_time);
      return { run_info: store.run(ws(req), runId).info };
    }),
  );
  app.get(`${MLFLOW_PREFIX}/runs/get`, async (req, reply) =>
    send(reply, () => ({
      run: store.run(
        ws(req),
        String((req.query as Record<string, string>).run_id ?? (req.query as Record<string, string>).run_uuid ?? ""),
      ),
    })),
  );
  app.post(`${MLFLOW_PREFIX}/runs/log-metric`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(
        metricSchema.extend({ run_id: z.string().optional(), run_uuid: z.string().optional() }).passthrough(),
        req.body,
      );
      store.logBatch(ws(req), b.run_id ?? b.run_uuid ?? "", { metrics: [b] });
    }),
  );
  app.post(`${MLFLOW_PREFIX}/runs/log-parameter`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(
        paramSchema.extend({ run_id: z.string().optional(), run_uuid: z.string().optional() }).passthrough(),
        req.body,
      );
      store.logBatch(ws(req), b.run_id ?? b.run_uuid ?? "", { params: [b] });
    }),
  );
  app.post(`${MLFLOW_PREFIX}/runs/set-tag`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(
        tagSchema.extend({ run_id: z.string().optional(), run_uuid: z.string().optional() }).passthrough(),
        req.body,
      );
      store.logBatch(ws(req), b.run_id ?? b.run_uuid ?? "", { tags: [b] });
    }),
  );
  app.post(`${MLFLOW_PREFIX}/runs/log-batch`, async (req, reply) =>
    send(reply, () => {
      write(req);
      const b = parse(
        z
          .object({
            run_id: z.string(),
            metrics: z.array(metricSchema).max(1000).optional(),
            params: z.array(paramSchema).max(100).optional(),
            tags: z.array(tagSchema).max(100).optional(),
          })
          .passthrough(),
        req.body,
      );
      store.logBatch(ws(req), b.run_id, b);
    }),
  );
  app.get(`${MLFLOW_PREFIX}/metrics/get-history`, async (req, reply) =>
    send(reply, () => {
      const q = req.query as Record<string, string>;
      return { metrics: store.history(ws(req), q.run_id ?? q.run_uuid ?? "", q.metric_key ?? "") };
    }),
  );
}
