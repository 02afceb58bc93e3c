import { DETAIL_BLOCK, ModelList, detailBlocks } from "@/features/models";
import { listModelSummaries, modelDetailsQuery, readModelDetails } from "@/features/models/server";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { readForPage } from "@/lib/server/page-data";
import { pageSeed } from "@/lib/domain/page-seed";
import { listSeed } from "@/lib/domain/cache-meta";

export const metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  // The active models (their containers: one paged list) and the type and stage of the first two blocks of rows,
  // read here through the cache so the first rows are in the HTML, as the list shows them. Only the first rows go
  // into the page (10,000 models were 3 MB of HTML); the list reads the rest through its route.
  const initial = await readForPage(workspaceParams, p, "model.read", (ctx) =>
    listModelSummaries(ctx, "exclude").then(listSeed),
  );
  const firstVersions = initial ? detailBlocks(initial.data, 0, 2 * DETAIL_BLOCK - 1).flat() : [];
  const details = firstVersions.length
    ? await readForPage(workspaceParams, p, "model.read", (ctx) =>
        // Through the route's own parser of `name@version`s: the page asks what the list would.
        readModelDetails(ctx, modelDetailsQuery.parse({ versions: firstVersions.join(",") }).versions),
      )
    : null;
  return (
    <ModelList
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      initial={pageSeed(initial)}
      initialDetails={pageSeed(details?.data ?? null)}
    />
  );
}
