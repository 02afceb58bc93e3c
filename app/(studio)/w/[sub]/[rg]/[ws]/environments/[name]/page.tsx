import { Suspense } from "react";
import { EnvironmentDetail } from "@/features/environments";

export const metadata = { title: "Environment" };

export default async function EnvironmentPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  return (
    <Suspense>
      <EnvironmentDetail
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
