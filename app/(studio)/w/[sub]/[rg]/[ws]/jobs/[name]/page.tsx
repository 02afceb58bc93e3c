import type { Metadata } from "next";
import { Suspense } from "react";
import { JobPageWithLineage } from "./JobPageWithLineage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Jobs` };
}

export default async function JobPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  // Tabs and the selected step live in the URL (?tab=&step=), read with useSearchParams: needs a Suspense boundary.
  return (
    <Suspense>
      <JobPageWithLineage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
