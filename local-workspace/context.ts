/** What every resource module gets: the store, the simulator, the clock and request helpers. */
import type { FastifyRequest } from "fastify";
import { ArmError } from "./arm";
import type { Store } from "./store";
import type { Simulator } from "./simulator";

export type Role = "Reader" | "DataScientist" | "Admin";

export interface Caller {
  oid: string;
  name: string;
  username: string;
  roles: Role[];
}

export interface Ctx {
  store: Store;
  sim: Simulator;
  timeScale: number;
  now(): number;
  baseUrl(req: FastifyRequest): string;
}

declare module "fastify" {
  interface FastifyRequest {
    caller?: Caller;
  }
}

const RANK: Record<Role, number> = { Reader: 0, DataScientist: 1, Admin: 2 };

export function caller(req: FastifyRequest): Caller {
  if (!req.caller)
    throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  return req.caller;
}

/** Throws 403 unless the caller holds at least `min`. */
export function requireRole(req: FastifyRequest, min: Role, action: string) {
  const c = caller(req);
  if (!c.roles.some((r) => RANK[r] >= RANK[min])) {
    throw new ArmError(
      403,
      "AuthorizationFailed",
      `The client '${c.username}' with object id '${c.oid}' does not have authorization to perform action '${action}'. Required role: ${min}.`,
    );
  }
}

export function apiVersion(req: FastifyRequest): string {
  return String((req.query as Record<string, unknown>)["api-version"]);
}

export function systemData(req: FastifyRequest, now: number, existing?: any) {
  const c = caller(req);
  const at = new Date(now).toISOString();
  return {
    createdBy: existing?.createdBy ?? c.username,
    createdByType: existing?.createdByType ?? "User",
    createdAt: existing?.createdAt ?? at,
    lastModifiedBy: c.username,
    lastModifiedByType: "User",
    lastModifiedAt: at,
  };
}

/** If-Match / If-None-Match preconditions against the stored etag (null when absent). */
export function checkPreconditions(req: FastifyRequest, etag: string | null) {
  const ifMatch = req.headers["if-match"];
  const ifNoneMatch = req.headers["if-none-match"];
  if (typeof ifMatch === "string" && ifMatch !== "") {
    const tags = ifMatch.split(",").map((s) => s.trim());
    if (etag === null || !(tags.includes("*") || tags.includes(etag))) {
      throw new ArmError(
        412,
        "PreconditionFailed",
        "The condition specified using HTTP conditional header(s) is not met (If-Match).",
      );
    }
  }
  if (typeof ifNoneMatch === "string" && ifNoneMatch !== "" && etag !== null) {
    const tags = ifNoneMatch.split(",").map((s) => s.trim());
    if (tags.includes("*") || tags.includes(etag)) {
      throw new ArmError(
        412,
        "PreconditionFailed",
        "The condition specified using HTTP conditional header(s) is not met (If-None-Match).",
      );
    }
  }
}
