import { DesignerPage } from "@/features/designer";

export const metadata = { title: "Designer" };

export default async function Designer({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return <DesignerPage workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
