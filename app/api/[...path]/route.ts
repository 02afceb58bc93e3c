import { route } from "@/lib/server/route";
import { ApiError } from "@/lib/server/errors";
import type { NextRequest } from "next/server";

/**
 * Any API path no route serves: a JSON 404 in the API's error shape, through the route factory like every API answer
 * (its Host check and policy: the proxy skips API paths), rather than the studio's HTML page for a missing page.
 */
const handler = async ({ req }: { req: NextRequest }) => {
  throw ApiError.notFound(`There is no API at ${req.method} ${req.nextUrl.pathname}.`);
};

export const GET = route({ action: "public", handler });
export const POST = route({ action: "public", handler });
export const PUT = route({ action: "public", handler });
export const PATCH = route({ action: "public", handler });
export const DELETE = route({ action: "public", handler });
