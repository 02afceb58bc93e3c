import "server-only";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import type { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { config } from "@/lib/server/config";
import { ApiError } from "@/lib/server/errors";
import { DEPENDENT_RESOURCE_KINDS, DEPENDENT_RESOURCES, type DependentResourceKind } from "../model";
import type { DependentResources } from "./schemas";

/** The api-version of each provider's PUT (the versions the portal's workspace template uses). */
const API_VERSIONS: Record<DependentResourceKind, string> = {
  storageAccount: "2023-01-01",
  keyVault: "2022-07-01",
  applicationInsights: "2020-02-02",
  containerRegistry: "2023-07-01",
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a new dependent resource may take to be provisioned before the workspace is given up on. */
const PROVISION_DEADLINE_MS = 3 * 60_000;
const POLL_MS = 2_000;

export type DependentResourcePlan = {
  /** The ARM ids the workspace PUT names, per kind. */
  ids: Partial<Record<DependentResourceKind, string>>;
  /** The resources to create first: their ids and PUT bodies. */
  creates: { kind: DependentResourceKind; id: string; apiVersion: string; body: Record<string, unknown> }[];
};

/** The directory (tenant) of the configured authority: a new key vault belongs to it. */
function tenantId(): string | null {
  const tenant = config.oidc ? new URL(config.oidc.authority).pathname.split("/")[1] : undefined;
  return tenant && GUID.test(tenant) ? tenant : null;
}

/** What a new workspace's dependent resources need: the ids to name and the PUTs that make the new ones. */
export function dependentResourcePlan(
  where: { subscriptionId: string; resourceGroup: string; location: string },
  choices: DependentResources,
  tenant: string | null = tenantId(),
): DependentResourcePlan {
  const plan: DependentResourcePlan = { ids: {}, creates: [] };
  for (const kind of DEPENDENT_RESOURCE_KINDS) {
    const choice = choices[kind];
    if (!choice) continue;
    if ("existing" in choice) {
      plan.ids[kind] = choice.existing;
      continue;
    }
    const id = `/subscriptions/${where.subscriptionId}/resourceGroups/${where.resourceGroup}/providers/${DEPENDENT_RESOURCES[kind].type}/${choice.create}`;
    plan.ids[kind] = id;
    const location = where.location;
    let body: Record<string, unknown>;
    switch (kind) {
      case "storageAccount":
        body = {
          location,
          kind: "StorageV2",
          sku: { name: "Standard_LRS" },
          properties: { minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true },
        };
        break;
      case "keyVault":
        if (!tenant)
          throw ApiError.badRequest(
            "A new key vault belongs to a directory (tenant), and OIDC_AUTHORITY names none: choose an existing key vault.",
            "dependentResources.keyVault",
          );
        body = {
          location,
          properties: { tenantId: tenant, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true },
        };
        break;
      case "applicationInsights":
        body = { location, kind: "web", properties: { Application_Type: "web" } };
        break;
      case "containerRegistry":
        body = { location, sku: { name: "Basic" }, properties: { adminUserEnabled: true } };
        break;
    }
    plan.creates.push({ kind, id, apiVersion: API_VERSIONS[kind], body });
  }
  return plan;
}

/**
 * Creates the plan's new resources as the user, through the one upstream client's pipeline (its credential and
 * deadlines), and waits until ARM says each is provisioned: the workspace PUT refuses resources still being made.
 */
export async function createDependentResources(client: AzureMachineLearningWorkspaces, plan: DependentResourcePlan) {
  const call = async (method: "PUT" | "GET", id: string, apiVersion: string, body?: unknown) => {
    const res = await client.sendRequest(
      createPipelineRequest({
        url: `${config.armEndpoint}${id}?api-version=${apiVersion}`,
        method,
        headers: createHttpHeaders(body ? { "content-type": "application/json" } : {}),
        body: body ? JSON.stringify(body) : undefined,
      }),
    );
    const json = res.bodyAsText ? (JSON.parse(res.bodyAsText) as Record<string, any>) : {};
    return { status: res.status, json };
  };
  await Promise.all(
    plan.creates.map(async (c) => {
      const label = DEPENDENT_RESOURCES[c.kind].label;
      const put = await call("PUT", c.id, c.apiVersion, c.body);
      if (put.status >= 400)
        throw new ApiError(
          put.status === 409 ? 409 : 400,
          put.json.error?.code ?? "DependentResourceFailed",
          `${label} ${c.id.split("/").pop()} could not be created: ${put.json.error?.message ?? `HTTP ${put.status}`}`,
          `dependentResources.${c.kind}`,
        );
      const deadline = Date.now() + PROVISION_DEADLINE_MS;
      for (;;) {
        const got = await call("GET", c.id, c.apiVersion);
        const state = got.json.properties?.provisioningState ?? (got.status === 200 ? "Succeeded" : undefined);
        if (state === "Succeeded") return;
        if (state === "Failed" || state === "Canceled")
          throw new ApiError(
            400,
            "DependentResourceFailed",
            `${label} ended ${state}.`,
            `dependentResources.${c.kind}`,
          );
        if (Date.now() > deadline)
          throw new ApiError(504, "UpstreamTimeout", `${label} was still being created after 3 minutes.`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }),
  );
}
