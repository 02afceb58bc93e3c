import { ModelList } from "@/features/models";

export const metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return <ModelList workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
