import { Suspense } from "react";
import { JobDetailPage } from "@/features/jobs";

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
      <JobDetailPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
