import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { parse, stringify } from "yaml";
import { z } from "@/lib/domain/zod";
import {
  commandJobFromArm,
  commandJobToArm,
  exportCommandJobYaml,
  readCommandJobYaml,
  type CommandJobRefs,
  type CommandJobSpec,
} from "@/lib/domain/jobs/command-job";
import {
  bindComponentTrial,
  exportSweepJobYaml,
  readSweepJobYaml,
  sweepJobFromArm,
  sweepJobToArm,
  type SweepJobSpec,
} from "@/lib/domain/jobs/sweep-job";
import { yamlFileKind } from "@/lib/domain/yaml-kind";
import { formatProblem, readYaml, YamlImportError, type YamlProblem, type YamlSource } from "@/lib/domain/pipeline";
import { armWorkspaceId, parseAssetVersionId } from "@/lib/domain/arm-names";
import { ApiError } from "@/lib/server/errors";
import { invalidate } from "@/lib/server/cache";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import { cancelUpload } from "@/lib/server/storage/artifacts";
import { registerCodeFolder, stagedCode, type StagedCode } from "@/lib/server/storage/code-assets";
import { listComputes } from "@/features/compute/server";
import { jobSummary } from "../model";
import { resolveRegisteredComponent, type SubmittedJob } from "./submit";

export const submitJobFileBody = z.strictObject({
  yaml: z.string().min(1, "yaml is empty: paste or upload a command job file").max(1_000_000),
  /** The folder the file's `code:` names, staged first through `job-uploads` (any size). */
  code: stagedCode.optional(),
});
export type SubmitJobFileBody = z.infer<typeof submitJobFileBody>;

/** The name the CLI uses for environments it registers from an inline definition (one version per definition). */
const ANONYMOUS_ENVIRONMENT = "CliV2AnonymousEnvironment";

const notFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/**
 * Submits a CLI v2 command job file as `az ml job create -f` does: every problem of the file and of its references
 * (compute, environment, code) is found first and answered in one 400 with lines and columns; only then is anything
 * created (the code asset, an inline environment's anonymous version, the job), and if the job itself is refused
 * what this submit registered for it is removed again.
 */
export async function submitJobFile(ctx: WorkspaceContext, body: SubmitJobFileBody): Promise<SubmittedJob> {
  let keepsUpload = false;
  try {
    const sweep = kindOf(body.yaml) === "sweep-job";
    const problems: YamlProblem[] = [];
    let read: { spec: CommandJobSpec; toArm: (refs: CommandJobRefs) => Record<string, unknown> } | null = null;
    try {
      if (sweep) {
        const spec = await withComponentTrialBound(ctx, readSweepJobYaml(body.yaml));
        read = { spec: spec.trial, toArm: (refs) => sweepJobToArm(spec, refs) };
      } else {
        const spec = readCommandJobYaml(body.yaml);
        read = { spec, toArm: (refs) => commandJobToArm(spec, refs) };
      }
    } catch (e) {
      if (!(e instanceof YamlImportError)) throw e;
      problems.push(...e.problems);
    }
    // The references are checked even when the file has problems of its own, so that one 400 names them all.
    const refs = await resolveReferences(ctx, read?.spec ?? referencesOf(body.yaml, sweep), body.code);
    problems.push(...located(body.yaml, sweep, refs.problems));
    if (problems.length || !read) throw invalidJob(byPosition(problems));
    const submitted = await submitJob(ctx, read.spec, read.toArm, refs, body.code);
    keepsUpload = submitted.keepsUpload;
    return submitted.job;
  } finally {
    // Staged files nothing names (a failed submit, or a folder registered before) are deleted.
    if (body.code && !keepsUpload) await cancelUpload(ctx, body.code.uploadId).catch(() => undefined);
  }
}

/** A sweep whose trial is a registered component gets the component's command, code and environment as its trial. */
async function withComponentTrialBound(ctx: WorkspaceContext, sweep: SweepJobSpec): Promise<SweepJobSpec> {
  if (!sweep.trialComponent) return sweep;
  const component = await resolveRegisteredComponent(ctx, sweep.trialComponent);
  if (!component)
    throw new YamlImportError([
      {
        message: `trial ${sweep.trialComponent} is not a component registered in this workspace (Components → Register).`,
        path: "trial",
      },
    ]);
  const { spec, problems } = bindComponentTrial(sweep, component.spec);
  if (problems.length) throw new YamlImportError(problems);
  return spec;
}

