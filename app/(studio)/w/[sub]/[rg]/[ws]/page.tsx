import type { Metadata } from "next";
import { WorkspaceOverview } from "@/features/overview";

/**
 * The layout's title template ("%s · <workspace> · ML Studio") applies to pages below it, not to this page beside
 * it, so the overview writes its whole title itself.
 */
export async function generateMetadata({ params }: { params: Promise<{ ws: string }> }): Promise<Metadata> {
  const workspace = decodeURIComponent((await params).ws);
  return { title: { absolute: `Overview · ${workspace} · ML Studio` } };
}

export default async function WorkspaceOverviewPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string }>;
}) {
  const p = await params;
  return <WorkspaceOverview workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
