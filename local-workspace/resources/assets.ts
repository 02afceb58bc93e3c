/**
 * Versioned assets (models, environments): containers and their versions, as ARM serves them under
 * `workspaces/{ws}/{segment}/{name}[/versions/{version}]`. Each kind supplies its version schema and how a new
 * version body is built; this module owns the shared rules: naming, listViewType, paging, latest/next version,
 * the container appearing with its first version, immutable contents of an existing version (409), and an
 * archived version refusing edits until it is restored.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ArmError, PROVIDER, badRequest, childId, conflict, notFound, page, parseSkip } from "../arm";
import { apiVersion, checkPreconditions, requireRole, systemData, type Ctx } from "../context";
import type { StoredResource } from "../store";
import { parseBody, ro } from "../validation";
import { loadWorkspace, type WsParams } from "./workspaces";

export const ASSET_PAGE_SIZE = 100;
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}$/;
const VERSION_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,29}$/;

export const stringMap = z.record(z.string(), z.string().nullable()).nullable().optional();

/** Fields every asset version has (ResourceBase + AssetBase). */
export const assetBaseShape = {
  description: z.string().max(5000).nullable().optional(),
  tags: stringMap,
  properties: stringMap,
  isAnonymous: z.boolean().optional(),
  isArchived: z.boolean().optional(),
};

const containerPut = z.strictObject({
  properties: z.strictObject({
    description: z.string().max(5000).nullable().optional(),
    tags: stringMap,
    properties: stringMap,
    isArchived: z.boolean().optional(),
    latestVersion: ro,
    nextVersion: ro,
  }),
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
});

export interface AssetKindSpec {
  /** URL segment and store kind of containers: "models", "environments". */
  segment: string;
  /** Store kind of versions. */
  versionKind: string;
  /** What a person calls it in messages. */
  noun: string;
  /** The version body's `properties` schema (strict), including assetBaseShape. */
  versionSchema: z.ZodType;
  /** Fields that may change on an existing version; everything else is its contents (immutable). */
  mutable: readonly string[];
  /** Refuses a write (throws) — curated environments, say. */
  guardWrite?(name: string, req: FastifyRequest): void;
  /** Checks and completes a new version's properties (defaults, read-only fields); may return private sim state. */
  prepareVersion(
    input: any,
    ctx: { name: string; version: string; wsId: string; now: number },
  ): { properties: any; sim?: any };
  /** Adds computed fields to a version body before it is sent (e.g. nothing, or a build state). */
  present?(res: StoredResource, now: number): any;
}

export function containerIdOf(wsId: string, segment: string, name: string) {
  return childId(wsId, segment, name);
}
export function versionIdOf(containerId: string, version: string) {
  return childId(containerId, "versions", version);
}

const clean = (m: Record<string, string | null> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, v ?? ""]));

function validateName(noun: string, name: string) {
  if (!NAME_RE.test(name))
    throw badRequest(
      "InvalidAssetName",
      `The ${noun} name '${name}' is invalid: 1-255 characters, letters, digits, '-', '_' and '.', starting with a letter or digit.`,
      "name",
    );
}
function validateVersion(noun: string, version: string) {
  if (!VERSION_RE.test(version))
    throw badRequest(
      "InvalidAssetVersion",
      `The ${noun} version '${version}' is invalid: 1-30 characters, letters, digits, '-', '_' and '.', starting with a letter or digit.`,
      "version",
    );
}

const numeric = (v: string) => (/^\d+$/.test(v) ? Number(v) : null);

/** latestVersion: the most recently created version; nextVersion: one more than the highest numeric version. */
function versionSummary(versions: StoredResource[]) {
  let latest: StoredResource | null = null;
  let max = 0;
  for (const v of versions) {
    if (!latest || v.createdAt >= latest.createdAt) latest = v;
    const n = numeric(v.name);
    if (n !== null && n > max) max = n;
  }
  return { latestVersion: latest?.name ?? null, nextVersion: String(max + 1) };
}

type ViewType = "ActiveOnly" | "ArchivedOnly" | "All";
function viewType(q: Record<string, unknown>): ViewType {
  const v = q.listViewType ?? "ActiveOnly";
  if (v !== "ActiveOnly" && v !== "ArchivedOnly" && v !== "All")
    throw badRequest(
      "InvalidQueryParameter",
      `listViewType must be ActiveOnly, ArchivedOnly or All; got '${String(v)}'.`,
      "listViewType",
    );
  return v;
}
const inView = (archived: boolean, v: ViewType) => v === "All" || (v === "ArchivedOnly") === archived;