function invalidJob(problems: YamlProblem[]) {
  return new ApiError(400, "InvalidJobYaml", problems.map(formatProblem).join("\n"), "yaml", { problems });
}

/** The kind the file says it is; a file that does not parse is read as a command job, whose reader names the error. */
function kindOf(yaml: string) {
  try {
    return yamlFileKind(parse(yaml), { expecting: "job" });
  } catch {
    return "command-job";
  }
}

/** What a job file refers to. */
type JobReferences = Pick<CommandJobSpec, "compute" | "environment" | "code">;

/**
 * The references of a file its reader refused, read from the file as written (text only: a value of the wrong
 * shape is the reader's problem already); none when it does not parse.
 */
function referencesOf(yaml: string, sweep: boolean): JobReferences | null {
  let doc: unknown;
  try {
    doc = parse(yaml);
  } catch {
    return null;
  }
  if (!doc || typeof doc !== "object") return null;
  const top = doc as Record<string, unknown>;
  const own = (sweep ? top.trial : top) as Record<string, unknown> | undefined;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    compute: text(top.compute),
    environment: text(own && typeof own === "object" ? own.environment : undefined) ?? {},
    code: text(own && typeof own === "object" ? own.code : undefined),
  };
}

/** Gives each reference problem the line and column of its key: a sweep's code and environment sit under trial. */
function located(yaml: string, sweep: boolean, problems: YamlProblem[]): YamlProblem[] {
  if (!problems.some((p) => !p.pos && p.path)) return problems; // nothing to place: the file is not read again
  let src: YamlSource;
  try {
    src = readYaml(yaml);
  } catch {
    return problems;
  }
  return problems.map((p) => {
    if (p.pos || !p.path) return p;
    const path = p.path.split(".");
    const pos = src.positionOf(sweep && path[0] !== "compute" ? ["trial", ...path] : path);
    return pos ? { ...p, pos } : p;
  });
}

/** Top to bottom, as the file reads; problems with no place in it last. */
const byPosition = (problems: YamlProblem[]) =>
  problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (a.p.pos?.line ?? Infinity) - (b.p.pos?.line ?? Infinity) ||
        (a.p.pos?.col ?? 0) - (b.p.pos?.col ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);

interface ResolvedReferences {
  computeId?: string;
  environment: { id?: string; inline?: Record<string, unknown> };
  codeId?: string;
  problems: YamlProblem[];
}

async function resolveReferences(
  ctx: WorkspaceContext,
  refs: JobReferences | null,
  stagedCodeFolder: StagedCode | undefined,
): Promise<ResolvedReferences> {
  const problems: YamlProblem[] = [];
  if (!refs) return { environment: {}, problems };
  return {
    computeId: await resolveCompute(ctx, refs, problems),
    environment: await resolveEnvironment(ctx, refs, problems),
    codeId: resolveCode(ctx, refs, problems, stagedCodeFolder),
    problems,
  };
}

/**
 * Creates a job whose file and references were found good (`toArm` makes its body). The name is checked first; the
 * code asset and an inline environment are registered next, because the job names them; if the job is then refused
 * (a quota, a rule only the service knows) the versions this submit created are deleted, so a refused submit leaves
 * nothing behind (and no code version naming staged files that are deleted after it).
 */
