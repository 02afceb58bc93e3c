import { Suspense } from "react";
import { JobPageWithLineage } from "./JobPageWithLineage";

export const metadata = { title: "Job" };

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
