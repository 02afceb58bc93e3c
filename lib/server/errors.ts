import type { z } from "@/lib/domain/zod";

/**
 * The one error type of the studio's server. Every failure a route can answer with is an ApiError;
 * route.ts turns it into `{ error: { code, message, field? } }` with its status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details !== undefined ? { details: this.details } : {}),
      },
    };
  }

  static badRequest(message: string, field?: string) {
    return new ApiError(400, "InvalidInput", message, field);
  }
  static unauthorized(message = "Sign in to continue.") {
    return new ApiError(401, "Unauthorized", message);
  }
  static forbidden(message: string) {
    return new ApiError(403, "Forbidden", message);
  }
  static notFound(message: string) {
    return new ApiError(404, "NotFound", message);
  }
  static conflict(message: string) {
    return new ApiError(409, "Conflict", message);
  }
}

/** A zod failure as the 400 a route answers: the first problem, naming the field and where it was (path, query, body). */
export function zodToApiError(error: z.ZodError, where: string): ApiError {
  const issue = error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : undefined;
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    message = `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    return new ApiError(400, "InvalidInput", `${where}: ${message}.`, [...issue.path, issue.keys[0]].join("."));
  }
  return new ApiError(400, "InvalidInput", `${where}${field ? ` field "${field}"` : ""}: ${message}.`, field);
}
