/**
 * Versioned assets — models, environments, data, components and codes — as ARM serves them under
 * `workspaces/{ws}/{segment}/{name}[/versions/{version}]` (api-version 2022-10-01). One module, one set of rules;
 * each kind supplies only its version schema and how a new version's contents are checked and completed.
 *
 * Rules, and where each comes from (../shared/azure-ml-rest-spec/2022-10-01/mfe.json unless said otherwise):
 * - Names: `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$` — the `pattern` of the `name` path parameter of every PUT on
 *   codes, components, data, environments and models (containers and versions alike). The spec puts no pattern on
 *   GET or DELETE; there a name is refused (400) only if no asset could ever carry it — the PUT alphabet plus '.',
 *   because Azure's own curated environments (`AzureML-sklearn-1.5`, seeded here) carry dots and stay readable —
 *   and otherwise looked up (404 / 204).
 * - Versions: the spec gives the `version` path parameter no pattern ("Version identifier. This is
 *   case-sensitive."). We take the name pattern's alphabet and length and add '.', so `1`, `2.0.1` and `v3-rc`
 *   are versions, and a version never contains ':' '@' or '/' (which `azureml:<name>:<version>` and
 *   `azureml:<name>@latest` references and the URL use as separators).
 * - Bad names and versions: 400 `InvalidResourceName` with the target `name` / `version` (the code ARM and the
 *   computes of this service use for a name its pattern refuses).
 * - `listViewType`: ActiveOnly (default), ArchivedOnly or All — the ListViewType enum of the list operations.
 * - Paging: `$skip` and an absolute `nextLink` (PaginationParameter); version lists also take `$orderBy`
 *   (`createdtime desc` default, `createdtime asc`, `version desc|asc`), `$top`, `version` and `tags` (`k1=v1,k2`).
 * - `latestVersion` (AssetContainer, read-only, "The latest version inside this container"): the most recently
 *   created non-anonymous version — what `azureml:<name>@latest` resolves to in the Azure ML CLI/SDK, which ask for
 *   the newest by `createdtime desc`. `nextVersion`: one more than the highest integer version ("1" when none).
 * - Immutability: a version's contents never change; PUT on an existing version may change only description,
 *   tags, properties and isArchived (anything else → 409 `VersionAlreadyExists` naming the fields). An archived
 *   version refuses edits until restored (409 `AssetArchived`).
 * - Registering a version creates its container (as Azure ML does). Archiving a container archives its versions,
 *   restoring it restores them (as `az ml <kind> archive|restore --name` does).
 * - Bodies carry only what the spec's AssetContainer / AssetBase (+ kind) declare: no provisioningState in
 *   2022-10-01.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  ArmError,
  PROVIDER,
  badRequest,
  childId,
  conflict,
  notFound,
  page,
  parseListViewType,
  parseSkip,
} from "../arm";
import { apiVersion, checkPreconditions, requireRole, systemData, type Ctx } from "../context";
import type { ArchiveView, StoredResource } from "../store";
import { parseBody, ro } from "../validation";
import { loadWorkspace, type WsParams } from "./workspaces";

export const ASSET_PAGE_SIZE = 100;
/** mfe.json, PUT …/{segment}/{name}[/versions/{version}]: `name` path parameter `pattern`. */
export const ASSET_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
/** GET/DELETE (no pattern in the spec): names an asset can have, Azure's curated ones with dots included. */
const READ_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
/** No pattern in the spec: the name alphabet plus '.', same length (see the module comment). */
export const ASSET_VERSION_RE = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;

/** Store kind of each segment's versions (kept as they were, so existing state.db files stay readable). */
export const VERSION_KINDS: Record<string, string> = {
  models: "modelVersions",
  environments: "environmentVersions",
  data: "data-versions",
  components: "versions",
  codes: "versions",
};

export const stringMap = z.record(z.string(), z.string().nullable()).nullable().optional();

