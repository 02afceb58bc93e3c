import { NextResponse } from "next/server";
import { route, z } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { modelVersionParams, modelVersionUri } from "@/features/models/server";
import { artifactDownloadUrl } from "@/lib/server/storage/artifacts";
import { openDatastore } from "@/lib/server/storage";

/**
 * One file of a version: `{ data: { url } }`, a 5-minute read-only URL; with `redirect=1` a 302 to it (for plain
 * links). Stores that cannot mint such a URL stream the file through the server instead.
 */
export const GET = route({
  action: "model.read",
  params: modelVersionParams,
  query: z.object({ path: z.string().min(1).max(1024), redirect: z.enum(["0", "1"]).default("0") }).strict(),
  handler: async ({ principal, params, query }) => {
    const ctx = workspaceContext(principal, params);
    const { url, fullPath, datastore } = await artifactDownloadUrl(
      ctx,
      await modelVersionUri(ctx, params.name, params.version),
      query.path,
    );
    if (url) return query.redirect === "1" ? NextResponse.redirect(url, 302) : { data: { url, expiresInSeconds: 300 } };
    const { backend } = await openDatastore(ctx, datastore);
    const file = await backend.stream(fullPath);
    const { Readable } = await import("node:stream");
    return new Response(Readable.toWeb(file.body) as ReadableStream, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.size),
        "Content-Disposition": `attachment; filename="${fullPath.split("/").pop()!.replace(/["\\]/g, "_")}"`,
      },
    });
  },
});
