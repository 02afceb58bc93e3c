/**
 * Data assets: containers (`…/data/{name}`) and versions (`…/data/{name}/versions/{version}`) of type
 * uri_file, uri_folder or mltable. Creating a version creates its container; a container's latestVersion and
 * nextVersion follow its versions. A version's type and URI are immutable; description, tags and isArchived
 * may change.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { ArmError, PROVIDER, badRequest, childId, notFound, page, parseSkip } from "../arm";
import { apiVersion, checkPreconditions, requireRole, systemData, type Ctx } from "../context";
import type { StoredResource } from "../store";
import { parseBody, ro } from "../validation";
import { loadWorkspace, sendResource, type WsParams } from "./workspaces";
import { ASSET_NAME_RE, ASSET_VERSION_RE } from "../../lib/domain/storage-names";

export const DATA_CONTAINER_TYPE = `${PROVIDER}/workspaces/data`;
export const DATA_VERSION_TYPE = `${PROVIDER}/workspaces/data/versions`;
const PAGE_SIZE = 100;
const DATA_TYPES = ["uri_file", "uri_folder", "mltable"] as const;

const strMap = z.record(z.string(), z.string().nullable()).nullable().optional();
const containerPut = z.strictObject({
  properties: z.strictObject({
    dataType: z.enum(DATA_TYPES),
    description: z.string().max(5000).nullable().optional(),
    tags: strMap,
    properties: strMap,
    isArchived: z.boolean().optional(),
    latestVersion: ro,
    nextVersion: ro,
  }),
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
});
const dataUri = z
  .string()
  .min(1)
  .max(2048)
  .refine(
    (u) => /^(azureml|https?|wasbs?|abfss?|adl|file):\/\//i.test(u) || /^[^:]+$/.test(u),
    "dataUri must be an azureml://, https://, wasbs://, abfss:// or adl:// URI",
  );
const versionPut = z.strictObject({
  properties: z.strictObject({
    dataType: z.enum(DATA_TYPES),
    dataUri,
    description: z.string().max(5000).nullable().optional(),
    tags: strMap,
    properties: strMap,
    isAnonymous: z.boolean().optional(),
    isArchived: z.boolean().optional(),
    referencedUris: z.array(z.string()).nullable().optional(),
  }),
  id: ro,
  name: ro,
  type: ro,
  systemData: ro,
});
export type DataVersionInput = z.infer<typeof versionPut>["properties"];

export const dataContainerIdOf = (wsId: string, name: string) => childId(wsId, "data", name);
export const dataVersionIdOf = (wsId: string, name: string, version: string) =>
  childId(dataContainerIdOf(wsId, name), "versions", version);

function validateName(name: string) {
  if (!ASSET_NAME_RE.test(name))
    throw badRequest(
      "InvalidResourceName",
      `The data asset name '${name}' is invalid: 1-255 letters, digits, hyphens, underscores and periods, starting with a letter or digit.`,
      "name",
    );
}
function validateVersion(v: string) {
  if (!ASSET_VERSION_RE.test(v))
    throw badRequest(
      "InvalidResourceName",
      `The version '${v}' is invalid: 1-50 letters, digits, hyphens, underscores and periods, starting with a letter or digit.`,
      "version",
    );
}

/** Numeric-aware order so version 10 comes after 9. */
export function compareVersions(a: string, b: string) {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Recomputes latestVersion / nextVersion of a container from its versions. */
function refreshContainer(ctx: Ctx, container: StoredResource, at: number) {
  const versions = ctx.store
    .list("data-versions", container.id)
    .map((v) => v.name)
    .sort(compareVersions);
  const latest = versions.at(-1) ?? null;
  const maxNumeric = versions.filter((v) => /^\d+$/.test(v)).reduce((m, v) => Math.max(m, Number(v)), 0);
  const body = {
    ...container.body,
    properties: { ...container.body.properties, latestVersion: latest, nextVersion: String(maxNumeric + 1) },
  };
  return ctx.store.put({ ...container, body }, at);
}

export function putDataVersion(
  ctx: Ctx,
  wsId: string,
  name: string,
  version: string,
  input: DataVersionInput,
  sys: unknown,
  at: number,
): StoredResource {
  const cid = dataContainerIdOf(wsId, name);
  let container = ctx.store.get(cid);
  if (!container) {
    container = ctx.store.put(
      {
        id: cid,
        kind: "data",
        parent: wsId,
        name,
        sim: null,
        dueAt: null,
        createdAt: at,
        body: {
          id: cid,
          name,
          type: DATA_CONTAINER_TYPE,
          properties: {
            dataType: input.dataType,
            description: null,
            tags: {},
            properties: {},
            isArchived: false,
            latestVersion: null,
            nextVersion: "1",
          },
          systemData: sys,
        },
      },
      at,
    );
  }
  const id = dataVersionIdOf(wsId, name, version);
  const props: Record<string, unknown> = {
    dataType: input.dataType,
    dataUri: input.dataUri,
    description: input.description ?? null,
    tags: input.tags ?? {},
    properties: input.properties ?? {},
    isAnonymous: input.isAnonymous ?? false,
    isArchived: input.isArchived ?? false,
  };
  if (input.dataType === "mltable") props.referencedUris = input.referencedUris ?? [];
  const saved = ctx.store.put(
    {
      id,
      kind: "data-versions",
      parent: cid,
      name: version,
      sim: null,
      dueAt: null,
      createdAt: at,
      body: { id, name: version, type: DATA_VERSION_TYPE, properties: props, systemData: sys },
    },
    at,
  );
  refreshContainer(ctx, container, at);
  return saved;
}

export function registerDataAssetRoutes(app: FastifyInstance, ctx: Ctx) {
  const base = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/data`;
  type P = WsParams & { name: string; version?: string };

  const viewFilter = (req: FastifyRequest) => {
    const v = String((req.query as Record<string, unknown>).listViewType ?? "ActiveOnly");
    if (!["ActiveOnly", "ArchivedOnly", "All"].includes(v))
      throw badRequest("InvalidListViewType", `listViewType '${v}' is not one of ActiveOnly, ArchivedOnly, All.`);
    return (r: StoredResource) => v === "All" || (v === "ArchivedOnly") === Boolean(r.body.properties.isArchived);
  };
  const loadContainer = (req: FastifyRequest) => {
    const p = req.params as P;
    const ws = loadWorkspace(ctx, p);
    validateName(p.name);
    return { ws, p, container: ctx.store.get(dataContainerIdOf(ws.id, p.name)) };
  };

  app.get(base, async (req) => {
    const ws = loadWorkspace(ctx, req.params as WsParams);
    const skip = parseSkip(req.query as Record<string, unknown>);
    const all = ctx.store.list("data", ws.id).filter(viewFilter(req));
    return page(
      all.slice(skip, skip + PAGE_SIZE).map((r) => r.body),
      all.length,
      skip,
      ctx.baseUrl(req),
      req.url.split("?")[0],
      apiVersion(req),
    );
  });

  app.get(`${base}/:name`, async (req, reply) => {
    const { p, container } = loadContainer(req);
    if (!container) throw notFound("data container", p.name);
    return sendResource(reply, container);
  });

  app.put(`${base}/:name`, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/data/write");
    const { ws, p, container } = loadContainer(req);
    const input = parseBody(containerPut, req.body).properties;
    checkPreconditions(req, container?.etag ?? null);
    if (container && container.body.properties.dataType !== input.dataType)
      throw new ArmError(
        409,
        "Conflict",
        `The data asset '${p.name}' holds ${container.body.properties.dataType} versions; its type cannot change to ${input.dataType}.`,
      );
    const now = ctx.now();
    const id = dataContainerIdOf(ws.id, p.name);
    const body = {
      id,
      name: p.name,
      type: DATA_CONTAINER_TYPE,
      properties: {
        dataType: input.dataType,
        description: input.description ?? null,
        tags: input.tags ?? {},
        properties: input.properties ?? {},
        isArchived: input.isArchived ?? false,
        latestVersion: container?.body.properties.latestVersion ?? null,
        nextVersion: container?.body.properties.nextVersion ?? "1",
      },
      systemData: systemData(req, now, container?.body.systemData),
    };
    const saved = ctx.store.put({ id, kind: "data", parent: ws.id, name: p.name, body, sim: null, dueAt: null }, now);
    return sendResource(reply, saved, container ? 200 : 201);
  });

  app.delete(`${base}/:name`, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/data/delete");
    const { container } = loadContainer(req);
    if (!container) return reply.code(204).send();
    ctx.store.deleteTree(container.id);
    return reply.code(200).send();
  });

  app.get(`${base}/:name/versions`, async (req) => {
    const { p, container } = loadContainer(req);
    if (!container) throw notFound("data container", p.name);
    const q = req.query as Record<string, unknown>;
    const skip = parseSkip(q);
    let all = ctx.store.list("data-versions", container.id).filter(viewFilter(req));
    const order = String(q.$orderBy ?? "createdtime desc").toLowerCase();
    all.sort((a, b) =>
      order.startsWith("version")
        ? compareVersions(a.name, b.name)
        : a.createdAt - b.createdAt || compareVersions(a.name, b.name),
    );
    if (order.endsWith("desc")) all.reverse();
    if (typeof q.tags === "string" && q.tags) {
      const wanted = q.tags.split(",").map((t) => t.split("="));
      all = all.filter((r) =>
        wanted.every(
          ([k, v]) => k in (r.body.properties.tags ?? {}) && (v === undefined || r.body.properties.tags[k] === v),
        ),
      );
    }
    const top = q.$top !== undefined ? Math.max(1, Math.min(PAGE_SIZE, Number(q.$top) || PAGE_SIZE)) : PAGE_SIZE;
    return page(
      all.slice(skip, skip + top).map((r) => r.body),
      all.length,
      skip,
      ctx.baseUrl(req),
      req.url.split("?")[0],
      apiVersion(req),
    );
  });

  app.get(`${base}/:name/versions/:version`, async (req, reply) => {
    const { ws, p } = loadContainer(req);
    validateVersion(p.version!);
    const v = ctx.store.get(dataVersionIdOf(ws.id, p.name, p.version!));
    if (!v) throw notFound("data version", `${p.name}:${p.version}`);
    return sendResource(reply, v);
  });

  app.put(`${base}/:name/versions/:version`, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/data/versions/write");
    const { ws, p, container } = loadContainer(req);
    validateVersion(p.version!);
    const input = parseBody(versionPut, req.body).properties;
    const existing = ctx.store.get(dataVersionIdOf(ws.id, p.name, p.version!));
    checkPreconditions(req, existing?.etag ?? null);
    if (container && container.body.properties.dataType !== input.dataType)
      throw badRequest(
        "DataTypeMismatch",
        `The data asset '${p.name}' holds ${container.body.properties.dataType} versions; a ${input.dataType} version cannot be added.`,
        "properties.dataType",
      );
    if (
      existing &&
      (existing.body.properties.dataUri !== input.dataUri || existing.body.properties.dataType !== input.dataType)
    )
      throw new ArmError(
        409,
        "Conflict",
        `Version ${p.version} of '${p.name}' exists; its dataType and dataUri cannot change. Create a new version instead.`,
      );
    const now = ctx.now();
    const saved = putDataVersion(
      ctx,
      ws.id,
      p.name,
      p.version!,
      input,
      systemData(req, now, existing?.body.systemData),
      now,
    );
    return sendResource(reply, saved, existing ? 200 : 201);
  });

  app.delete(`${base}/:name/versions/:version`, async (req, reply) => {
    requireRole(req, "DataScientist", "Microsoft.MachineLearningServices/workspaces/data/versions/delete");
    const { ws, p, container } = loadContainer(req);
    validateVersion(p.version!);
    const v = ctx.store.get(dataVersionIdOf(ws.id, p.name, p.version!));
    if (!v || !container) return reply.code(204).send();
    ctx.store.delete(v.id);
    refreshContainer(ctx, container, ctx.now());
    return reply.code(200).send();
  });
}