/** Fields every asset version has (ResourceBase + AssetBase). */
export const assetBaseShape = {
  description: z.string().max(5000).nullable().optional(),
  tags: stringMap,
  properties: stringMap,
  isAnonymous: z.boolean().optional(),
  isArchived: z.boolean().optional(),
  IsIPProtected: ro,
  provisioningState: ro,
};
const MUTABLE = ["description", "tags", "properties", "isArchived", "isAnonymous"];

export interface AssetKindSpec {
  /** URL segment and store kind of containers: "models", "data", … */
  segment: string;
  /** What a person calls it in messages. */
  noun: string;
  /** The version body's `properties` schema (strict), built on assetBaseShape. */
  versionSchema: z.ZodType;
  /** Kind-specific container properties (DataContainer: dataType, required). */
  containerShape?: z.ZodRawShape;
  /** Refuses a write (throws) — curated environments, say. */
  guardWrite?(name: string, req: FastifyRequest): void;
  /** Checks and completes a new version's properties; may return private sim state. */
  prepareVersion(
    input: any,
    c: { name: string; version: string; wsId: string; now: number; container: StoredResource | null },
  ): { properties: any; sim?: any };
  /** The container properties a version's first registration gives its container (data: its dataType). */
  containerFromVersion?(versionProperties: any): Record<string, unknown>;
  /** Checks a container PUT against the stored container (data: the type cannot change). */
  checkContainerUpdate?(existing: StoredResource, input: any, name: string): void;
  /** Adds computed fields to a version body before it is sent (environments: nothing in the ARM body). */
  present?(res: StoredResource, now: number): any;
}

const versionKindOf = (segment: string) => VERSION_KINDS[segment] ?? `${segment}-versions`;
export const containerIdOf = (wsId: string, segment: string, name: string) => childId(wsId, segment, name);
export const versionIdOf = (wsId: string, segment: string, name: string, version: string) =>
  childId(containerIdOf(wsId, segment, name), "versions", version);

const clean = (m: Record<string, string | null> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, v ?? ""]));

function checkName(noun: string, name: string) {
  if (!ASSET_NAME_RE.test(name))
    throw badRequest(
      "InvalidResourceName",
      `The ${noun} name '${name}' is invalid: 1-255 letters, digits, '-' and '_', starting with a letter or digit.`,
      "name",
    );
}
function checkReadName(noun: string, name: string) {
  if (!READ_NAME_RE.test(name))
    throw badRequest(
      "InvalidResourceName",
      `'${name}' cannot be the name of a ${noun}: 1-255 letters, digits, '-', '_' and '.', starting with a letter or digit.`,
      "name",
    );
}
function checkVersion(noun: string, version: string) {
  if (!ASSET_VERSION_RE.test(version))
    throw badRequest(
      "InvalidResourceName",
      `The ${noun} version '${version}' is invalid: 1-255 letters, digits, '-', '_' and '.', starting with a letter or digit.`,
      "version",
    );
}

/** Numeric-aware order so version 10 comes after 9. */
export function compareVersions(a: string, b: string) {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** latestVersion: the newest non-anonymous version (ties: the higher version); nextVersion: highest integer + 1. */
export function versionSummary(versions: StoredResource[]) {
  let latest: StoredResource | null = null;
  let max = 0;
  for (const v of versions) {
    if (/^\d+$/.test(v.name)) max = Math.max(max, Number(v.name));
    if (v.body.properties?.isAnonymous === true) continue;
    if (
      !latest ||
      v.createdAt > latest.createdAt ||
      (v.createdAt === latest.createdAt && compareVersions(v.name, latest.name) > 0)
    )
      latest = v;
  }
  return { latestVersion: latest?.name ?? null, nextVersion: String(max + 1) };
}

const listVersions = (ctx: Ctx, segment: string, containerId: string) =>
  ctx.store.list(versionKindOf(segment), containerId);

/**
 * Stores a container's latestVersion / nextVersion in its row. Answers and references always recompute them from
 * the versions (the one source of truth); this is for code that writes container rows itself (seed-components).
 */
export function refreshContainer(ctx: Ctx, containerId: string, now: number, segment = "components") {
  const c = ctx.store.get(containerId);
  if (!c) return;
  const body = structuredClone(c.body);
  Object.assign(body.properties, versionSummary(listVersions(ctx, segment, containerId)));
  ctx.store.put({ ...c, body }, now);
}

const inView = (archived: boolean, v: ArchiveView) => v === "All" || (v === "ArchivedOnly") === archived;

function send(reply: FastifyReply, body: any, etag?: string, code = 200) {
  if (etag) reply.header("ETag", etag);
  return reply.code(code).send(body);
}

/** A container's answer: the spec's AssetContainer fields (and the kind's), with the version summary. */
function presentContainer(
  ctx: Ctx,
  segment: string,
  extraKeys: string[],
  res: StoredResource,
  versions = listVersions(ctx, segment, res.id),
) {
  const p = res.body.properties ?? {};
  return {
    id: res.body.id,
    name: res.body.name,
    type: res.body.type,
    properties: {
      description: p.description ?? null,
      tags: p.tags ?? {},
      properties: p.properties ?? {},
      isArchived: p.isArchived ?? false,
      ...Object.fromEntries(extraKeys.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])),
      ...versionSummary(versions),
    },
    systemData: res.body.systemData,
  };
}