function send(reply: FastifyReply, body: any, etag?: string, code = 200) {
  if (etag) reply.header("ETag", etag);
  return reply.code(code).send(body);
}

export function registerAssetRoutes(app: FastifyInstance, ctx: Ctx, spec: AssetKindSpec) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/${spec.segment}`;
  const containerType = `${PROVIDER}/workspaces/${spec.segment}`;
  const versionType = `${PROVIDER}/workspaces/${spec.segment}/versions`;
  type P = WsParams & { name: string; version: string };

  const containerBody = (res: StoredResource) => {
    const versions = ctx.store.list(spec.versionKind, res.id);
    return { ...res.body, properties: { ...res.body.properties, ...versionSummary(versions) } };
  };
  const versionBody = (res: StoredResource) => (spec.present ? spec.present(res, ctx.now()) : res.body);

  const loadContainer = (p: P) => {
    const ws = loadWorkspace(ctx, p);
    validateName(spec.noun, p.name);
    const res = ctx.store.get(containerIdOf(ws.id, spec.segment, p.name));
    if (!res) throw notFound(spec.noun, p.name);
    return { ws, res };
  };

  // ---- containers
  app.get(base, async (req, reply) => {
    const p = req.params as P;
    const ws = loadWorkspace(ctx, p);
    const q = req.query as Record<string, unknown>;
    const view = viewType(q);
    const skip = parseSkip(q);
    const all = ctx.store.list(spec.segment, ws.id).filter((c) => inView(!!c.body.properties.isArchived, view));
    const items = all.slice(skip, skip + ASSET_PAGE_SIZE).map(containerBody);
    return send(reply, page(items, all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req)));
  });

  app.get(`${base}/:name`, async (req, reply) => {
    const { res } = loadContainer(req.params as P);
    return send(reply, containerBody(res), res.etag);
  });

  app.put(`${base}/:name`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${containerType}/write`);
    const ws = loadWorkspace(ctx, p);
    validateName(spec.noun, p.name);
    spec.guardWrite?.(p.name, req);
    const input = parseBody(containerPut, req.body);
    const id = containerIdOf(ws.id, spec.segment, p.name);
    const existing = ctx.store.get(id);
    checkPreconditions(req, existing?.etag ?? null);
    const now = ctx.now();
    const body = {
      id,
      name: p.name,
      type: containerType,
      properties: {
        description: input.properties.description ?? null,
        tags: clean(input.properties.tags),
        properties: clean(input.properties.properties),
        isArchived: input.properties.isArchived ?? false,
      },
      systemData: systemData(req, now, existing?.body.systemData),
    };
    const stored = ctx.store.put(
      { id, kind: spec.segment, parent: ws.id, name: p.name, body, sim: null, dueAt: null },
      now,
    );
    return send(reply, containerBody(stored), stored.etag, existing ? 200 : 201);
  });

  app.delete(`${base}/:name`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${containerType}/delete`);
    const ws = loadWorkspace(ctx, p);
    validateName(spec.noun, p.name);
    spec.guardWrite?.(p.name, req);
    const id = containerIdOf(ws.id, spec.segment, p.name);
    const existing = ctx.store.get(id);
    if (!existing) return reply.code(204).send();
    checkPreconditions(req, existing.etag);
    ctx.store.deleteTree(id);
    return reply.code(200).send();
  });

  // ---- versions
  app.get(`${base}/:name/versions`, async (req, reply) => {
    const p = req.params as P;
    const { res: container } = loadContainer(p);
    const q = req.query as Record<string, unknown>;
    const view = viewType(q);
    const skip = parseSkip(q);
    let all = ctx.store
      .list(spec.versionKind, container.id)
      .filter((v) => inView(!!v.body.properties.isArchived, view));
    if (typeof q.version === "string") all = all.filter((v) => v.name === q.version);
    if (typeof q.tags === "string" && q.tags) {
      // "k1=v1,k2" — every tag named must be present (with that value when one is given), as the MFE filter does.
      const wanted = q.tags.split(",").map((t) => t.split("="));
      all = all.filter((v) =>
        wanted.every(
          ([k, val]) =>
            v.body.properties.tags?.[k] !== undefined && (val === undefined || v.body.properties.tags[k] === val),
        ),
      );
    }
    const orderBy = typeof q.$orderBy === "string" ? q.$orderBy : "createdtime desc";
    if (/^createdtime\s+desc$/i.test(orderBy)) all.reverse();
    else if (!/^createdtime(\s+asc)?$/i.test(orderBy))
      throw badRequest(
        "InvalidQueryParameter",
        `$orderBy '${orderBy}' is not supported; use 'createdtime desc' or 'createdtime asc'.`,
        "$orderBy",
      );
    const top = q.$top === undefined ? Infinity : Number(q.$top);
    if (!Number.isInteger(top) && top !== Infinity)
      throw badRequest("InvalidQueryParameter", "$top must be an integer.", "$top");
    if (top !== Infinity) all = all.slice(0, Math.max(0, top));
    const items = all.slice(skip, skip + ASSET_PAGE_SIZE).map(versionBody);
    return send(reply, page(items, all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req)));
  });

  const loadVersion = (p: P) => {
    const { ws, res: container } = loadContainer(p);
    validateVersion(spec.noun, p.version);
    const res = ctx.store.get(versionIdOf(container.id, p.version));
    if (!res)
      throw new ArmError(
        404,
        "ResourceNotFound",
        `Version '${p.version}' of ${spec.noun} '${p.name}' could not be found.`,
      );
    return { ws, container, res };
  };

  app.get(`${base}/:name/versions/:version`, async (req, reply) => {
    const { res } = loadVersion(req.params as P);
    return send(reply, versionBody(res), res.etag);
  });

  app.put(`${base}/:name/versions/:version`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${versionType}/write`);
    const ws = loadWorkspace(ctx, p);
    validateName(spec.noun, p.name);
    validateVersion(spec.noun, p.version);
    spec.guardWrite?.(p.name, req);
    const input = parseBody(
      z.strictObject({ properties: spec.versionSchema, id: ro, name: ro, type: ro, systemData: ro }),
      req.body,
    ) as { properties: any };
    const containerId = containerIdOf(ws.id, spec.segment, p.name);
    const id = versionIdOf(containerId, p.version);
    const existing = ctx.store.get(id);
    checkPreconditions(req, existing?.etag ?? null);
    const now = ctx.now();

    if (existing) {
      // An existing version keeps its contents; only description, tags and the archive flag change.
      const cur = existing.body.properties;
      const prepared = spec.prepareVersion(structuredClone(input.properties), {
        name: p.name,
        version: p.version,
        wsId: ws.id,
        now,
      }).properties;
      const changedContents = Object.keys({ ...cur, ...prepared }).filter(
        (k) =>
          !spec.mutable.includes(k) &&
          prepared[k] !== undefined &&
          JSON.stringify(prepared[k]) !== JSON.stringify(cur[k]),
      );
      if (changedContents.length) {
        const next = versionSummary(ctx.store.list(spec.versionKind, containerId)).nextVersion;
        throw conflict(
          "VersionAlreadyExists",
          `Version '${p.version}' of ${spec.noun} '${p.name}' already exists and its ${changedContents.join(", ")} cannot change. Register a new version instead (the next free version is ${next}).`,
        );
      }
      const archivedAfter = input.properties.isArchived ?? cur.isArchived ?? false;
      if (cur.isArchived && archivedAfter) {
        const edits = ["description", "tags", "properties"].filter(
          (k) =>
            input.properties[k] !== undefined &&
            JSON.stringify(k === "description" ? (input.properties[k] ?? null) : clean(input.properties[k])) !==
              JSON.stringify(cur[k] ?? (k === "description" ? null : {})),
        );
        if (edits.length)
          throw conflict(
            "AssetArchived",
            `Version '${p.version}' of ${spec.noun} '${p.name}' is archived and cannot be edited (${edits.join(", ")}). Restore it first.`,
          );
      }
      const body = {
        ...existing.body,
        properties: {
          ...cur,
          description: input.properties.description !== undefined ? input.properties.description : cur.description,
          tags: input.properties.tags !== undefined ? clean(input.properties.tags) : cur.tags,
          properties: { ...cur.properties, ...(input.properties.properties ? clean(input.properties.properties) : {}) },
          isArchived: archivedAfter,
        },
        systemData: systemData(req, now, existing.body.systemData),
      };
      const stored = ctx.store.put({ ...existing, body }, now);
      return send(reply, versionBody(stored), stored.etag, 200);
    }

    const { properties, sim } = spec.prepareVersion(input.properties, {
      name: p.name,
      version: p.version,
      wsId: ws.id,
      now,
    });
    const body = {
      id,
      name: p.version,
      type: versionType,
      properties: {
        ...properties,
        description: properties.description ?? null,
        tags: clean(properties.tags),
        properties: clean(properties.properties),
        isAnonymous: properties.isAnonymous ?? false,
        isArchived: properties.isArchived ?? false,
      },
      systemData: systemData(req, now),
    };
    let stored!: StoredResource;
    ctx.store.tx(() => {
      // Registering a version creates its container, as Azure ML does.
      if (!ctx.store.get(containerId)) {
        ctx.store.put(
          {
            id: containerId,
            kind: spec.segment,
            parent: ws.id,
            name: p.name,
            body: {
              id: containerId,
              name: p.name,
              type: containerType,
              properties: { description: null, tags: {}, properties: {}, isArchived: false },
              systemData: systemData(req, now),
            },
            sim: null,
            dueAt: null,
          },
          now,
        );
      }
      stored = ctx.store.put(
        { id, kind: spec.versionKind, parent: containerId, name: p.version, body, sim: sim ?? null, dueAt: null },
        now,
      );
    });
    return send(reply, versionBody(stored), stored.etag, 201);
  });

  app.delete(`${base}/:name/versions/:version`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${versionType}/delete`);
    loadWorkspace(ctx, p);
    validateName(spec.noun, p.name);
    validateVersion(spec.noun, p.version);
    spec.guardWrite?.(p.name, req);
    const ws = loadWorkspace(ctx, p);
    const id = versionIdOf(containerIdOf(ws.id, spec.segment, p.name), p.version);
    const existing = ctx.store.get(id);
    if (!existing) return reply.code(204).send();
    checkPreconditions(req, existing.etag);
    ctx.store.delete(id);
    return reply.code(200).send();
  });
}

/** Stores a version (and its container) directly, for seeds and benchmarks: no request, no checks. */
export function putAssetVersion(
  ctx: Ctx,
  spec: Pick<AssetKindSpec, "segment" | "versionKind">,
  wsId: string,
  name: string,
  version: string,
  properties: any,
  opts: { at: number; user: string; sim?: any; container?: { description?: string; tags?: Record<string, string> } },
) {
  const containerId = containerIdOf(wsId, spec.segment, name);
  const sys = {
    createdBy: opts.user,
    createdByType: "User",
    createdAt: new Date(opts.at).toISOString(),
    lastModifiedBy: opts.user,
    lastModifiedByType: "User",
    lastModifiedAt: new Date(opts.at).toISOString(),
  };
  const existing = ctx.store.get(containerId);
  if (!existing || opts.container) {
    ctx.store.put(
      {
        id: containerId,
        kind: spec.segment,
        parent: wsId,
        name,
        body: {
          id: containerId,
          name,
          type: `${PROVIDER}/workspaces/${spec.segment}`,
          properties: {
            description: opts.container?.description ?? existing?.body.properties.description ?? null,
            tags: opts.container?.tags ?? existing?.body.properties.tags ?? {},
            properties: {},
            isArchived: false,
          },
          systemData: existing?.body.systemData ?? sys,
        },
        sim: null,
        dueAt: null,
        createdAt: existing?.createdAt ?? opts.at,
      },
      opts.at,
    );
  }
  const id = versionIdOf(containerId, version);
  const body = {
    id,
    name: version,
    type: `${PROVIDER}/workspaces/${spec.segment}/versions`,
    properties: { description: null, tags: {}, properties: {}, isAnonymous: false, isArchived: false, ...properties },
    systemData: sys,
  };
  return ctx.store.put(
    {
      id,
      kind: spec.versionKind,
      parent: containerId,
      name: version,
      body,
      sim: opts.sim ?? null,
      dueAt: null,
      createdAt: opts.at,
    },
    opts.at,
  );
}
