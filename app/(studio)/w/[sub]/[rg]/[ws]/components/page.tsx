import { Suspense } from "react";
import { ComponentsPageWithLineage } from "./ComponentsPageWithLineage";

export const metadata = { title: "Components" };

export default async function Components({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  // The page reads `?name=`, `?version=` and `?compare=` with useSearchParams, which needs a Suspense boundary.
  return (
    <Suspense>
      <ComponentsPageWithLineage workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />
    </Suspense>
  );
}
