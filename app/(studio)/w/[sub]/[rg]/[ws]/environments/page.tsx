import { EnvironmentList } from "@/features/environments";

export const metadata = { title: "Environments" };

export default async function EnvironmentsPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string }>;
}) {
  const p = await params;
  return <EnvironmentList workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
