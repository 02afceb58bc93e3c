import "server-only";
import { z } from "@/lib/domain/zod";
import { ApiError, zodToApiError } from "./errors";

/**
 * Maps anything a route can throw to the one ApiError type. Upstream (ARM or the local service) errors keep
 * their status and ARM error code; an upstream that is unreachable or answers garbage becomes a 502 or 504
 * that says so, so the page can tell "the workspace service is down" from "you asked for something wrong".
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) return zodToApiError(err, "input");
  const e = err as {
    name?: string;
    statusCode?: number;
    status?: number;
    code?: string;
    message?: string;
    details?: unknown;
    response?: { bodyAsText?: string };
  };
  if (
    e &&
    (e.name === "RestError" ||
      typeof e.statusCode === "number" ||
      e.code === "REQUEST_SEND_ERROR" ||
      e.code === "PARSE_ERROR")
  ) {
    const status = e.statusCode ?? e.status;
    const armError = readArmError(e);
    // A parse error keeps the upstream's 2xx status: it is garbage, not an answer.
    if (e.code === "PARSE_ERROR")
      return new ApiError(
        502,
        "UpstreamInvalidResponse",
        `The workspace service answered${status ? ` ${status}` : ""} with something that is not valid JSON.`,
      );
    if (status === undefined)
      return new ApiError(
        502,
        "UpstreamUnavailable",
        `The workspace service could not be reached: ${e.message ?? "connection failed"}`,
      );
    // Only an ARM error body's message is shown: the SDK's own message may be a whole HTML error page.
    if (status >= 500)
      return new ApiError(
        502,
        "UpstreamError",
        `The workspace service failed (${status})${armError?.message ? `: ${armError.message}` : " without error details."}`,
      );
    if (status < 400)
      return new ApiError(
        502,
        "UpstreamInvalidResponse",
        `The workspace service answered ${status} where an error was expected.`,
      );
    return new ApiError(
      status,
      armError?.code ?? codeFor(status),
      armError?.message ?? e.message ?? `Upstream answered ${status}`,
      // ARM names the field it refuses in `target` (the local service does too).
      typeof armError?.target === "string" && armError.target ? armError.target : undefined,
    );
  }
  if (e?.name === "AbortError" || e?.name === "TimeoutError")
    return new ApiError(504, "UpstreamTimeout", "The workspace service did not answer in time.");
  return new ApiError(500, "InternalError", "Something went wrong on the studio's server; it has been logged.");
}

function readArmError(e: {
  details?: unknown;
  response?: { bodyAsText?: string };
}): { code?: string; message?: string; target?: string } | undefined {
  const fromDetails = (e.details as { error?: { code?: string; message?: string; target?: string } } | undefined)
    ?.error;
  if (fromDetails?.message) return fromDetails;
  try {
    const body = e.response?.bodyAsText ? JSON.parse(e.response.bodyAsText) : undefined;
    return body?.error;
  } catch {
    return undefined;
  }
}

function codeFor(status: number): string {
  return (
    (
      {
        400: "InvalidInput",
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        409: "Conflict",
        412: "PreconditionFailed",
      } as Record<number, string>
    )[status] ?? "UpstreamError"
  );
}