async function submitJob(
  ctx: WorkspaceContext,
  spec: CommandJobSpec,
  toArm: (refs: CommandJobRefs) => Record<string, unknown>,
  refs: ResolvedReferences,
  stagedCodeFolder: StagedCode | undefined,
): Promise<{ job: SubmittedJob; keepsUpload: boolean }> {
  const rg = ctx.ref.resourceGroup;
  const ws = ctx.ref.workspace;
  const name =
    spec.name ?? `${slug(spec.displayName ?? spec.experimentName ?? "command")}_${randomBytes(4).toString("hex")}`;
  const exists = await ctx.client.jobs.get(rg, ws, name).then(
    () => true,
    (e) => (notFound(e) ? false : Promise.reject(e)),
  );
  if (exists)
    throw new ApiError(409, "JobExists", `A job named ${name} already exists: give the file another name.`, "name");

  const created: { kind: "code" | "environment"; name: string; version: string }[] = [];
  try {
    let codeId = refs.codeId;
    let keepsUpload = false;
    if (stagedCodeFolder) {
      const code = await registerCodeFolder(ctx, stagedCodeFolder);
      codeId = code.id;
      keepsUpload = code.keepsUpload;
      // keepsUpload: the version is new and names the staged files (a folder registered before is reused).
      if (keepsUpload) created.push({ kind: "code", ...versionOf(code.id) });
    }
    let environmentId = refs.environment.id;
    if (!environmentId) {
      const env = await registerAnonymousEnvironment(ctx, refs.environment.inline!);
      environmentId = env.id;
      if (env.created) created.push({ kind: "environment", ...versionOf(env.id) });
    }
    const job = await ctx.client.jobs.createOrUpdate(rg, ws, name, {
      properties: toArm({ environmentId, codeId, computeId: refs.computeId }) as never,
    });
    await invalidate(ctx.workspaceId, "job");
    const body = plain(job) as { id?: string; name?: string; properties: Record<string, any> };
    return { job: { ...jobSummary(body), id: body.id ?? "", steps: 0 }, keepsUpload };
  } catch (e) {
    for (const c of created) {
      const versions = c.kind === "code" ? ctx.client.codeVersions : ctx.client.environmentVersions;
      await versions.delete(rg, ws, c.name, c.version).catch(() => undefined);
      // A code asset is named by its content and only ever has version 1: its container goes with it.
      if (c.kind === "code") await ctx.client.codeContainers.delete(rg, ws, c.name).catch(() => undefined);
    }
    throw e;
  }
}

/** The name and version of an asset version this submit registered. */
function versionOf(id: string) {
  const parsed = parseAssetVersionId(id);
  if (!parsed) throw new Error(`Not an asset version id: ${id}`);
  return { name: parsed.name, version: parsed.version };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 40) || "command";

async function resolveCompute(ctx: WorkspaceContext, spec: JobReferences, problems: YamlProblem[]) {
  const name = spec.compute?.replace(/^azureml:/, "");
  // No compute, as in Azure ML today, is serverless: the job's resources say what it runs on.
  if (!name || name === "serverless") return undefined;
  const { data: computes } = await listComputes(ctx);
  if (!computes.some((c) => c.name === name)) {
    problems.push({
      message: `compute "${name}" does not exist in this workspace (it has ${computes.map((c) => c.name).join(", ") || "none"}); remove compute to run serverless.`,
      path: "compute",
    });
    return undefined;
  }
  return `${armWorkspaceId(ctx.ref)}/computes/${name}`;
}

async function resolveEnvironment(
  ctx: WorkspaceContext,
  spec: JobReferences,
  problems: YamlProblem[],
): Promise<{ id?: string; inline?: Record<string, unknown> }> {
  const env = spec.environment;
  if (typeof env !== "string") {
    if (typeof env.conda_file === "string")
      problems.push({
        message: `environment.conda_file "${env.conda_file}" is a file on your machine: write the conda file inline under conda_file, or register the environment (Environments → Create) and use azureml:<name>:<version>.`,
        path: "environment.conda_file",
      });
    if (env.build !== undefined)
      problems.push({
        message:
          "environment.build is a build context on your machine: register it (Environments → Create, from a build context) and use azureml:<name>:<version>.",
        path: "environment.build",
      });
    return { inline: env };
  }
  // Registry environments (azureml://registries/…) are Azure's curated ones: the workspace resolves them itself.
  if (env.startsWith("azureml://")) return { id: env };
  const m = /^azureml:([^:@/]+)(?::([^:@/]+)|@([^:@/]+))?$/.exec(env);
  if (!m) {
    problems.push({
      message: `environment "${env}" is not azureml:<name>:<version> or azureml:<name>@latest.`,
      path: "environment",
    });
    return {};
  }
  const [, name, version, label] = m;
  if (label && label !== "latest") {
    problems.push({
      message: `environment label "@${label}" is not supported; use @latest or a version.`,
      path: "environment",
    });
    return {};
  }
  try {
    const resolved =
      version ??
      (await ctx.client.environmentContainers.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)).properties
        .latestVersion;
    if (resolved) {
      const v = await ctx.client.environmentVersions.get(ctx.ref.resourceGroup, ctx.ref.workspace, name, resolved);
      return { id: v.id };
    }
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  problems.push({
    message: `environment ${env} is not registered in this workspace: create it (Environments → Create) or use an inline image.`,
    path: "environment",
  });
  return {};
}

