import { QuotaAdmin } from "@/features/quotas";

export const metadata = { title: "Quotas" };

export default async function QuotasPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return <QuotaAdmin workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
