/**
 * The local workspace service: an ARM-compatible HTTP server for Microsoft.MachineLearningServices.
 * `startLocalWorkspace` builds the fastify app (auth hook, api-version check, error mapping),
 * opens the SQLite store, seeds it when empty and registers every resource module.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import fs from "node:fs";
import path from "node:path";
import { randomBytes, webcrypto, type webcrypto as WebCrypto } from "node:crypto";
import { setMaxListeners } from "node:events";
import { jwtVerify, errors as joseErrors } from "jose";
import { ArmError, checkApiVersion, errorBody } from "./arm";
import { Store } from "./store";
import { Simulator } from "./simulator";
import type { Caller, Ctx, Role } from "./context";
import { registerOperationRoutes } from "./operations";
import { registerWorkspaceRoutes } from "./resources/workspaces";
import { registerComputeRoutes } from "./resources/computes";
import { registerMlflowRoutes, MlflowStore } from "./resources/mlflow";
import { registerQuotaRoutes } from "./resources/quotas";
import { registerModelRoutes } from "./resources/models";
import { registerEnvironmentRoutes } from "./resources/environments";
import { registerDatastoreRoutes } from "./resources/datastores";
import { registerDataAssetRoutes } from "./resources/data-assets";
import { startLocalStorage, type LocalStorage } from "./storage";
import { provisionWorkspaceStores, seedDatastores, seedStorageContent } from "./storage/seed-data";
import { seedDemoJob } from "./storage/seed-demo-job";
import { seedModelFiles } from "./storage/seed-model-files";
import { seedComponentCode } from "./storage/seed-component-code";
import { registerComponentRoutes } from "./resources/components";
import { registerCodeRoutes } from "./resources/codes";
import { registerJobRoutes } from "./resources/jobs";
import { seedIfEmpty } from "./seed";
import { JobRunner } from "./runner/job-runner";

export const TOKEN_ISSUER = "ml-studio-local";
export const TOKEN_AUDIENCE = "https://management.azure.com/";
export const BODY_LIMIT = 1024 * 1024;

export interface LocalWorkspaceOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Submit the demo pipeline on a workspace's first start (npm start does; tests and benchmarks do not). */
  seedDemoJob?: boolean;
  /** HS256 key for bearer tokens; default: env LOCAL_WORKSPACE_TOKEN_SECRET, else $DATA_DIR/secrets/local-workspace-token.key. */
  tokenSecret?: string;
  /** Seed the demo subscription when the store is empty (default true). */
  seed?: boolean;
  /** Multiplies every simulated duration (default 1; tests use e.g. 0.05). */
  timeScale?: number;
  /** Clock override (tests). */
  now?: () => number;
  /**
   * Azurite-backed storage (default: on, blob port from AZURITE_BLOB_PORT, else a free port). `false` runs without
   * storage (datastores are still registered; browsing them fails to connect). `seedBlobCount` sizes the
   * background-seeded folder of small blobs (default 100,000; 0 skips it).
   */
  storage?: false | { blobPort?: number; seedBlobCount?: number; seedContent?: boolean };
}

export interface LocalWorkspace {
  url: string;
  close(): Promise<void>;
  /** For tests and benchmarks in the same process. */
  ctx: Ctx;
  app: FastifyInstance;
  /** The emulated storage (null when started with `storage: false`). */
  storage: LocalStorage | null;
  /** Resolves when the background seeding of blob content has finished (or failed; see the log). */
  seeded: Promise<void>;
}

/** The token key: explicit, env, or a 32-byte hex file created with mode 0600. */
export function resolveTokenSecret(dataDir: string, explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.LOCAL_WORKSPACE_TOKEN_SECRET) return process.env.LOCAL_WORKSPACE_TOKEN_SECRET;
  const file = path.join(dataDir, "secrets", "local-workspace-token.key");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString("hex");
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process created it first
    }
    return secret;
  }
}

const ROLE_NAMES: Role[] = ["Reader", "DataScientist", "Admin"];

async function authenticate(req: FastifyRequest, key: WebCrypto.CryptoKey): Promise<Caller> {
  const h = req.headers.authorization;
  if (!h)
    throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m)
    throw new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
  try {
    const { payload } = await jwtVerify(m[1], key, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ["HS256"],
    });
    const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role =>
      ROLE_NAMES.includes(r as Role),
    );
    const username = String(payload.preferred_username ?? payload.name ?? payload.oid ?? payload.sub ?? "unknown");
    return { oid: String(payload.oid ?? payload.sub ?? ""), name: String(payload.name ?? username), username, roles };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired)
      throw new ArmError(
        401,
        "ExpiredAuthenticationToken",
        "The access token expiry UTC time is earlier than current UTC time.",
      );
    throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.");
  }
}

