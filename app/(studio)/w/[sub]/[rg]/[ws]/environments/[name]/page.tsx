import { Suspense } from "react";
import { EnvironmentDetailPage } from "./EnvironmentDetailPage";

export const metadata = { title: "Environment" };

export default async function EnvironmentPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  return (
    <Suspense>
      <EnvironmentDetailPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
