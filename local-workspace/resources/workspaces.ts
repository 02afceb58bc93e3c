/** Workspaces: list by subscription / resource group, get, create or update, update (PATCH), delete. */
import { LOCAL_TENANT_ID } from "../../lib/domain/arm-names";
import { IDLE_SHUTDOWN_TAG, idleShutdownDefaultProblem } from "../../lib/domain/workspace-settings";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { randomUUID, createHash } from "node:crypto";
import { z } from "zod";
import {
  PROVIDER,
  key,
  notFound,
  page,
  parseSkip,
  validateLocation,
  validateResourceGroup,
  validateSubscription,
  validateWorkspaceName,
  workspaceId,
  badRequest,
} from "../arm";
import { apiVersion, checkPreconditions, requireRole, systemData, type Ctx } from "../context";
import type { StoredResource } from "../store";
import { extensibleEnum, parseBody, ro } from "../validation";

export const WORKSPACE_TYPE = `${PROVIDER}/workspaces`;
const PAGE_SIZE = 100;

const workspaceProperties = z.strictObject({
  description: z.string().nullable().optional(),
  friendlyName: z.string().nullable().optional(),
  keyVault: z.string().optional(),
  applicationInsights: z.string().optional(),
  containerRegistry: z.string().nullable().optional(),
  storageAccount: z.string().optional(),
  discoveryUrl: z.string().optional(),
  encryption: z.record(z.string(), z.unknown()).optional(),
  hbiWorkspace: z.boolean().optional(),
  imageBuildCompute: z.string().optional(),
  allowPublicAccessWhenBehindVnet: z.boolean().optional(),
  publicNetworkAccess: extensibleEnum("Enabled", "Disabled").optional(),
  sharedPrivateLinkResources: z.array(z.unknown()).optional(),
  serviceManagedResourcesSettings: z.record(z.string(), z.unknown()).optional(),
  primaryUserAssignedIdentity: z.string().optional(),
  v1LegacyMode: z.boolean().optional(),
  // read-only, echoed back from a GET
  workspaceId: ro,
  provisioningState: ro,
  serviceProvisionedResourceGroup: ro,
  privateLinkCount: ro,
  privateEndpointConnections: ro,
  notebookInfo: ro,
  tenantId: ro,
  storageHnsEnabled: ro,
  mlFlowTrackingUri: ro,
});

const identity = z.strictObject({
  type: z.enum(["None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"]),
  userAssignedIdentities: z.record(z.string(), z.unknown()).optional(),
  principalId: ro,
  tenantId: ro,
});

const workspacePut = z.strictObject({
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).nullable().optional(),
  sku: z
    .strictObject({
      name: z.string(),
      tier: z.string().optional(),
      size: z.string().optional(),
      family: z.string().optional(),
      capacity: z.number().int().optional(),
    })
    .nullable()
    .optional(),
  identity: identity.optional(),
  properties: workspaceProperties.optional(),
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
  etag: ro,
});

const workspacePatch = z.strictObject({
  tags: z.record(z.string(), z.string()).nullable().optional(),
  sku: z.strictObject({ name: z.string(), tier: z.string().optional() }).nullable().optional(),
  identity: identity.optional(),
  properties: z
    .strictObject({
      description: z.string().optional(),
      friendlyName: z.string().optional(),
      imageBuildCompute: z.string().optional(),
      serviceManagedResourcesSettings: z.record(z.string(), z.unknown()).optional(),
      primaryUserAssignedIdentity: z.string().optional(),
      publicNetworkAccess: extensibleEnum("Enabled", "Disabled").optional(),
      applicationInsights: z.string().optional(),
      containerRegistry: z.string().optional(),
    })
    .optional(),
});

export interface WsParams {
  sub: string;
  rg: string;
  ws: string;
}

/** Validates the path and returns the stored workspace, or throws 404. */
export function loadWorkspace(ctx: Ctx, p: WsParams): StoredResource {
  validateSubscription(p.sub);
  validateResourceGroup(p.rg);
  validateWorkspaceName(p.ws);
  const res = ctx.store.get(workspaceId(p.sub, p.rg, p.ws));
  if (!res) throw notFound("workspace", p.ws);
  return res;
}

