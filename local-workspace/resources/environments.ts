/**
 * Environments: containers and versions (EnvironmentVersion of 2022-10-01: image, condaFile, build, osType,
 * inferenceConfig, environmentType). Names starting with "AzureML-" are curated: seeded, read-only.
 *
 * Every user-created version gets a simulated image build: NotStarted → Running → Succeeded | Failed, timed from
 * its creation (so a restart recomputes it), with a log written as the steps pass. The 2022-10-01 ARM shape has
 * no build fields, so the state and log are served at `…/versions/{version}/build` (not an ARM route; the studio
 * calls it through the SDK client's pipeline). A build fails when the conda file cannot be solved or the image
 * cannot be pulled: see `planBuild`.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ArmError, PROVIDER, badRequest } from "../arm";
import type { Ctx } from "../context";
import { ro } from "../validation";
import { assetBaseShape, registerAssetRoutes, versionIdOf, type AssetKindSpec } from "./assets";
import { loadWorkspace, type WsParams } from "./workspaces";
import {
  CURATED_PREFIX,
  describeProblem,
  isCuratedName,
  isProblem,
  parseCondaYaml,
  parseImageReference,
} from "../../lib/domain/environment-spec";

const route = z.strictObject({ path: z.string(), port: z.number().int().min(1).max(65535) });
const environmentVersionProperties = z.strictObject({
  ...assetBaseShape,
  image: z.string().nullable().optional(),
  condaFile: z.string().max(100_000).nullable().optional(),
  build: z
    .strictObject({ contextUri: z.string().min(1), dockerfilePath: z.string().optional() })
    .nullable()
    .optional(),
  osType: z.enum(["Linux", "Windows"]).optional(),
  autoRebuild: z.enum(["Disabled", "OnBaseImageUpdate"]).optional(),
  inferenceConfig: z
    .strictObject({ livenessRoute: route.optional(), readinessRoute: route.optional(), scoringRoute: route.optional() })
    .nullable()
    .optional(),
  environmentType: ro,
});

export type BuildStatus = "NotStarted" | "Running" | "Succeeded" | "Failed";
/** Private build plan stored with the version: log lines appear at their offset (ms after creation, before timeScale). */
export interface BuildSim {
  build: {
    createdAt: number;
    startAfterMs: number;
    lines: { atMs: number; text: string }[];
    endAtMs: number;
    outcome: "Succeeded" | "Failed";
    error?: string;
  };
}

/** Why a package cannot be found: the simulation's stand-in for a conda/pip solver failure. */
const unresolvable = (req: string) => /does-not-exist|nonexistent/i.test(req) || /==0\.0\.0$/.test(req);

/** Plans the build of a new version from its spec: the steps, their log lines and the outcome. */
export function planBuild(
  p: {
    image?: string | null;
    condaFile?: string | null;
    build?: { contextUri: string; dockerfilePath?: string } | null;
  },
  now: number,
): BuildSim {
  const lines: { atMs: number; text: string }[] = [];
  let t = 0;
  const log = (text: string, dt = 150) => lines.push({ atMs: (t += dt), text });
  let outcome: "Succeeded" | "Failed" = "Succeeded";
  let error: string | undefined;
  const fail = (msg: string) => {
    outcome = "Failed";
    error = msg;
    log(`ERROR: ${msg}`, 200);
  };
  log("Build queued on the workspace's image build compute.", 0);
  if (p.build) {
    const dockerfile = p.build.dockerfilePath ?? "Dockerfile";
    log(`Downloading build context from ${p.build.contextUri}`, 400);
    log(`Step 1/4 : building ${dockerfile}`, 500);
    log(" ---> Running docker build", 900);
    log('Step 4/4 : CMD ["bash"]', 900);
  } else if (p.image) {
    log(`Step 1/6 : FROM ${p.image}`, 400);
    if (/does-not-exist|nonexistent/i.test(p.image))
      fail(`pull access denied for ${p.image}: repository does not exist or may require 'docker login'.`);
    else log(` ---> Pulled ${p.image}`, 900);
    if (outcome === "Succeeded" && p.condaFile) {
      log("Step 2/6 : COPY conda_dependencies.yml /azureml-environment-setup/", 200);
      log("Step 3/6 : RUN conda env create -p /azureml-envs/env -f conda_dependencies.yml", 200);
      const parsed = parseCondaYaml(p.condaFile);
      if (!parsed.spec)
        fail(`conda_dependencies.yml is not a valid conda file: ${parsed.problems.map(describeProblem).join("; ")}`);
      else {
        log(`Collecting package metadata (channels: ${parsed.spec.channels.join(", ") || "defaults"}): done`, 700);
        log("Solving environment: ...working...", 600);
        const missingConda = parsed.spec.conda.filter(unresolvable);
        if (missingConda.length)
          fail(
            `PackagesNotFoundError: The following packages are not available from current channels: ${missingConda.join(", ")}`,
          );
        else {
          log("Solving environment: done", 800);
          for (const c of parsed.spec.conda) log(`  + ${c}`, 40);
          if (parsed.spec.pip.length) {
            log("Installing pip dependencies: ...working...", 500);
            const missingPip = parsed.spec.pip.filter(unresolvable);
            if (missingPip.length) fail(`Pip failed: ERROR: No matching distribution found for ${missingPip[0]}`);
            else for (const r of parsed.spec.pip) log(`  Successfully installed ${r.replace(/==/, "-")}`, 60);
          }
        }
      }
    }
    if (outcome === "Succeeded") {
      log("Step 6/6 : ENV AZUREML_CONDA_ENVIRONMENT_PATH /azureml-envs/env", 300);
      log(" ---> Pushing image to the workspace's container registry", 600);
    }
  }
  if (outcome === "Succeeded") log("Image build succeeded.", 300);
  else log("Image build failed.", 100);
  return { build: { createdAt: now, startAfterMs: 1000, lines, endAtMs: t + 100, outcome, error } };
}

