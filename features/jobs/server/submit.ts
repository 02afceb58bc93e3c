import "server-only";
import { createHash, randomBytes } from "node:crypto";
import {
  hasErrors,
  parseRegisteredRef,
  toPipelineJobProperties,
  validateGraph,
  type ComponentNode,
  type ComponentSpec,
  type PipelineGraph,
} from "@/lib/domain/pipeline";
import { armWorkspaceId } from "@/lib/domain/arm-names";
import { ApiError } from "@/lib/server/errors";
import { invalidate } from "@/lib/server/cache";
import { plain, type WorkspaceContext } from "@/lib/server/workspace-context";
import { listComputes } from "@/features/compute/server";
import { getComponentVersion } from "@/features/components/server";
import { jobSummary, type JobSummary } from "../model";

/** A job as its submission answers it: the list row's fields, its ARM id and its step count. */
export type SubmittedJob = JobSummary & { id: string; steps: number };

function submittedJob(j: { id?: string; name?: string; properties: Record<string, any> }): SubmittedJob {
  return { ...jobSummary(j), id: j.id ?? "", steps: Object.keys(j.properties.jobs ?? {}).length };
}

/** Resolves `azureml:name:version`, `azureml:name@latest` and `azureml:name` against the workspace (null when not registered). */
export async function resolveRegisteredComponent(
  ctx: WorkspaceContext,
  ref: string,
): Promise<{ spec: ComponentSpec; id: string } | null> {
  const parsed = parseRegisteredRef(ref);
  if (!parsed) return null;
  let version = parsed.version;
  if (!version) {
    if (parsed.label && parsed.label !== "latest") return null;
    const c = await ctx.client.componentContainers
      .get(ctx.ref.resourceGroup, ctx.ref.workspace, parsed.name)
      .catch((e) => {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      });
    version = c?.properties.latestVersion ?? undefined;
    if (!version) return null;
  }
  try {
    const v = await getComponentVersion(ctx, parsed.name, version);
    return { spec: v.spec, id: v.id };
  } catch (e) {
    // An unregistered component (or version) is the caller's problem to name, not an error here.
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

const computeIdOf = (ctx: WorkspaceContext, ref: string) => {
  const name = ref.replace(/^azureml:/, "");
  return name === "serverless" ? "azureml:serverless" : `${armWorkspaceId(ctx.ref)}/computes/${name}`;
};

/**
 * Submits the graph as a PipelineJob (after validation: any error is a 400 listing the problems).
 * Steps whose component came from a file or an inline definition are registered first as anonymous
 * component versions (as the Azure ML CLI does); components with a local code folder must be registered
 * with their code first.
 */
export async function submitPipeline(ctx: WorkspaceContext, graph: PipelineGraph, experimentName?: string) {
  const { data: computes } = await listComputes(ctx);
  const problems = validateGraph(graph, { computes: computes.map((c) => c.name) });
  if (hasErrors(problems)) {
    const errors = problems.filter((p) => p.severity === "error");
    throw new ApiError(
      400,
      "InvalidPipeline",
      `The pipeline has ${errors.length} problem${errors.length > 1 ? "s" : ""}: ${errors.map((p) => p.message).join(" ")}`,
      "graph",
      { problems },
    );
  }
  const componentIds = new Map<string, string>();
  for (const node of graph.nodes) {
    if (node.kind !== "component") continue;
    const registered = parseRegisteredRef(node.componentRef)
      ? await resolveRegisteredComponent(ctx, node.componentRef)
      : null;
    if (parseRegisteredRef(node.componentRef)) {
      if (!registered)
        throw ApiError.badRequest(
          `Step ${node.id} uses ${node.componentRef}, which is not registered in this workspace.`,
          "graph",
        );
      componentIds.set(node.id, registered.id);
      continue;
    }
    componentIds.set(node.id, await registerAnonymous(ctx, node));
  }
  const name = `${
    (graph.displayName ?? "pipeline")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "_")
      .replace(/^[^a-z0-9]+/, "")
      .slice(0, 40) || "pipeline"
  }_${randomBytes(4).toString("hex")}`;
  const properties = toPipelineJobProperties(
    { ...graph, ...(experimentName ? { experimentName } : {}) },
    {
      componentId: (n) => componentIds.get(n.id)!,
      computeId: (ref) => computeIdOf(ctx, ref),
    },
  );
  const job = await ctx.client.jobs.createOrUpdate(ctx.ref.resourceGroup, ctx.ref.workspace, name, {
    properties: properties as never,
  });
  await invalidate(ctx.workspaceId, "job");
  return submittedJob(plain(job) as never);
}

async function registerAnonymous(ctx: WorkspaceContext, node: ComponentNode): Promise<string> {
  const spec = node.component;
  if (spec.code && !spec.code.startsWith("azureml:") && !spec.code.startsWith("/subscriptions/"))
    throw ApiError.badRequest(
      `Step ${node.id} uses component ${spec.name} from ${node.componentRef}, whose code folder (${spec.code}) is not uploaded: register the component (Components → Register) and use azureml:${spec.name}:<version>.`,
      "graph",
    );
  const source = { ...spec.source, name: spec.name };
  const version = `anon_${createHash("sha256").update(JSON.stringify(source)).digest("hex").slice(0, 16)}`;
  const v = await ctx.client.componentVersions.createOrUpdate(
    ctx.ref.resourceGroup,
    ctx.ref.workspace,
    spec.name,
    version,
    {
      properties: { isAnonymous: true, componentSpec: { ...source, version } },
    },
  );
  return v.id!;
}