export async function startLocalWorkspace(opts: LocalWorkspaceOptions = {}): Promise<LocalWorkspace> {
  const dataDir = path.resolve(opts.dataDir ?? process.env.DATA_DIR ?? "./data");
  const timeScale = opts.timeScale ?? 1;
  const now = opts.now ?? Date.now;
  const secret = resolveTokenSecret(dataDir, opts.tokenSecret);
  const key = new TextEncoder().encode(secret);
  // Imported once: given the raw bytes, jose imports the key again for every request it verifies.
  const verifyKey = await webcrypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);

  const store = new Store(path.join(dataDir, "local-workspace", "state.db"));
  const sim = new Simulator(store, timeScale);
  const ctx: Ctx = {
    store,
    sim,
    timeScale,
    now,
    baseUrl: (req) => `${req.protocol}://${req.headers.host ?? req.host}`,
  };
  if (opts.seed !== false) seedIfEmpty(ctx);

  let storage: LocalStorage | null = null;
  if (opts.storage !== false) {
    const blobPort =
      opts.storage?.blobPort ?? (process.env.AZURITE_BLOB_PORT ? Number(process.env.AZURITE_BLOB_PORT) : 0);
    try {
      storage = await startLocalStorage({ dataDir, blobPort });
    } catch (e) {
      store.close();
      throw e;
    }
  }
  if (opts.seed !== false) seedDatastores(ctx, storage, dataDir);

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 500 },
  });

  // JSON bodies: empty is allowed (POST actions), anything malformed is a 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        new ArmError(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: malformed JSON.",
        ),
        undefined,
      );
    }
  });

  app.addHook("onRequest", async (req) => {
    req.caller = await authenticate(req, verifyKey);
    // MLflow's REST API has no api-version; everything else is ARM and must name one.
    const bad = req.url.startsWith("/mlflow/")
      ? null
      : checkApiVersion((req.query as Record<string, unknown>)["api-version"]);
    if (bad) throw bad;
    sim.tick(now());
  });

  app.setErrorHandler((err: any, _req, reply) => {
    if (err instanceof ArmError) {
      if (err.status === 401)
        reply.header("WWW-Authenticate", 'Bearer authorization_uri="local", error="invalid_token"');
      const details = (err as ArmError & { details?: unknown }).details;
      return reply
        .code(err.status)
        .send(
          details
            ? { error: { ...errorBody(err.code, err.message, err.target).error, details } }
            : errorBody(err.code, err.message, err.target),
        );
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return reply
        .code(413)
        .send(
          errorBody("RequestEntityTooLarge", `The request content exceeds the maximum size of ${BODY_LIMIT} bytes.`),
        );
    if (typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500)
      return reply.code(err.statusCode).send(errorBody("InvalidRequestContent", err.message));
    reply.log.error(err);
    return reply.code(500).send(errorBody("InternalServerError", "An unexpected error occurred."));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody("NotFound", `No route matches ${req.method} ${req.url.split("?")[0]}.`));
  });

  registerOperationRoutes(app, ctx);
  registerWorkspaceRoutes(app, ctx, (wsId, sys) => provisionWorkspaceStores(ctx, storage, dataDir, wsId, sys));
  registerComputeRoutes(app, ctx);
  registerQuotaRoutes(app, ctx);
  const mlflow = new MlflowStore(ctx);
  registerMlflowRoutes(app, ctx, mlflow);
  registerModelRoutes(app, ctx);
  registerEnvironmentRoutes(app, ctx);
  registerDatastoreRoutes(app, ctx, storage ? (props) => storage!.provision(props) : undefined);
  registerDataAssetRoutes(app, ctx);
  registerCodeRoutes(app, ctx);
  registerComponentRoutes(app, ctx);
  const runner = new JobRunner({
    ctx,
    storage,
    mlflow,
    dataDir,
    tokenKey: key,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  });
  runner.recover();
  registerJobRoutes(app, ctx, runner);

  const host = opts.host ?? "127.0.0.1";
  try {
    await app.listen({ port: opts.port ?? 7070, host });
  } catch (e) {
    await storage?.close();
    store.close();
    throw e;
  }
  // Blob content is seeded in the background (idempotently, behind a marker) so the service answers at once.
  const seedAbort = new AbortController();
  setMaxListeners(10_000, seedAbort.signal);
  const seedCount = opts.storage === false ? 0 : (opts.storage?.seedBlobCount ?? 100_000);
  const seedContent = opts.storage !== false && opts.storage?.seedContent !== false;
  const seeded: Promise<void> =
    storage && opts.seed !== false
      ? // Component code (a few KB: seeded components' code assets name it) always; then, unless turned off, model
        // artifacts (a few hundred KB) before the content seed, which may write 100,000 small blobs.
        seedComponentCode(storage, ctx)
          .then(() =>
            opts.seedDemoJob
              ? seedDemoJob({
                  app,
                  ctx,
                  storage: storage!,
                  tokenKey: key,
                  issuer: TOKEN_ISSUER,
                  audience: TOKEN_AUDIENCE,
                })
              : undefined,
          )
          .then(async () => {
            if (!seedContent) return;
            await seedModelFiles(storage!, ctx);
            await seedStorageContent(storage!, { ctx, dataDir, smallBlobCount: seedCount, signal: seedAbort.signal });
          })
          .catch((e) => {
            if (!seedAbort.signal.aborted) console.error("[local-workspace] seeding storage failed:", e);
          })
      : Promise.resolve();
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  runner.baseUrl = `http://${host}:${port}`;
  return {
    url: `http://${host}:${port}`,
    ctx,
    app,
    storage,
    seeded,
    async close() {
      seedAbort.abort();
      await runner.close();
      await app.close();
      await seeded;
      await storage?.close();
      store.close();
    },
  };
}