/** The build's state at `now`: which lines have been written and whether it has finished. */
export function buildState(sim: BuildSim | null, now: number, timeScale: number) {
  if (!sim?.build)
    return {
      status: "Succeeded" as BuildStatus,
      startedAt: null,
      endedAt: null,
      log: "",
      error: null as string | null,
    };
  const b = sim.build;
  const elapsed = (now - b.createdAt) / Math.max(timeScale, 1e-6);
  const iso = (ms: number) => new Date(b.createdAt + ms * timeScale).toISOString();
  if (elapsed < b.startAfterMs)
    return { status: "NotStarted" as BuildStatus, startedAt: null, endedAt: null, log: "", error: null };
  const runMs = elapsed - b.startAfterMs;
  const done = runMs >= b.endAtMs;
  const written = b.lines.filter((l) => l.atMs <= runMs);
  return {
    status: (done ? b.outcome : "Running") as BuildStatus,
    startedAt: iso(b.startAfterMs),
    endedAt: done ? iso(b.startAfterMs + b.endAtMs) : null,
    log: written.map((l) => `${iso(b.startAfterMs + l.atMs)} ${l.text}`).join("\n") + (written.length ? "\n" : ""),
    error: done && b.outcome === "Failed" ? (b.error ?? "The build failed.") : null,
  };
}

export function validateEnvironmentSpec(input: any) {
  if (!input.image && !input.build)
    throw badRequest(
      "InvalidEnvironmentSpec",
      "An environment version needs an image or a build context (build.contextUri).",
      "properties.image",
    );
  if (input.image && input.build)
    throw badRequest("InvalidEnvironmentSpec", "Give either image or build, not both.", "properties.build");
  if (input.build && input.condaFile)
    throw badRequest(
      "InvalidEnvironmentSpec",
      "condaFile goes with image; a build context installs its own packages.",
      "properties.condaFile",
    );
  if (input.image) {
    const r = parseImageReference(input.image);
    if (isProblem(r)) throw badRequest("InvalidImage", r.message, "properties.image");
  }
  if (input.condaFile) {
    const parsed = parseCondaYaml(input.condaFile);
    if (!parsed.spec) {
      const first = parsed.problems[0];
      throw new ArmError(
        400,
        "InvalidCondaFile",
        `The conda file is invalid at ${describeProblem(first)}`,
        "properties.condaFile",
      );
    }
  }
}

export const environmentSpec: AssetKindSpec = {
  segment: "environments",
  noun: "environment",
  versionSchema: environmentVersionProperties,
  guardWrite(name) {
    if (isCuratedName(name))
      throw badRequest(
        "CuratedEnvironmentReadOnly",
        `'${name}' is a curated environment: names starting with '${CURATED_PREFIX}' are reserved for environments Azure Machine Learning maintains, which are read-only. Create your own environment from its image instead.`,
        "name",
      );
  },
  prepareVersion(input, c) {
    validateEnvironmentSpec(input);
    const properties = {
      ...input,
      environmentType: "UserCreated",
      image: input.image ?? null,
      condaFile: input.condaFile ?? null,
      build: input.build
        ? { contextUri: input.build.contextUri, dockerfilePath: input.build.dockerfilePath ?? "Dockerfile" }
        : null,
      osType: input.osType ?? "Linux",
      autoRebuild: input.autoRebuild ?? "Disabled",
      inferenceConfig: input.inferenceConfig ?? null,
    };
    return { properties, sim: planBuild(properties, c.now) };
  },
};

export function registerEnvironmentRoutes(app: FastifyInstance, ctx: Ctx) {
  registerAssetRoutes(app, ctx, environmentSpec);
  const path = `/subscriptions/:sub/resourceGroups/:rg/providers/${PROVIDER}/workspaces/:ws/environments/:name/versions/:version/build`;
  app.get(path, async (req, reply) => {
    const p = req.params as WsParams & { name: string; version: string };
    const ws = loadWorkspace(ctx, p);
    const res = ctx.store.get(versionIdOf(ws.id, "environments", p.name, p.version));
    if (!res)
      throw new ArmError(
        404,
        "ResourceNotFound",
        `Version '${p.version}' of environment '${p.name}' could not be found.`,
      );
    const s = buildState(res.sim as BuildSim | null, ctx.now(), ctx.timeScale);
    return reply.send({ environment: p.name, version: p.version, curated: isCuratedName(p.name), ...s });
  });
}
