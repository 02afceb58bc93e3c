/**
 * Versioned assets (containers and versions) in the ARM shape of 2022-10-01: components and code here;
 * the same rules apply to data, models and environments.
 *
 * - PUT …/{kind}/{name}/versions/{version} creates the container when missing (as Azure ML does) and
 *   answers 201; a PUT on an existing version may change only description, tags and isArchived
 *   (anything else → 409, versions are immutable).
 * - PUT …/{kind}/{name} creates or updates the container (description, tags, properties, isArchived).
 * - Lists take `listViewType` (ActiveOnly default, ArchivedOnly, All) and `$skip`; versions are newest first.
 * - Containers report latestVersion and nextVersion (the next integer after the highest integer version).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { ArmError, PROVIDER, badRequest, childId, conflict, notFound, page, parseSkip } from "../arm";
import { apiVersion, requireRole, systemData, type Ctx } from "../context";
import type { StoredResource } from "../store";
import { parseBody, ro } from "../validation";
import { loadWorkspace, sendResource, type WsParams } from "./workspaces";

const PAGE_SIZE = 100;
/** Asset names: letters, digits, '_', '-' and '.', starting with a letter, digit or '_', at most 255. */
const NAME_RE = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,254}$/;
const VERSION_RE = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,49}$/;

const tags = z.record(z.string(), z.string().nullable()).nullable().optional();
const containerPut = z.strictObject({
  properties: z.strictObject({
    description: z.string().max(5000).nullable().optional(),
    tags,
    properties: tags,
    isArchived: z.boolean().optional(),
    latestVersion: ro,
    nextVersion: ro,
    provisioningState: ro,
  }),
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
});

export interface AssetKind<Extra extends z.ZodRawShape> {
  /** URL segment and store kind: "components", "codes". */
  segment: string;
  /** ARM type suffix and what messages call it. */
  armType: string;
  noun: string;
  /** The kind-specific version properties (zod shape; unknown keys are refused). */
  versionShape: Extra;
  /** Checks and normalises a version body before it is stored (throws ArmError). */
  checkVersion?: (input: {
    name: string;
    version: string;
    properties: z.infer<z.ZodObject<Extra>> & Record<string, unknown>;
    wsId: string;
  }) => void;
  /** Which stored properties may not change once a version exists. */
  immutable: string[];
}

export const containerIdOf = (wsId: string, segment: string, name: string) => childId(wsId, segment, name);
export const versionIdOf = (wsId: string, segment: string, name: string, version: string) =>
  childId(containerIdOf(wsId, segment, name), "versions", version);

function viewFilter(req: FastifyRequest) {
  const v = String((req.query as Record<string, unknown>).listViewType ?? "ActiveOnly");
  if (!["ActiveOnly", "ArchivedOnly", "All"].includes(v))
    throw badRequest("InvalidListViewType", `listViewType '${v}' is invalid; use ActiveOnly, ArchivedOnly or All.`);
  return (body: any) =>
    v === "All"
      ? true
      : v === "ArchivedOnly"
        ? body.properties.isArchived === true
        : body.properties.isArchived !== true;
}

