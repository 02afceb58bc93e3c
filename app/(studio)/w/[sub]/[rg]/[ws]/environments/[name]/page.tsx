import type { Metadata } from "next";
import { Suspense } from "react";
import { EnvironmentDetailPage } from "./EnvironmentDetailPage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Environments` };
}

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
