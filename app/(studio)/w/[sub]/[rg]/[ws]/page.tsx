import { WorkspaceOverview } from "@/features/overview";

export const metadata = { title: "Overview" };

export default async function WorkspaceOverviewPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string }>;
}) {
  const p = await params;
  return <WorkspaceOverview workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