function resolveCode(
  ctx: WorkspaceContext,
  spec: JobReferences,
  problems: YamlProblem[],
  staged: StagedCode | undefined,
) {
  const code = spec.code;
  const local = code !== undefined && !code.startsWith("azureml:");
  if (staged && !local) {
    problems.push({
      message: "A code folder was uploaded but the file names no local code folder (code: ./src).",
      path: "code",
    });
    return undefined;
  }
  if (!code || staged) return undefined;
  if (code.startsWith("azureml:/subscriptions/")) return code.slice("azureml:".length);
  const m = /^azureml:([^:@/]+):([^:@/]+)$/.exec(code);
  if (m) return `${armWorkspaceId(ctx.ref)}/codes/${m[1]}/versions/${m[2]}`;
  problems.push({
    message: `code "${code}" is a folder on your machine: choose it under Code folder so it is uploaded as a code asset, as az ml job create does.`,
    path: "code",
  });
  return undefined;
}

/** The inline environment's anonymous version, named by its definition; says whether this call created it. */
async function registerAnonymousEnvironment(ctx: WorkspaceContext, inline: Record<string, unknown>) {
  const rg = ctx.ref.resourceGroup;
  const ws = ctx.ref.workspace;
  const version = createHash("sha256").update(JSON.stringify(inline)).digest("hex").slice(0, 32);
  const existing = await ctx.client.environmentVersions.get(rg, ws, ANONYMOUS_ENVIRONMENT, version).catch((e) => {
    if (notFound(e)) return null;
    throw e;
  });
  if (existing) return { id: existing.id!, created: false };
  const properties: Record<string, unknown> = { isAnonymous: true };
  if (typeof inline.image === "string") properties.image = inline.image;
  if (inline.conda_file && typeof inline.conda_file === "object") properties.condaFile = stringify(inline.conda_file);
  const v = await ctx.client.environmentVersions.createOrUpdate(rg, ws, ANONYMOUS_ENVIRONMENT, version, {
    properties: properties as never,
  });
  return { id: v.id!, created: true };
}

/** A command or sweep job as the CLI v2 YAML `az ml job create -f` accepts (references by name). */
export async function exportJobFile(ctx: WorkspaceContext, name: string): Promise<string> {
  const j = plain(await ctx.client.jobs.get(ctx.ref.resourceGroup, ctx.ref.workspace, name)) as {
    properties: Record<string, any>;
  };
  const type = j.properties.jobType;
  if (type !== "Command" && type !== "Sweep")
    throw ApiError.badRequest(
      `Job ${name} is a job of type ${type}; command and sweep jobs export here (pipelines export from the designer).`,
      "name",
    );
  const sweep = type === "Sweep" ? sweepJobFromArm(name, j.properties) : null;
  const spec = sweep ? sweep.trial : commandJobFromArm(name, j.properties);
  // An anonymous environment goes back inline, as it was written.
  const anon = /^azureml:CliV2AnonymousEnvironment:(.+)$/.exec(String(spec.environment));
  if (anon) {
    const v = plain(
      await ctx.client.environmentVersions.get(
        ctx.ref.resourceGroup,
        ctx.ref.workspace,
        ANONYMOUS_ENVIRONMENT,
        anon[1],
      ),
    ) as { properties: Record<string, any> };
    spec.environment = {
      ...(v.properties.image ? { image: v.properties.image } : {}),
      ...(v.properties.condaFile ? { conda_file: parse(v.properties.condaFile) } : {}),
    };
  }
  return sweep ? exportSweepJobYaml(sweep) : exportCommandJobYaml(spec);
}
