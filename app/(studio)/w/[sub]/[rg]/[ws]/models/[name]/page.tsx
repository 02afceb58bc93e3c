import type { Metadata } from "next";
import { Suspense } from "react";
import { ModelDetailPage } from "./ModelDetailPage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Models` };
}

export default async function ModelPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  // The history view reads ?version= / ?compare= with useSearchParams, which needs a Suspense boundary.
  return (
    <Suspense>
      <ModelDetailPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
