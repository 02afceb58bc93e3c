import { ComponentsPageWithLineage } from "./ComponentsPageWithLineage";

export const metadata = { title: "Components" };

export default async function Components({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  // The page reads `?name=`, `?version=` and `?compare=` with useSearchParams: rendered per request (the root
  // layout reads the theme cookie), it needs no Suspense boundary, and one would be revealed late (see jobs/[name]).
  return <ComponentsPageWithLineage workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
