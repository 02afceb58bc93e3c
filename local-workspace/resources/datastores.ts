/**
 * Datastores: list (paged), get, create or update, delete, listSecrets — for AzureBlob, AzureFile,
 * AzureDataLakeGen1 and AzureDataLakeGen2, with AccountKey, Sas, ServicePrincipal, Certificate or None
 * credentials. Secrets are kept in the row's private `sim` column and only come back from listSecrets.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { ArmError, PROVIDER, badRequest, childId, notFound, page, parseSkip } from "../arm";
import { apiVersion, checkPreconditions, requireRole, systemData, type Ctx } from "../context";
import type { StoredResource } from "../store";
import { parseBody, ro } from "../validation";
import { loadWorkspace, sendResource, type WsParams } from "./workspaces";
import { ACCOUNT_NAME_RE, CONTAINER_NAME_RE, DATASTORE_NAME_RE } from "../../lib/domain/storage-names";

export const DATASTORE_TYPE = `${PROVIDER}/workspaces/datastores`;
export const DATASTORE_PAGE_SIZE = 30;
export const DEFAULT_DATASTORE = "workspaceblobstore";

const strMap = z.record(z.string(), z.string().nullable()).nullable().optional();
const containerName = (what: string) =>
  z
    .string()
    .regex(
      CONTAINER_NAME_RE,
      `${what} must be 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit`,
    );
const accountName = z.string().regex(ACCOUNT_NAME_RE, "accountName must be 3-24 lower-case letters and digits");

const credentials = z.discriminatedUnion("credentialsType", [
  z.strictObject({
    credentialsType: z.literal("AccountKey"),
    secrets: z.strictObject({ secretsType: z.literal("AccountKey"), key: z.string().min(1) }),
  }),
  z.strictObject({
    credentialsType: z.literal("Sas"),
    secrets: z.strictObject({ secretsType: z.literal("Sas"), sasToken: z.string().min(1) }),
  }),
  z.strictObject({
    credentialsType: z.literal("ServicePrincipal"),
    authorityUrl: z.string().optional(),
    resourceUrl: z.string().optional(),
    clientId: z.guid(),
    tenantId: z.guid(),
    secrets: z.strictObject({ secretsType: z.literal("ServicePrincipal"), clientSecret: z.string().min(1) }),
  }),
  z.strictObject({
    credentialsType: z.literal("Certificate"),
    authorityUrl: z.string().optional(),
    resourceUrl: z.string().optional(),
    clientId: z.guid(),
    tenantId: z.guid(),
    thumbprint: z.string().min(1),
    secrets: z.strictObject({ secretsType: z.literal("Certificate"), certificate: z.string().min(1) }),
  }),
  z.strictObject({ credentialsType: z.literal("None") }),
]);

const common = {
  description: z.string().max(5000).nullable().optional(),
  tags: strMap,
  properties: strMap,
  credentials,
  serviceDataAccessAuthIdentity: z
    .enum(["None", "WorkspaceSystemAssignedIdentity", "WorkspaceUserAssignedIdentity"])
    .optional(),
  isDefault: ro,
};
const endpoint = z.string().min(1).max(253).optional();
const protocol = z
  .string()
  .regex(/^[a-z]{2,10}$/, "protocol must be a scheme such as https")
  .optional();

const datastoreProperties = z.discriminatedUnion("datastoreType", [
  z.strictObject({
    ...common,
    datastoreType: z.literal("AzureBlob"),
    accountName,
    containerName: containerName("containerName"),
    endpoint,
    protocol,
  }),
  z.strictObject({
    ...common,
    datastoreType: z.literal("AzureFile"),
    accountName,
    fileShareName: containerName("fileShareName"),
    endpoint,
    protocol,
  }),
  z.strictObject({
    ...common,
    datastoreType: z.literal("AzureDataLakeGen1"),
    storeName: z.string().regex(/^[a-z0-9]{3,24}$/, "storeName must be 3-24 lower-case letters and digits"),
  }),
  z.strictObject({
    ...common,
    datastoreType: z.literal("AzureDataLakeGen2"),
    accountName,
    filesystem: containerName("filesystem"),
    endpoint,
    protocol,
  }),
]);

const datastorePut = z.strictObject({ properties: datastoreProperties, id: ro, name: ro, type: ro, systemData: ro });
export type DatastoreInput = z.infer<typeof datastoreProperties>;

interface DatastoreSim {
  secrets: Record<string, string> | null;
}

/** Hook for the storage layer: called after a datastore is created (e.g. to provision the emulated container). */
export type DatastoreProvisioner = (props: DatastoreInput) => Promise<void>;

export function datastoreIdOf(wsId: string, name: string) {
  return childId(wsId, "datastores", name);
}

