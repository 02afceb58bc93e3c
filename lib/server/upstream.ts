import "server-only";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { config } from "./config";
import { upstreamCredential, type Principal } from "./auth";
import { ApiError } from "./errors";

const LOCAL_AUTH_POLICY = "mlStudioLocalBearer";
const DEADLINE_POLICY = "mlStudioDeadline";

/**
 * Every upstream call gets a deadline (reads and writes their own, config.deadlines). It is set before the retry
 * policy runs, so it bounds the call with its retries; past it the call ends with a 504 naming the upstream.
 */
export const deadlinePolicy: PipelinePolicy = {
  name: DEADLINE_POLICY,
  async sendRequest(request, next) {
    const read = request.method === "GET" || request.method === "HEAD";
    const ms = read ? config.deadlines.readMs : config.deadlines.writeMs;
    // One controller per call, its listener and timer removed when the call ends: a caller's signal that spans
    // many calls (every page of a list) collects nothing.
    const controller = new AbortController();
    const own = request.abortSignal as AbortSignal | undefined;
    const onAbort = () => controller.abort(own?.reason);
    if (own?.aborted) controller.abort(own.reason);
    own?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
    request.abortSignal = controller.signal;
    try {
      return await next(request);
    } catch (err) {
      if (timedOut) throw upstreamTimeout(ms, read);
      throw err;
    } finally {
      clearTimeout(timer);
      own?.removeEventListener("abort", onAbort);
    }
  },
};

export function upstreamTimeout(ms: number, read: boolean): ApiError {
  const setting = read ? "UPSTREAM_TIMEOUT_MS" : "UPSTREAM_WRITE_TIMEOUT_MS";
  return new ApiError(
    504,
    "UpstreamTimeout",
    `${config.upstreamName} did not answer within ${ms / 1000} s (${setting}). ` +
      (read ? "Try again when it is back." : "It may still apply the change: refresh before trying again."),
  );
}

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
  client.pipeline.addPolicy(deadlinePolicy, { phase: "Serialize" });
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
