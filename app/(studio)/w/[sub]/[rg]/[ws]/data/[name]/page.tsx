import type { Metadata } from "next";
import { Suspense } from "react";
import { DataAssetDetailPage } from "./DataAssetDetailPage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Data` };
}

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
