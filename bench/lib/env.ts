/**
 * The benchmark's world: a temp DATA_DIR, fresh secrets, a fresh local workspace service on a free loopback port
 * with N computes in demo-workspace, and the environment the app's modules read at import time.
 * Call `prepareWorld()` BEFORE importing anything under lib/ or app/ (lib/server/config.ts reads env at import).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startLocalWorkspace, type LocalWorkspace, type LocalWorkspaceOptions } from "../../local-workspace/server";
import { bulkCreateComputes, SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../../local-workspace/seed";
import { workspaceId as armWorkspaceId } from "../../local-workspace/arm";

export interface World {
  dataDir: string;
  tokenSecret: string;
  sessionSecret: string;
  service: LocalWorkspace;
  ref: { sub: string; rg: string; ws: string };
  /** Lower-cased ARM id of the workspace, as the studio's cache keys it. */
  workspaceId: string;
  computeCount: number;
  /** The env a studio process (next start) needs to share this world. */
  studioEnv: Record<string, string>;
  dispose(keep?: boolean): Promise<void>;
}

export async function prepareWorld(opts: {
  computes: number;
  storage?: LocalWorkspaceOptions["storage"];
}): Promise<World> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ml-studio-bench-"));
  const tokenSecret = randomBytes(32).toString("hex");
  const sessionSecret = randomBytes(32).toString("hex");

  const service = await startLocalWorkspace({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    tokenSecret,
    seed: true,
    storage: opts.storage ?? false,
  });
  const wsArmId = armWorkspaceId(SEED_SUBSCRIPTION, SEED_RESOURCE_GROUP, SEED_WORKSPACE);
  // The seed puts a few computes in demo-workspace; top it up to exactly `computes`.
  const existing = service.ctx.store.count("computes", wsArmId);
  if (opts.computes > existing) bulkCreateComputes(service.ctx, { count: opts.computes - existing, prefix: "bench" });
  const computeCount = service.ctx.store.count("computes", wsArmId);

  const studioEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    UPSTREAM: "local",
    LOCAL_WORKSPACE_URL: service.url,
    LOCAL_WORKSPACE_TOKEN_SECRET: tokenSecret,
    SESSION_SECRET: sessionSecret,
  };
  Object.assign(process.env, studioEnv);
  // Never touch a developer's database: the studio cache lives in $DATA_DIR/studio.db for this run.
  delete process.env.DATABASE_URL;
  delete process.env.OIDC_AUTHORITY;

  return {
    dataDir,
    tokenSecret,
    sessionSecret,
    service,
    ref: { sub: SEED_SUBSCRIPTION, rg: SEED_RESOURCE_GROUP, ws: SEED_WORKSPACE },
    workspaceId: wsArmId.toLowerCase(),
    computeCount,
    studioEnv,
    async dispose(keep = false) {
      await service.close().catch(() => {});
      if (!keep) await fs.promises.rm(dataDir, { recursive: true, force: true });
    },
  };
}
