import "server-only";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { config } from "./config";
import { upstreamCredential, type Principal } from "./auth";

const LOCAL_AUTH_POLICY = "mlStudioLocalBearer";

/**
 * The one upstream client: @azure/arm-machinelearning (api-version 2022-10-01) against ARM or the local
 * workspace service. Every call is made as the signed-in user, so the upstream enforces its own access rules.
 */
export function armClient(principal: Principal, subscriptionId: string): AzureMachineLearningWorkspaces {
  const credential = upstreamCredential(principal);
  const local = config.upstream === "local";
  const client = new AzureMachineLearningWorkspaces(credential, subscriptionId, {
    endpoint: config.armEndpoint,
    allowInsecureConnection: local,
    // A down upstream should surface quickly: the cache serves stale rows instead of waiting on retries.
    retryOptions: { maxRetries: local ? 0 : 2 },
  });
  if (local) {
    // The SDK's bearer policy refuses plain http; the loopback service gets the same header from our own policy.
    client.pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
    const policy: PipelinePolicy = {
      name: LOCAL_AUTH_POLICY,
      async sendRequest(request, next) {
        const token = await credential.getToken("https://management.azure.com/.default");
        if (token) request.headers.set("Authorization", `Bearer ${token.token}`);
        return next(request);
      },
    };
    client.pipeline.addPolicy(policy, { phase: "Sign" });
  }
  return client;
}

/** Collects every page of an SDK list into an array. */
export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) out.push(item);
  return out;
}
