import { Suspense } from "react";
import { ModelDetail } from "@/features/models";

export const metadata = { title: "Model" };

export default async function ModelPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  // The history view reads ?version= / ?compare= with useSearchParams, which needs a Suspense boundary.
  return (
    <Suspense>
      <ModelDetail
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
