import { DataAssetList } from "@/features/data-assets";
import { listDataAssets } from "@/features/data-assets/server";
import { workspaceParams } from "@/lib/domain/arm-name-schemas";
import { readForPage } from "@/lib/server/page-data";
import { pageSeed } from "@/lib/domain/page-seed";
import { listSeed } from "@/lib/domain/cache-meta";

export const metadata = { title: "Data" };

export default async function DataPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  // The active data assets, read here through the cache so the first rows are in the HTML (the first of them only:
  // the list reads the rest through its route).
  const initial = await readForPage(workspaceParams, p, "data.read", (ctx) =>
    listDataAssets(ctx, "active").then(listSeed),
  );
  return (
    <DataAssetList
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      initial={pageSeed(initial)}
    />
  );
}
