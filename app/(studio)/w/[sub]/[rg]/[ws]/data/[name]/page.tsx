import { Suspense } from "react";
import { DataAssetDetailPage } from "./DataAssetDetailPage";

export const metadata = { title: "Data asset" };

export default async function DataAssetPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  return (
    <Suspense>
      <DataAssetDetailPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