function compareVersions(a: string, b: string) {
  const na = Number(a),
    nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Recomputes a container's latestVersion / nextVersion from its versions (non-anonymous). */
export function refreshContainer(ctx: Ctx, containerId: string, now: number) {
  const c = ctx.store.get(containerId);
  if (!c) return;
  const versions = ctx.store.list("versions", containerId).filter((v) => v.body.properties.isAnonymous !== true);
  const sorted = versions.map((v) => v.name).sort(compareVersions);
  const ints = sorted.map(Number).filter((n) => Number.isInteger(n));
  const body = structuredClone(c.body);
  body.properties.latestVersion = sorted.length ? sorted[sorted.length - 1] : null;
  body.properties.nextVersion = String(ints.length ? Math.max(...ints) + 1 : 1);
  ctx.store.put({ ...c, body }, now);
}

export function registerVersionedAssetRoutes<Extra extends z.ZodRawShape>(
  app: FastifyInstance,
  ctx: Ctx,
  kind: AssetKind<Extra>,
) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/${kind.segment}`;
  const one = `${base}/:name`;
  const versions = `${one}/versions`;
  const oneVersion = `${versions}/:version`;
  const containerType = `${PROVIDER}/workspaces/${kind.segment}`;
  const action = (verb: string) => `${containerType}/${verb}`;
  const versionPut = z.strictObject({
    properties: z.strictObject({
      description: z.string().max(5000).nullable().optional(),
      tags,
      properties: tags,
      isAnonymous: z.boolean().optional(),
      isArchived: z.boolean().optional(),
      provisioningState: ro,
      ...kind.versionShape,
    }),
    id: ro,
    name: ro,
    type: ro,
    systemData: ro,
  });

  const checkName = (name: string) => {
    if (!NAME_RE.test(name))
      throw badRequest(
        "InvalidResourceName",
        `The ${kind.noun} name '${name}' is invalid: letters, digits, '_', '-' and '.', at most 255 characters.`,
        "name",
      );
  };
  const checkVersion = (v: string) => {
    if (!VERSION_RE.test(v))
      throw badRequest(
        "InvalidResourceName",
        `The version '${v}' is invalid: letters, digits, '_', '-' and '.', at most 50 characters.`,
        "version",
      );
  };
  const load = (p: WsParams & { name: string }) => {
    const ws = loadWorkspace(ctx, p);
    checkName(p.name);
    return { ws, id: containerIdOf(ws.id, kind.segment, p.name) };
  };

  function putContainer(
    req: FastifyRequest,
    wsId: string,
    name: string,
    props: Record<string, unknown>,
    now: number,
  ): { res: StoredResource; created: boolean } {
    const id = containerIdOf(wsId, kind.segment, name);
    const existing = ctx.store.get(id);
    const body = {
      id,
      name: existing?.name ?? name,
      type: containerType,
      properties: {
        description: props.description ?? existing?.body.properties.description ?? null,
        tags: props.tags ?? existing?.body.properties.tags ?? {},
        properties: props.properties ?? existing?.body.properties.properties ?? {},
        isArchived: (props.isArchived as boolean | undefined) ?? existing?.body.properties.isArchived ?? false,
        latestVersion: existing?.body.properties.latestVersion ?? null,
        nextVersion: existing?.body.properties.nextVersion ?? "1",
        provisioningState: "Succeeded",
      },
      systemData: systemData(req, now, existing?.body.systemData),
    };
    const res = ctx.store.put(
      { id, kind: kind.segment, parent: wsId, name: body.name, body, sim: null, dueAt: null },
      now,
    );
    return { res, created: !existing };
  }

  app.get(base, async (req) => {
    const ws = loadWorkspace(ctx, req.params as WsParams);
    const skip = parseSkip(req.query as any);
    const keep = viewFilter(req);
    const all = ctx.store
      .list(kind.segment, ws.id)
      .map((r) => r.body)
      .filter(keep);
    return page(
      all.slice(skip, skip + PAGE_SIZE),
      all.length,
      skip,
      ctx.baseUrl(req),
      req.url.split("?")[0],
      apiVersion(req),
    );
  });

  app.get(one, async (req, reply) => {
    const { id } = load(req.params as any);
    const res = ctx.store.get(id);
    if (!res) throw notFound(kind.noun, (req.params as any).name);
    return sendResource(reply, res);
  });

  app.put(one, async (req, reply) => {
    requireRole(req, "DataScientist", action("write"));
    const p = req.params as WsParams & { name: string };
    const { ws } = load(p);
    const input = parseBody(containerPut, req.body);
    const { res, created } = putContainer(req, ws.id, p.name, input.properties, ctx.now());
    // Archiving a container archives what it lists: its versions follow (as `az ml … archive` does).
    if (input.properties.isArchived !== undefined) {
      for (const v of ctx.store.list("versions", res.id)) {
        const body = structuredClone(v.body);
        body.properties.isArchived = input.properties.isArchived;
        ctx.store.put({ ...v, body }, ctx.now());
      }
    }
    return sendResource(reply, res, created ? 201 : 200);
  });

  app.delete(one, async (req, reply) => {
    requireRole(req, "DataScientist", action("delete"));
    const { id } = load(req.params as any);
    if (!ctx.store.get(id)) return reply.code(204).send();
    ctx.store.deleteTree(id);
    return reply.code(200).send();
  });

  app.get(versions, async (req) => {
    const { id } = load(req.params as any);
    if (!ctx.store.get(id)) throw notFound(kind.noun, (req.params as any).name);
    const q = req.query as Record<string, unknown>;
    const skip = parseSkip(q);
    const top = q["$top"] === undefined ? PAGE_SIZE : Number(q["$top"]);
    if (!Number.isInteger(top) || top < 1)
      throw badRequest("InvalidTop", `$top '${String(q["$top"])}' must be a positive integer.`);
    const keep = viewFilter(req);
    const all = ctx.store
      .list("versions", id)
      .sort((a, b) => compareVersions(b.name, a.name))
      .map((r) => r.body)
      .filter(keep);
    return page(
      all.slice(skip, skip + Math.min(top, PAGE_SIZE)),
      all.length,
      skip,
      ctx.baseUrl(req),
      req.url.split("?")[0],
      apiVersion(req),
    );
  });

  app.get(oneVersion, async (req, reply) => {
    const p = req.params as WsParams & { name: string; version: string };
    const { id } = load(p);
    checkVersion(p.version);
    const res = ctx.store.get(childId(id, "versions", p.version));
    if (!res) throw notFound(`${kind.noun} version`, `${p.name}:${p.version}`);
    return sendResource(reply, res);
  });

  app.put(oneVersion, async (req, reply) => {
    requireRole(req, "DataScientist", action("versions/write"));
    const p = req.params as WsParams & { name: string; version: string };
    const { ws, id: containerId } = load(p);
    checkVersion(p.version);
    const input = parseBody(versionPut, req.body);
    const props = input.properties as Record<string, unknown>;
    const id = childId(containerId, "versions", p.version);
    const existing = ctx.store.get(id);
    const now = ctx.now();
    if (existing) {
      for (const key of kind.immutable) {
        if (props[key] !== undefined && JSON.stringify(props[key]) !== JSON.stringify(existing.body.properties[key]))
          throw conflict(
            "Conflict",
            `${kind.noun} ${p.name}:${p.version} already exists and its ${key} cannot change; register a new version instead.`,
          );
      }
    } else {
      kind.checkVersion?.({ name: p.name, version: p.version, properties: props as any, wsId: ws.id });
    }
    if (!ctx.store.get(containerId)) putContainer(req, ws.id, p.name, {}, now);
    const body = {
      id,
      name: p.version,
      type: `${containerType}/versions`,
      properties: {
        ...(existing?.body.properties ?? {}),
        ...Object.fromEntries(Object.entries(props).filter(([k]) => !["provisioningState"].includes(k))),
        description: props.description ?? existing?.body.properties.description ?? null,
        tags: props.tags ?? existing?.body.properties.tags ?? {},
        properties: props.properties ?? existing?.body.properties.properties ?? {},
        isAnonymous: (props.isAnonymous as boolean | undefined) ?? existing?.body.properties.isAnonymous ?? false,
        isArchived: (props.isArchived as boolean | undefined) ?? existing?.body.properties.isArchived ?? false,
        provisioningState: "Succeeded",
      },
      systemData: systemData(req, now, existing?.body.systemData),
    };
    const res = ctx.store.put(
      { id, kind: "versions", parent: containerId, name: p.version, body, sim: null, dueAt: null },
      now,
    );
    refreshContainer(ctx, containerId, now);
    return sendResource(reply, res, existing ? 200 : 201);
  });

  app.delete(oneVersion, async (req, reply) => {
    requireRole(req, "DataScientist", action("versions/delete"));
    const p = req.params as WsParams & { name: string; version: string };
    const { id: containerId } = load(p);
    checkVersion(p.version);
    const id = childId(containerId, "versions", p.version);
    if (!ctx.store.get(id)) return reply.code(204).send();
    ctx.store.delete(id);
    refreshContainer(ctx, containerId, ctx.now());
    return reply.code(200).send();
  });
}

/** Resolves `azureml:name:version`, `azureml:name@latest` or a full ARM id of a version under a workspace. */
export function resolveVersionRef(ctx: Ctx, wsId: string, segment: string, ref: string): StoredResource | null {
  const arm = new RegExp(`/${segment}/([^/]+)/versions/([^/]+)$`, "i").exec(ref);
  if (arm) {
    if (!ref.toLowerCase().startsWith(wsId.toLowerCase())) return null;
    return ctx.store.get(versionIdOf(wsId, segment, arm[1], arm[2]));
  }
  const m = /^azureml:([^:@/]+)(?::([^:@/]+)|@([a-zA-Z0-9_.-]+))?$/.exec(ref);
  if (!m) return null;
  const containerId = containerIdOf(wsId, segment, m[1]);
  if (m[2]) return ctx.store.get(versionIdOf(wsId, segment, m[1], m[2]));
  const container = ctx.store.get(containerId);
  const latest = container?.body.properties.latestVersion;
  if (!latest || (m[3] && m[3] !== "latest")) return null;
  return ctx.store.get(versionIdOf(wsId, segment, m[1], latest));
}

export { ArmError };