/** Builds a full workspace body with its dependent resource ids. */
export function newWorkspaceBody(
  sub: string,
  rg: string,
  name: string,
  location: string,
  input: z.infer<typeof workspacePut> = {},
) {
  const short = createHash("sha1").update(`${sub}/${rg}/${name}`.toLowerCase()).digest("hex").slice(0, 8);
  const base = `/subscriptions/${sub}/resourceGroups/${rg}/providers`;
  const stor =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 14) + short;
  const p = input.properties ?? {};
  return {
    id: workspaceId(sub, rg, name),
    name,
    type: WORKSPACE_TYPE,
    location,
    tags: input.tags ?? {},
    sku: input.sku ?? { name: "Basic", tier: "Basic" },
    identity: {
      type: input.identity?.type ?? "SystemAssigned",
      principalId: randomUUID(),
      tenantId: LOCAL_TENANT_ID,
      ...(input.identity?.userAssignedIdentities
        ? { userAssignedIdentities: input.identity.userAssignedIdentities }
        : {}),
    },
    properties: {
      workspaceId: randomUUID(),
      description: p.description ?? "",
      friendlyName: p.friendlyName ?? name,
      keyVault: p.keyVault ?? `${base}/Microsoft.KeyVault/vaults/kv-${stor}`,
      applicationInsights: p.applicationInsights ?? `${base}/microsoft.insights/components/ai-${stor}`,
      containerRegistry: p.containerRegistry ?? `${base}/Microsoft.ContainerRegistry/registries/cr${stor}`,
      storageAccount: p.storageAccount ?? `${base}/Microsoft.Storage/storageAccounts/st${stor}`,
      discoveryUrl: p.discoveryUrl ?? `https://${location}.api.azureml.ms/discovery`,
      provisioningState: "Succeeded",
      hbiWorkspace: p.hbiWorkspace ?? false,
      serviceProvisionedResourceGroup: `${name}_${short}`,
      privateLinkCount: 0,
      imageBuildCompute: p.imageBuildCompute ?? "",
      allowPublicAccessWhenBehindVnet: p.allowPublicAccessWhenBehindVnet ?? false,
      publicNetworkAccess: p.publicNetworkAccess ?? "Enabled",
      privateEndpointConnections: [],
      sharedPrivateLinkResources: p.sharedPrivateLinkResources ?? [],
      encryption: p.encryption ?? { status: "Disabled", keyVaultProperties: { keyVaultArmId: "", keyIdentifier: "" } },
      tenantId: LOCAL_TENANT_ID,
      storageHnsEnabled: false,
      mlFlowTrackingUri: `azureml://${location}.api.azureml.ms/mlflow/v1.0${workspaceId(sub, rg, name)}`,
      v1LegacyMode: p.v1LegacyMode ?? false,
    },
  };
}

export function sendResource(reply: FastifyReply, res: StoredResource, code = 200) {
  reply.code(code).header("ETag", res.etag);
  return reply.send({ ...res.body, systemData: res.body.systemData });
}

/**
 * The regions the local subscription offers (a new workspace elsewhere is refused, as ARM refuses a location the
 * subscription lacks). Existing workspaces keep whatever location they were created with.
 */
export const SUBSCRIPTION_LOCATIONS = [
  "eastus",
  "eastus2",
  "westus2",
  "westus3",
  "centralus",
  // azureml-examples' cluster-location.yml puts its cluster here.
  "westus",
  "northeurope",
  "westeurope",
  "uksouth",
  "swedencentral",
  "japaneast",
  "australiaeast",
] as const;

