import { DataAssetList } from "@/features/data-assets";

export const metadata = { title: "Data" };

export default async function DataPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return <DataAssetList workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