export function registerAssetRoutes(app: FastifyInstance, ctx: Ctx, spec: AssetKindSpec) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/${spec.segment}`;
  const containerType = `${PROVIDER}/workspaces/${spec.segment}`;
  const versionType = `${containerType}/versions`;
  const versionKind = versionKindOf(spec.segment);
  const extraKeys = Object.keys(spec.containerShape ?? {});
  type P = WsParams & { name: string; version: string };

  const containerPut = z.strictObject({
    properties: z.strictObject({
      description: z.string().max(5000).nullable().optional(),
      tags: stringMap,
      properties: stringMap,
      isArchived: z.boolean().optional(),
      latestVersion: ro,
      nextVersion: ro,
      provisioningState: ro,
      ...spec.containerShape,
    }),
    id: ro,
    name: ro,
    type: ro,
    systemData: ro,
  });
  const versionPut = z.strictObject({ properties: spec.versionSchema, id: ro, name: ro, type: ro, systemData: ro });

  const containerBody = (res: StoredResource) => presentContainer(ctx, spec.segment, extraKeys, res);
  const versionBody = (res: StoredResource) => {
    const body = spec.present ? spec.present(res, ctx.now()) : res.body;
    // Rows stored before 2022-10-01's shape was enforced may carry provisioningState, which the spec lacks.
    if (body.properties?.provisioningState === undefined) return body;
    const { provisioningState: _dropped, ...properties } = body.properties;
    return { ...body, properties };
  };

  const loadContainer = (p: P) => {
    const ws = loadWorkspace(ctx, p);
    checkReadName(spec.noun, p.name);
    const res = ctx.store.get(containerIdOf(ws.id, spec.segment, p.name));
    if (!res) throw notFound(spec.noun, p.name);
    return { ws, res };
  };

  // ---- containers
  app.get(base, async (req, reply) => {
    const ws = loadWorkspace(ctx, req.params as P);
    const q = req.query as Record<string, unknown>;
    const view = parseListViewType(q);
    const skip = parseSkip(q);
    const { items, total } = ctx.store.listPage(spec.segment, ws.id, { skip, top: ASSET_PAGE_SIZE, view });
    // The page's versions in one query, not one per container (a list of 10,000 models is 101 pages).
    const versions = ctx.store.listUnder(
      versionKindOf(spec.segment),
      items.map((c) => c.id),
    );
    const bodies = items.map((c) => presentContainer(ctx, spec.segment, extraKeys, c, versions.get(c.id)));
    return send(reply, page(bodies, total, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req)));
  });

  app.get(`${base}/:name`, async (req, reply) => {
    const { res } = loadContainer(req.params as P);
    return send(reply, containerBody(res), res.etag);
  });

  app.put(`${base}/:name`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${containerType}/write`);
    const ws = loadWorkspace(ctx, p);
    spec.guardWrite?.(p.name, req);
    checkName(spec.noun, p.name);
    const input = parseBody(containerPut, req.body).properties as Record<string, any>;
    const id = containerIdOf(ws.id, spec.segment, p.name);
    const existing = ctx.store.get(id);
    checkPreconditions(req, existing?.etag ?? null);
    if (existing) spec.checkContainerUpdate?.(existing, input, p.name);
    const now = ctx.now();
    const body = {
      id,
      name: p.name,
      type: containerType,
      properties: {
        description: input.description ?? null,
        tags: clean(input.tags),
        properties: clean(input.properties),
        isArchived: input.isArchived ?? false,
        ...Object.fromEntries(extraKeys.map((k) => [k, input[k] ?? existing?.body.properties[k]])),
      },
      systemData: systemData(req, now, existing?.body.systemData),
    };
    let stored!: StoredResource;
    ctx.store.tx(() => {
      stored = ctx.store.put(
        { id, kind: spec.segment, parent: ws.id, name: p.name, body, sim: null, dueAt: null },
        now,
      );
      // Archiving a container archives what it lists; restoring it restores them.
      if (existing && input.isArchived !== undefined && input.isArchived !== !!existing.body.properties.isArchived)
        for (const v of ctx.store.list(versionKind, id)) {
          const vb = structuredClone(v.body);
          vb.properties.isArchived = input.isArchived;
          ctx.store.put({ ...v, body: vb }, now);
        }
    });
    return send(reply, containerBody(stored), stored.etag, existing ? 200 : 201);
  });

  app.delete(`${base}/:name`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${containerType}/delete`);
    const ws = loadWorkspace(ctx, p);
    spec.guardWrite?.(p.name, req);
    checkReadName(spec.noun, p.name);
    const existing = ctx.store.get(containerIdOf(ws.id, spec.segment, p.name));
    if (!existing) return reply.code(204).send();
    checkPreconditions(req, existing.etag);
    ctx.store.deleteTree(existing.id);
    return reply.code(200).send();
  });

  // ---- versions
  app.get(`${base}/:name/versions`, async (req, reply) => {
    const { res: container } = loadContainer(req.params as P);
    const q = req.query as Record<string, unknown>;
    const view = parseListViewType(q);
    const skip = parseSkip(q);
    let all = listVersions(ctx, spec.segment, container.id).filter((v) => inView(!!v.body.properties.isArchived, view));
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
    const orderBy = typeof q.$orderBy === "string" ? q.$orderBy.trim() : "createdtime desc";
    const order = /^(createdtime|version)(?:\s+(asc|desc))?$/i.exec(orderBy);
    if (!order)
      throw badRequest(
        "InvalidQueryParameter",
        `$orderBy '${orderBy}' is not supported; use 'createdtime desc', 'createdtime asc', 'version desc' or 'version asc'.`,
        "$orderBy",
      );
    all.sort((a, b) =>
      order[1].toLowerCase() === "version"
        ? compareVersions(a.name, b.name)
        : a.createdAt - b.createdAt || compareVersions(a.name, b.name),
    );
    if ((order[2] ?? "asc").toLowerCase() === "desc") all.reverse();
    if (q.$top !== undefined) {
      const top = Number(q.$top);
      if (!Number.isInteger(top) || top < 1)
        throw badRequest("InvalidQueryParameter", `$top '${String(q.$top)}' must be a positive integer.`, "$top");
      all = all.slice(0, top);
    }
    const items = all.slice(skip, skip + ASSET_PAGE_SIZE).map(versionBody);
    return send(reply, page(items, all.length, skip, ctx.baseUrl(req), req.url.split("?")[0], apiVersion(req)));
  });

  app.get(`${base}/:name/versions/:version`, async (req, reply) => {
    const p = req.params as P;
    const ws = loadWorkspace(ctx, p);
    checkReadName(spec.noun, p.name);
    const res = ctx.store.get(versionIdOf(ws.id, spec.segment, p.name, p.version));
    if (!res)
      throw new ArmError(
        404,
        "ResourceNotFound",
        `Version '${p.version}' of ${spec.noun} '${p.name}' could not be found.`,
      );
    return send(reply, versionBody(res), res.etag);
  });

  app.put(`${base}/:name/versions/:version`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${versionType}/write`);
    const ws = loadWorkspace(ctx, p);
    spec.guardWrite?.(p.name, req);
    checkName(spec.noun, p.name);
    checkVersion(spec.noun, p.version);
    const input = parseBody(versionPut, req.body).properties as Record<string, any>;
    const containerId = containerIdOf(ws.id, spec.segment, p.name);
    const container = ctx.store.get(containerId);
    const id = versionIdOf(ws.id, spec.segment, p.name, p.version);
    const existing = ctx.store.get(id);
    checkPreconditions(req, existing?.etag ?? null);
    const now = ctx.now();
    const c = { name: p.name, version: p.version, wsId: ws.id, now, container };

    if (existing) {
      const cur = existing.body.properties;
      const changed = Object.keys(input).filter(
        (k) =>
          !MUTABLE.includes(k) &&
          k !== "provisioningState" &&
          k !== "IsIPProtected" &&
          input[k] !== undefined &&
          JSON.stringify(input[k]) !== JSON.stringify(cur[k]),
      );
      // Fields a kind completes with defaults (modelType, osType, …) count as changed only if they differ then.
      const prepared = changed.length ? spec.prepareVersion(structuredClone(input), c).properties : {};
      const changedContents = changed.filter((k) => JSON.stringify(prepared[k]) !== JSON.stringify(cur[k]));
      if (changedContents.length) {
        const next = versionSummary(listVersions(ctx, spec.segment, containerId)).nextVersion;
        throw conflict(
          "VersionAlreadyExists",
          `Version '${p.version}' of ${spec.noun} '${p.name}' already exists and its ${changedContents.join(", ")} cannot change. Register a new version instead (the next free version is ${next}).`,
        );
      }
      const archivedAfter = input.isArchived ?? cur.isArchived ?? false;
      if (cur.isArchived && archivedAfter) {
        const edits = ["description", "tags", "properties"].filter(
          (k) =>
            input[k] !== undefined &&
            JSON.stringify(k === "description" ? (input[k] ?? null) : clean(input[k])) !==
              JSON.stringify(cur[k] ?? (k === "description" ? null : {})),
        );
        if (edits.length)
          throw conflict(
            "AssetArchived",
            `Version '${p.version}' of ${spec.noun} '${p.name}' is archived and cannot be edited (${edits.join(", ")}). Restore it first.`,
          );
      }
      const { provisioningState: _legacy, ...kept } = cur;
      const body = {
        ...existing.body,
        properties: {
          ...kept,
          description: input.description !== undefined ? input.description : (cur.description ?? null),
          tags: input.tags !== undefined ? clean(input.tags) : cur.tags,
          properties: { ...cur.properties, ...(input.properties ? clean(input.properties) : {}) },
          isArchived: archivedAfter,
        },
        systemData: systemData(req, now, existing.body.systemData),
      };
      const stored = ctx.store.put({ ...existing, body }, now);
      return send(reply, versionBody(stored), stored.etag, 200);
    }

    const { properties, sim } = spec.prepareVersion(input, c);
    const stored = storeVersion(ctx, spec, ws.id, p.name, p.version, properties, {
      at: now,
      systemData: systemData(req, now),
      sim,
    });
    return send(reply, versionBody(stored), stored.etag, 201);
  });

  app.delete(`${base}/:name/versions/:version`, async (req, reply) => {
    const p = req.params as P;
    requireRole(req, "DataScientist", `${versionType}/delete`);
    const ws = loadWorkspace(ctx, p);
    spec.guardWrite?.(p.name, req);
    checkReadName(spec.noun, p.name);
    const existing = ctx.store.get(versionIdOf(ws.id, spec.segment, p.name, p.version));
    if (!existing) return reply.code(204).send();
    checkPreconditions(req, existing.etag);
    ctx.store.delete(existing.id);
    return reply.code(200).send();
  });
}

