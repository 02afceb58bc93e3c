import "server-only";
import type { Datastore } from "@azure/arm-machinelearning";
import { ApiError } from "@/lib/server/errors";
import { invalidate, listKey } from "@/lib/server/cache";
import { collect } from "@/lib/server/upstream";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import type { CredentialsType, DatastoreType, DatastoreView } from "@/lib/domain/datastores";
import type { DatastoreBody } from "./schemas";

/** The browser's view: everything but secrets (the upstream never returns them from get/list anyway). */
export function toDatastoreView(d: Datastore): DatastoreView {
  const p = d.properties as unknown as Record<string, any>;
  const c = p.credentials ?? { credentialsType: "None" };
  const type = p.datastoreType as DatastoreType;
  return {
    name: d.name ?? "",
    type,
    isDefault: Boolean(p.isDefault),
    description: p.description ?? null,
    tags: p.tags ?? {},
    accountName: p.accountName ?? null,
    container: p.containerName ?? p.fileShareName ?? p.filesystem ?? p.storeName ?? null,
    endpoint: p.endpoint ?? null,
    protocol: p.protocol ?? null,
    credentialsType: c.credentialsType as CredentialsType,
    ...(c.clientId
      ? { clientId: c.clientId, tenantId: c.tenantId, authorityUrl: c.authorityUrl, resourceUrl: c.resourceUrl }
      : {}),
    browsable: type !== "AzureDataLakeGen1",
    createdBy: d.systemData?.createdBy,
    createdAt: d.systemData?.createdAt ? new Date(d.systemData.createdAt).toISOString() : undefined,
    modifiedAt: d.systemData?.lastModifiedAt ? new Date(d.systemData.lastModifiedAt).toISOString() : undefined,
  };
}

export function listDatastores(ctx: WorkspaceContext) {
  return ctx.cached("datastores", listKey(), async () => {
    const items = await collect(ctx.client.datastores.list(ctx.ref.resourceGroup, ctx.ref.workspace));
    return items
      .map((d) => toDatastoreView(plain(d)))
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  });
}

export async function getDatastore(ctx: WorkspaceContext, name: string) {
  const r = await ctx.cached("datastores", name.toLowerCase(), async () =>
    plain(await ctx.client.datastores.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)),
  );
  return { data: toDatastoreView(r.data), cache: r.cache };
}

/** Builds the ARM credentials; a missing secret on edit keeps the stored one (read with listSecrets on the server). */
async function armCredentials(ctx: WorkspaceContext, name: string, body: DatastoreBody, existing: Datastore | null) {
  const c = body.credentials;
  const sameType =
    existing && (existing.properties.credentials as { credentialsType: string }).credentialsType === c.type;
  const stored = async () => {
    if (!sameType) throw ApiError.badRequest(`Credentials of type ${c.type} need their secret.`, "credentials");
    return (await ctx.client.datastores.listSecrets(
      ctx.ref.resourceGroup,
      ctx.ref.workspace,
      name,
    )) as unknown as Record<string, string>;
  };
  switch (c.type) {
    case "AccountKey":
      return {
        credentialsType: "AccountKey",
        secrets: { secretsType: "AccountKey", key: c.key ?? (await stored()).key },
      };
    case "Sas":
      return {
        credentialsType: "Sas",
        secrets: { secretsType: "Sas", sasToken: (c.sasToken ?? (await stored()).sasToken).replace(/^\?/, "") },
      };
    case "ServicePrincipal":
      return {
        credentialsType: "ServicePrincipal",
        clientId: c.clientId,
        tenantId: c.tenantId,
        authorityUrl: c.authorityUrl,
        resourceUrl: c.resourceUrl,
        secrets: { secretsType: "ServicePrincipal", clientSecret: c.clientSecret ?? (await stored()).clientSecret },
      };
    case "None":
      return { credentialsType: "None" };
  }
}

export async function putDatastore(
  ctx: WorkspaceContext,
  name: string,
  body: DatastoreBody,
  mode: "create" | "update",
) {
  let existing: Datastore | null = null;
  try {
    existing = await ctx.client.datastores.get(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 404) throw e;
  }
  if (mode === "create" && existing) throw ApiError.conflict(`A datastore named '${name}' is already registered.`);
  if (mode === "update" && !existing) throw ApiError.notFound(`Datastore '${name}' is not registered.`);
  const credentials = await armCredentials(ctx, name, body, existing);
  const { type, credentials: _c, ...rest } = body;
  const properties = { ...rest, datastoreType: type, credentials } as unknown as Datastore["properties"];
  const saved = await ctx.client.datastores.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
    properties,
  });
  await invalidate(ctx.workspaceId, "datastores");
  return toDatastoreView(plain(saved));
}

export async function deleteDatastore(ctx: WorkspaceContext, name: string) {
  await ctx.client.datastores.delete(ctx.ref.resourceGroup, ctx.ref.workspace, name);
  await invalidate(ctx.workspaceId, "datastores");
  return { deleted: name };
}
