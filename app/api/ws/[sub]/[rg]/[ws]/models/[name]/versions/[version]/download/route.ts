import { NextResponse } from "next/server";
import { route, z } from "@/lib/server/route";
import { workspaceContext } from "@/lib/server/workspace-context";
import { modelVersionParams, modelVersionUri } from "@/features/models/server/models";
import { artifactDownloadUrl } from "@/features/models/server/artifacts";
import { openDatastore } from "@/lib/server/storage";

/** Downloads one file of a version: a redirect to a 5-minute read-only URL, else streamed through the server. */
export const GET = route({
  action: "model.read",
  params: modelVersionParams,
  query: z.object({ path: z.string().min(1).max(1024) }).strict(),
  handler: async ({ principal, params, query }) => {
    const ctx = workspaceContext(principal, params);
    const { url, fullPath, datastore } = await artifactDownloadUrl(ctx, await modelVersionUri(ctx, params.name, params.version), query.path);
    if (url) return NextResponse.redirect(url, 302);
    const { backend } = await openDatastore(ctx, datastore);
    const file = await backend.stream(fullPath);
    const { Readable } = await import("node:stream");
    return new Response(Readable.toWeb(file.body) as ReadableStream, {
      headers: { "Content-Type": file.contentType, "Content-Length": String(file.size), "Content-Disposition": `attachment; filename="${fullPath.split("/").pop()!.replace(/["\\]/g, "_")}"` },
    });
  },
});
