import { JobList } from "@/features/jobs";

export const metadata = { title: "Jobs" };

export default async function JobsPage({ params }: { params: Promise<{ sub: string; rg: string; ws: string }> }) {
  const p = await params;
  return <JobList workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }} />;
}
