import { ComputeDashboard } from "@/features/compute";
import { config } from "@/lib/server/config";

export const metadata = { title: "Compute" };

export default async function ComputePage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return (
    <ComputeDashboard
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      upstream={config.upstream}
    />
  );
}
