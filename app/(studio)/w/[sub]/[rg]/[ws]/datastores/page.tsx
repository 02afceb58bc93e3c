import { DatastoreList } from "@/features/datastores";

export const metadata = { title: "Datastores" };

export default async function DatastoresPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return <DatastoreList workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