/** A new resource's location: well-formed and one the subscription offers, else ARM's 400 naming `location`. */
export function checkSubscriptionLocation(location: string, resourceType: string) {
  validateLocation(location);
  if (!(SUBSCRIPTION_LOCATIONS as readonly string[]).includes(location.toLowerCase()))
    throw badRequest(
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type '${resourceType}' in this ` +
        `subscription. List of available regions is '${SUBSCRIPTION_LOCATIONS.join(",")}'.`,
      "location",
    );
}

/** Called after a workspace is created: its default storage (container, share, datastores). */
export type WorkspaceProvisioner = (wsId: string, sys: unknown) => Promise<void>;

export function registerWorkspaceRoutes(app: FastifyInstance, ctx: Ctx, provision?: WorkspaceProvisioner) {
  const wsPath = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws`;

  const listResponse = (req: FastifyRequest, all: StoredResource[]) => {
    const skip = parseSkip(req.query as any);
    const items = all.slice(skip, skip + PAGE_SIZE).map((r) => r.body);
    return page(items, all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req));
  };

  app.get(`/subscriptions/:sub/providers/${PROVIDER}/workspaces`, async (req) => {
    const { sub } = req.params as any;
    validateSubscription(sub);
    const all = ctx.store.listByPrefix("workspaces", `/subscriptions/${sub}`);
    return listResponse(req, all);
  });

  app.get(`/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces`, async (req) => {
    const { sub, rg } = req.params as any;
    validateSubscription(sub);
    validateResourceGroup(rg);
    const all = ctx.store.list("workspaces", `/subscriptions/${sub}/resourceGroups/${rg}`);
    return listResponse(req, all);
  });

  app.get(wsPath, async (req, reply) => sendResource(reply, loadWorkspace(ctx, req.params as WsParams)));

  app.put(wsPath, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/write");
    const p = req.params as WsParams;
    validateSubscription(p.sub);
    validateResourceGroup(p.rg);
    validateWorkspaceName(p.ws);
    const input = parseBody(workspacePut, req.body);
    checkIdleShutdownTag(input.tags);
    const id = workspaceId(p.sub, p.rg, p.ws);
    const existing = ctx.store.get(id);
    // Creating a workspace is the subscription owner's business here: Admin only (updating one needs DataScientist).
    // A create-only request (If-None-Match: *) is a create whether or not the name is taken, so it is authorized
    // as one before its precondition says anything about what exists.
    const createOnly = String(req.headers["if-none-match"] ?? "")
      .split(",")
      .some((t) => t.trim() === "*");
    if (!existing || createOnly) requireRole(req, "Admin", "Microsoft.MachineLearningServices/workspaces/write");
    checkPreconditions(req, existing?.etag ?? null);
    const now = ctx.now();
    let body: any;
    if (existing) {
      if (input.location && input.location.toLowerCase() !== existing.body.location.toLowerCase())
        throw badRequest(
          "InvalidRequestContent",
          `The location of an existing workspace cannot be changed (is '${existing.body.location}').`,
          "location",
        );
      body = structuredClone(existing.body);
      if (input.tags !== undefined) body.tags = input.tags ?? {};
      if (input.sku) body.sku = input.sku;
      const mutable = [
        "description",
        "friendlyName",
        "imageBuildCompute",
        "publicNetworkAccess",
        "applicationInsights",
        "containerRegistry",
        "v1LegacyMode",
        "hbiWorkspace",
        "allowPublicAccessWhenBehindVnet",
      ] as const;
      for (const k of mutable) if (input.properties?.[k] !== undefined) body.properties[k] = input.properties[k];
    } else {
      if (!input.location)
        throw badRequest("LocationRequired", "The location property is required for this definition.", "location");
      checkSubscriptionLocation(input.location, WORKSPACE_TYPE);
      body = newWorkspaceBody(p.sub, p.rg, p.ws, input.location.toLowerCase(), input);
    }
    body.systemData = systemData(req, now, existing?.body.systemData);
    const saved = ctx.store.put(
      {
        id,
        kind: "workspaces",
        parent: `/subscriptions/${p.sub}/resourceGroups/${p.rg}`,
        name: existing?.name ?? p.ws,
        body,
        sim: null,
        dueAt: null,
      },
      now,
    );
    if (!existing && provision) {
      try {
        await provision(saved.id, body.systemData);
      } catch (e) {
        // Nothing half-made stays behind: the workspace goes with its datastores.
        ctx.store.tx(() => ctx.store.deleteTree(saved.id));
        throw e;
      }
    }
    return sendResource(reply, saved, 200);
  });

  app.patch(wsPath, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/write");
    const existing = loadWorkspace(ctx, req.params as WsParams);
    const input = parseBody(workspacePatch, req.body);
    checkIdleShutdownTag(input.tags);
    checkPreconditions(req, existing.etag);
    const now = ctx.now();
    const body = structuredClone(existing.body);
    if (input.tags !== undefined) body.tags = input.tags ?? {};
    if (input.sku) body.sku = input.sku;
    Object.assign(body.properties, input.properties ?? {});
    body.systemData = systemData(req, now, existing.body.systemData);
    const saved = ctx.store.put({ ...existing, body }, now);
    return sendResource(reply, saved);
  });

  app.delete(wsPath, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/delete");
    const p = req.params as WsParams;
    validateSubscription(p.sub);
    validateResourceGroup(p.rg);
    validateWorkspaceName(p.ws);
    const existing = ctx.store.get(workspaceId(p.sub, p.rg, p.ws));
    if (!existing) return reply.code(204).send();
    checkPreconditions(req, existing.etag);
    ctx.store.tx(() => ctx.store.deleteTree(existing.id));
    return reply.code(200).send();
  });
}

/**
 * The compute instance idle-shutdown default: 2022-10-01 has no workspace property for it, so the workspace keeps it
 * as a tag (IDLE_SHUTDOWN_TAG), and a value that is not one is a 400 naming it, nothing saved.
 */
function checkIdleShutdownTag(tags: Record<string, string> | null | undefined) {
  const raw = tags?.[IDLE_SHUTDOWN_TAG];
  if (raw === undefined) return;
  const problem = idleShutdownDefaultProblem(raw);
  if (problem)
    throw badRequest(
      "InvalidTagValue",
      `Tag ${IDLE_SHUTDOWN_TAG} (idle shutdown default) ${problem}.`,
      `tags.${IDLE_SHUTDOWN_TAG}`,
    );
}

export { key };
