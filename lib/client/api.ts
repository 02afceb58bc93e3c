import { getAuthHeaders } from "@/lib/client/auth";

import { cacheMetaFrom } from "@/lib/domain/cache-meta";
export type { CacheMeta, Cached } from "@/lib/domain/cache-meta";

/** The error every failed studio API call becomes on the client. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

/** The one fetch wrapper: JSON in and out, the user's credentials attached, errors as ApiClientError. */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...(await getAuthHeaders()) };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      credentials: "same-origin",
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiClientError(0, "NetworkError", "The studio's server could not be reached.");
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiClientError(
      res.status,
      "InvalidResponse",
      `The studio's server answered ${res.status} with something that is not JSON.`,
    );
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    if (res.status === 401 && typeof window !== "undefined" && !window.location.pathname.startsWith("/sign-in")) {
      window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    throw new ApiClientError(
      res.status,
      err?.code ?? "Error",
      err?.message ?? `Request failed with status ${res.status}.`,
      err?.field,
    );
  }
  // A cached read carries its data as the body and where it came from in headers; hooks see `{ data, cache }`.
  const cache = cacheMetaFrom(res.headers);
  return (cache ? { data: json, cache } : json) as T;
}
