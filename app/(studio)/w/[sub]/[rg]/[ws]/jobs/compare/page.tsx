import { JobComparePage } from "@/features/jobs";

export const metadata = { title: "Compare jobs" };

/** Deep link: /jobs/compare?jobs=<a>,<b>[,…] (2 to 10 jobs of any kind). */
export default async function CompareJobsPage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string }>;
}) {
  const p = await params;
  return <JobComparePage workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
