import "server-only";
import { LOCAL_TENANT_ID } from "@/lib/domain/arm-names";
import type { Principal } from "@/lib/server/auth";
import { config } from "@/lib/server/config";
import { getDb } from "@/lib/server/db";

/** Someone a compute instance can be assigned to (personalComputeInstanceSettings.assignedUser). */
export type AssignableUser = { objectId: string; tenantId: string; name: string; username: string; isCaller: boolean };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whom a new compute instance can be for. The embedded default: the studio's accounts (their ids are the `oid`s the
 * local service knows them by), the disabled ones left out. Azure: the caller only, in the tenant of the configured
 * authority, as the studio has no directory (Microsoft Graph) access to list others.
 */
export async function listAssignableUsers(principal: Principal): Promise<{ data: AssignableUser[] }> {
  if (config.upstream === "local") {
    const db = await getDb();
    const rows = await db.localUser.findMany({ where: { disabledAt: null }, orderBy: { displayName: "asc" } });
    return {
      data: rows.map((u) => ({
        objectId: u.id,
        tenantId: LOCAL_TENANT_ID,
        name: u.displayName,
        username: u.username,
        isCaller: u.id === principal.id,
      })),
    };
  }
  const tenant = config.oidc ? new URL(config.oidc.authority).pathname.split("/")[1] : undefined;
  if (!tenant || !GUID.test(tenant) || !GUID.test(principal.id)) return { data: [] };
  return {
    data: [
      { objectId: principal.id, tenantId: tenant, name: principal.name, username: principal.username, isCaller: true },
    ],
  };
}
