import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { TokenCredential } from "@azure/core-auth";
import { startLocalWorkspace, type LocalWorkspace, type LocalWorkspaceOptions } from "../../local-workspace/server";
import { SEED_RESOURCE_GROUP, SEED_SUBSCRIPTION, SEED_WORKSPACE } from "../../local-workspace/seed";

export const SECRET = "test-secret-0123456789abcdef0123456789abcdef";
export const SUB = SEED_SUBSCRIPTION;
export const RG = SEED_RESOURCE_GROUP;
export const WS = SEED_WORKSPACE;
export const API = "api-version=2022-10-01";
export const WS_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces/${WS}`;

export type RoleName = "Reader" | "DataScientist" | "Admin";

export async function token(
  roles: RoleName[] = ["DataScientist"],
  opts: { secret?: string; exp?: number | string; iss?: string; aud?: string } = {},
) {
  return new SignJWT({
    oid: "00000000-0000-0000-0000-0000000000f1",
    name: "Test User",
    preferred_username: "tester@ml-studio.local",
    roles,
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setIssuer(opts.iss ?? "ml-studio-local")
    .setAudience(opts.aud ?? "https://management.azure.com/")
    .setExpirationTime(opts.exp ?? "10m")
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

export function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "lws-"));
}

export async function start(
  opts: { dataDir?: string; timeScale?: number; seed?: boolean; storage?: LocalWorkspaceOptions["storage"] } = {},
): Promise<LocalWorkspace & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tmpDir();
  const svc = await startLocalWorkspace({
    port: 0,
    dataDir,
    tokenSecret: SECRET,
    seed: opts.seed ?? true,
    timeScale: opts.timeScale ?? 0.02,
    storage: opts.storage ?? false,
  });
  return Object.assign(svc, { dataDir });
}

export interface Res {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function call(
  base: string,
  method: string,
  p: string,
  opts: {
    body?: unknown;
    raw?: string;
    roles?: RoleName[];
    auth?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth !== null) headers.authorization = opts.auth ?? `Bearer ${await token(opts.roles ?? ["DataScientist"])}`;
  let payload: string | undefined;
  if (opts.raw !== undefined) payload = opts.raw;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined) headers["content-type"] = headers["content-type"] ?? "application/json";
  const url = p.startsWith("http")
    ? p
    : `${base}${p}${p.includes("?") ? "&" : "?"}${p.includes("api-version") ? "" : API}`;
  const r = await fetch(url.replace(/[?&]$/, ""), { method, headers, body: payload });
  const text = await r.text();
  let body: any = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: r.status, headers: r.headers, body, text };
}

/** Polls until `check` returns truthy (or throws after `timeoutMs`). */
export async function until<T>(
  fn: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 10_000,
  stepMs = 20,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (check(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The official SDK pointed at the local service over http with our own bearer policy. */
export function sdkClient(url: string, roles: RoleName[] = ["Admin"]) {
  const credential: TokenCredential = {
    getToken: async () => ({ token: await token(roles), expiresOnTimestamp: Date.now() + 600_000 }),
  };
  const client = new AzureMachineLearningWorkspaces(credential, SUB, {
    endpoint: url,
    allowInsecureConnection: true,
  } as any);
  client.pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
  client.pipeline.addPolicy({
    name: "localBearer",
    async sendRequest(req, next) {
      req.headers.set("Authorization", `Bearer ${await token(roles)}`);
      return next(req);
    },
  });
  return client;
}
