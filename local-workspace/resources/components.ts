/**
 * Components (command components): containers and versions. A version's componentSpec is the
 * component YAML as a mapping (what the Azure ML CLI sends), checked with the shared domain parser;
 * its `code` must name a registered code version of the workspace.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { componentFromSpec, YamlImportError } from "../../lib/domain/pipeline";
import { badRequest } from "../arm";
import type { Ctx } from "../context";
import { assetBaseShape, registerAssetRoutes, resolveVersionRef } from "./assets";

export function registerComponentRoutes(app: FastifyInstance, ctx: Ctx) {
  registerAssetRoutes(app, ctx, {
    segment: "components",
    noun: "component",
    versionSchema: z.strictObject({ ...assetBaseShape, componentSpec: z.record(z.string(), z.unknown()) }),
    prepareVersion: (properties, { name, version, wsId }) => {
      const spec = properties.componentSpec as Record<string, unknown>;
      if (spec.name !== undefined && spec.name !== name)
        throw badRequest(
          "UserError",
          `componentSpec.name '${String(spec.name)}' does not match the component name '${name}' in the URL.`,
          "properties.componentSpec.name",
        );
      if (spec.version !== undefined && spec.version !== null && String(spec.version) !== version)
        throw badRequest(
          "UserError",
          `componentSpec.version '${String(spec.version)}' does not match the version '${version}' in the URL.`,
          "properties.componentSpec.version",
        );
      try {
        componentFromSpec({ ...spec, name, version });
      } catch (e) {
        if (e instanceof YamlImportError)
          throw badRequest(
            "UserError",
            `componentSpec is invalid: ${e.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ")}`,
            "properties.componentSpec",
          );
        throw e;
      }
      if (typeof spec.code === "string" && !resolveVersionRef(ctx, wsId, "codes", spec.code))
        throw badRequest(
          "UserError",
          `componentSpec.code '${spec.code}' is not a code asset of this workspace; register the code folder first (codes/{name}/versions/{version}).`,
          "properties.componentSpec.code",
        );
      return { properties };
    },
  });
}