/**
 * Stores a new version, creating its container when missing, in one transaction. Used by the PUT route (after its
 * checks) and directly by seeds and benchmarks (no request, no checks).
 */
export function storeVersion(
  ctx: Ctx,
  spec: Pick<AssetKindSpec, "segment" | "containerFromVersion">,
  wsId: string,
  name: string,
  version: string,
  properties: any,
  opts: {
    at: number;
    systemData: unknown;
    sim?: any;
    container?: { description?: string; tags?: Record<string, string> };
  },
): StoredResource {
  const containerId = containerIdOf(wsId, spec.segment, name);
  const containerType = `${PROVIDER}/workspaces/${spec.segment}`;
  const id = versionIdOf(wsId, spec.segment, name, version);
  // Read-only fields a client may echo back are the service's, not stored from the request.
  const { provisioningState: _state, IsIPProtected: _ip, ...given } = properties;
  const body = {
    id,
    name: version,
    type: `${containerType}/versions`,
    properties: {
      ...given,
      description: properties.description ?? null,
      tags: clean(properties.tags),
      properties: clean(properties.properties),
      isAnonymous: properties.isAnonymous ?? false,
      isArchived: properties.isArchived ?? false,
    },
    systemData: opts.systemData,
  };
  let stored!: StoredResource;
  ctx.store.tx(() => {
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
            type: containerType,
            properties: {
              description: opts.container?.description ?? existing?.body.properties.description ?? null,
              tags: opts.container?.tags ?? existing?.body.properties.tags ?? {},
              properties: existing?.body.properties.properties ?? {},
              isArchived: existing?.body.properties.isArchived ?? false,
              ...(existing ? {} : (spec.containerFromVersion?.(body.properties) ?? {})),
            },
            systemData: existing?.body.systemData ?? opts.systemData,
          },
          sim: null,
          dueAt: null,
          createdAt: existing?.createdAt ?? opts.at,
        },
        opts.at,
      );
    }
    stored = ctx.store.put(
      {
        id,
        kind: versionKindOf(spec.segment),
        parent: containerId,
        name: version,
        body,
        sim: opts.sim ?? null,
        dueAt: null,
        createdAt: opts.at,
      },
      opts.at,
    );
  });
  return stored;
}

