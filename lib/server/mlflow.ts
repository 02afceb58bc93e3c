import "server-only";
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { armWorkspaceId } from "@/lib/domain/arm-names";
import { config } from "./config";
import { ApiError } from "./errors";
import type { WorkspaceContext } from "./workspace-context";

/**
 * The workspace's MLflow tracking REST API (2.0), called through the one upstream client's pipeline, so with
 * the same credential: in local mode the local workspace service's `/mlflow/v1.0/<workspace id>` prefix, in
 * Azure mode the workspace's own tracking endpoint (`properties.mlFlowTrackingUri`, azureml:// → https://).
 */
async function trackingBase(ctx: WorkspaceContext): Promise<string> {
  if (config.upstream === "local") return `${config.armEndpoint}/mlflow/v1.0${armWorkspaceId(ctx.ref)}`;
  const { data } = await ctx.cached("workspace-mlflow", "uri", async () => {
    const w = await ctx.client.workspaces.get(ctx.ref.resourceGroup, ctx.ref.workspace);
    return w.mlFlowTrackingUri ?? null;
  });
  if (!data) throw new ApiError(502, "NoTrackingUri", "The workspace reports no MLflow tracking URI.");
  return data.replace(/^azureml:\/\//, "https://");
}

/** GET `<tracking>/api/2.0/mlflow/<path>?<query>` as the signed-in user; MLflow errors become ApiErrors. */
export async function mlflowGet<T>(ctx: WorkspaceContext, path: string, query: Record<string, string>): Promise<T> {
  const url = `${await trackingBase(ctx)}/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`;
  const res = await ctx.client.sendRequest(
    createPipelineRequest({ url, method: "GET", allowInsecureConnection: config.upstream === "local" }),
  );
  let json: any = null;
  try {
    json = res.bodyAsText ? JSON.parse(res.bodyAsText) : {};
  } catch {
    throw new ApiError(
      502,
      "UpstreamInvalidResponse",
      "The MLflow tracking server answered with something that is not JSON.",
    );
  }
  if (res.status === 404) throw ApiError.notFound(json?.message ?? "No such MLflow run.");
  if (res.status >= 400)
    throw new ApiError(
      res.status >= 500 ? 502 : res.status,
      json?.error_code ?? "MlflowError",
      json?.message ?? `MLflow answered ${res.status}.`,
    );
  return json as T;
}
