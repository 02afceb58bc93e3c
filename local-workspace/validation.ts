/** zod helpers: body parsing that answers ARM-style 400s naming the offending field. */
import { z } from "zod";
import { badRequest } from "./arm";

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined || body === null)
    throw badRequest("InvalidRequestContent", "The request content was null or empty.");
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.join(".");
    let msg = issue.message;
    if (issue.code === "unrecognized_keys") msg = `Could not find member '${issue.keys.join("', '")}' on object.`;
    throw badRequest(
      "InvalidRequestContent",
      `The request content is invalid${path ? ` at '${path}'` : ""}: ${msg}`,
      path || undefined,
    );
  }
  return r.data;
}

/** Read-only fields a client may echo back from a GET (accepted and ignored). */
export const ro = z.unknown().optional();

/**
 * An `x-ms-enum` with `modelAsString: true` in the spec (almost every enum of 2022-10-01): the listed values are the
 * known ones, and ARM accepts others, which a newer service version may define. For values the service only stores
 * and returns, so any non-empty string is kept as sent. A value the service acts on (a cluster's priority, a
 * schedule's action, a compute's type) stays a closed enum: an unknown one is the resource provider's 400 naming it.
 */
export const extensibleEnum = (...known: [string, ...string[]]) =>
  z
    .string()
    .min(1)
    .describe(`extensible enum; known values: ${known.join(", ")}`);