/** Stores a version (and its container) for seeds and benchmarks, with systemData for `user` at `at`. */
export function putAssetVersion(
  ctx: Ctx,
  spec: Pick<AssetKindSpec, "segment" | "containerFromVersion">,
  wsId: string,
  name: string,
  version: string,
  properties: any,
  opts: { at: number; user: string; sim?: any; container?: { description?: string; tags?: Record<string, string> } },
) {
  const iso = new Date(opts.at).toISOString();
  const sys = {
    createdBy: opts.user,
    createdByType: "User",
    createdAt: iso,
    lastModifiedBy: opts.user,
    lastModifiedByType: "User",
    lastModifiedAt: iso,
  };
  return storeVersion(ctx, spec, wsId, name, version, properties, { ...opts, systemData: sys });
}

/** Resolves `azureml:name:version`, `azureml:name@latest`, `azureml:name` or a full ARM id of a version. */
export function resolveVersionRef(ctx: Ctx, wsId: string, segment: string, ref: string): StoredResource | null {
  const arm = new RegExp(`/${segment}/([^/]+)/versions/([^/]+)$`, "i").exec(ref);
  if (arm) {
    if (!ref.toLowerCase().startsWith(wsId.toLowerCase())) return null;
    return ctx.store.get(versionIdOf(wsId, segment, arm[1], arm[2]));
  }
  const m = /^azureml:([^:@/]+)(?::([^:@/]+)|@([a-zA-Z0-9_.-]+))?$/.exec(ref);
  if (!m) return null;
  if (m[2]) return ctx.store.get(versionIdOf(wsId, segment, m[1], m[2]));
  if (m[3] && m[3] !== "latest") return null;
  const latest = versionSummary(listVersions(ctx, segment, containerIdOf(wsId, segment, m[1]))).latestVersion;
  return latest ? ctx.store.get(versionIdOf(wsId, segment, m[1], latest)) : null;
}