/** The public body: credentials without their secrets. */
export function datastoreBody(wsId: string, name: string, input: DatastoreInput, sys: unknown, isDefault: boolean) {
  const { secrets: _secrets, ...publicCredentials } = input.credentials as { secrets?: unknown } & Record<
    string,
    unknown
  >;
  const props: Record<string, unknown> = {
    description: input.description ?? null,
    tags: input.tags ?? {},
    properties: input.properties ?? {},
    isDefault,
    credentials: publicCredentials,
    datastoreType: input.datastoreType,
  };
  for (const [k, v] of Object.entries(input)) {
    if (!(k in props) && k !== "isDefault" && v !== undefined) props[k] = v;
  }
  if (input.datastoreType !== "AzureDataLakeGen1") {
    props.endpoint ??= "core.windows.net";
    props.protocol ??= "https";
  }
  return { id: datastoreIdOf(wsId, name), name, type: DATASTORE_TYPE, properties: props, systemData: sys };
}

export function putDatastore(
  ctx: Ctx,
  wsId: string,
  name: string,
  input: DatastoreInput,
  sys: unknown,
  at: number,
  isDefault = false,
): StoredResource {
  const secrets = "secrets" in input.credentials ? (input.credentials.secrets as Record<string, string>) : null;
  const body = datastoreBody(wsId, name, input, sys, isDefault);
  const sim: DatastoreSim = { secrets };
  return ctx.store.put(
    { id: body.id, kind: "datastores", parent: wsId, name, body, sim, dueAt: null, createdAt: at },
    at,
  );
}

function validateName(name: string) {
  if (!DATASTORE_NAME_RE.test(name))
    throw badRequest(
      "InvalidResourceName",
      `The datastore name '${name}' is invalid: use 1-255 letters, digits and underscores.`,
      "name",
    );
}

export function registerDatastoreRoutes(app: FastifyInstance, ctx: Ctx, provision?: DatastoreProvisioner) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/datastores`;
  type P = WsParams & { name: string };

  const load = (req: FastifyRequest) => {
    const p = req.params as P;
    const ws = loadWorkspace(ctx, p);
    validateName(p.name);
    const res = ctx.store.get(datastoreIdOf(ws.id, p.name));
    return { ws, p, res };
  };

  app.get(base, async (req) => {
    const ws = loadWorkspace(ctx, req.params as WsParams);
    const q = req.query as Record<string, unknown>;
    const skip = parseSkip(q);
    let all = ctx.store.list("datastores", ws.id);
    if (q.isDefault !== undefined) all = all.filter((r) => String(r.body.properties.isDefault) === String(q.isDefault));
    if (typeof q.names === "string" && q.names) {
      const names = new Set(q.names.split(",").map((s) => s.toLowerCase()));
      all = all.filter((r) => names.has(r.name.toLowerCase()));
    }
    if (typeof q.searchText === "string" && q.searchText)
      all = all.filter((r) => r.name.toLowerCase().includes(String(q.searchText).toLowerCase()));
    const items = all.slice(skip, skip + DATASTORE_PAGE_SIZE).map((r) => r.body);
    return page(items, all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req));
  });

  app.get(`${base}/:name`, async (req, reply) => {
    const { p, res } = load(req);
    if (!res) throw notFound("datastore", p.name);
    return sendResource(reply, res);
  });

  app.put(`${base}/:name`, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/datastores/write");
    const { ws, p, res } = load(req);
    const input = parseBody(datastorePut, req.body).properties;
    checkPreconditions(req, res?.etag ?? null);
    if (res && res.body.properties.datastoreType !== input.datastoreType)
      throw new ArmError(
        409,
        "Conflict",
        `The datastore '${p.name}' is of type ${res.body.properties.datastoreType}; its type cannot change to ${input.datastoreType}.`,
      );
    if (
      res?.body.properties.isDefault &&
      input.credentials.credentialsType !== res.body.properties.credentials.credentialsType &&
      p.name === DEFAULT_DATASTORE
    ) {
      // The default datastore may change credentials; nothing to refuse, but keep it the default.
    }
    if (provision) await provision(input);
    const now = ctx.now();
    const saved = putDatastore(
      ctx,
      ws.id,
      p.name,
      input,
      systemData(req, now, res?.body.systemData),
      now,
      Boolean(res?.body.properties.isDefault),
    );
    return sendResource(reply, saved, res ? 200 : 201);
  });

  app.delete(`${base}/:name`, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/datastores/delete");
    const { p, res } = load(req);
    if (!res) return reply.code(204).send();
    if (res.body.properties.isDefault)
      throw new ArmError(
        400,
        "CannotDeleteDefaultDatastore",
        `The datastore '${p.name}' is the workspace default and cannot be unregistered.`,
      );
    ctx.store.delete(res.id);
    return reply.code(200).send();
  });

  app.post(`${base}/:name/listSecrets`, async (req) => {
    // As in Azure: listSecrets is an action, which the Reader role does not include (Contributor-level roles do).
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/datastores/listSecrets/action");
    const { p, res } = load(req);
    if (!res) throw notFound("datastore", p.name);
    const sim = res.sim as DatastoreSim | null;
    if (!sim?.secrets)
      throw badRequest(
        "NoSecrets",
        `The datastore '${p.name}' uses ${res.body.properties.credentials.credentialsType} credentials and has no secrets.`,
      );
    return sim.secrets;
  });
}
