import type { Metadata } from "next";
import { getJob, getJobGraph, graphTabSeed, jobParams } from "@/features/jobs/server";
import { readForPage, searchOf } from "@/lib/server/page-data";
import { pageSeed } from "@/lib/domain/page-seed";
import { JobPageWithLineage } from "./JobPageWithLineage";

/** How long the page waits for the job: past it the upstream is slow, and the browser reads the job itself. */
const JOB_WAIT_MS = 1_500;

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Jobs` };
}

export default async function JobPage({
  params,
  searchParams,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const p = await params;
  const name = decodeURIComponent(p.name);
  const onGraph = searchOf(await searchParams).get("tab") === "graph";
  // The job (and, on its graph tab, the graph) read here into the HTML: the browser's own fetch would start only
  // after hydration. Waited for longer than a list (JOB_WAIT_MS): a job of 1,000 steps is read live, never cached.
  const initial = await readForPage(
    jobParams,
    { ...p, name },
    "job.read",
    async (ctx, q) => {
      const reading = getJob(ctx, q.name);
      const [job, graph] = await Promise.all([
        reading,
        // Not a pipeline: the page says so itself.
        onGraph ? getJobGraph(ctx, q.name, () => reading.then((j) => j.job)).catch(() => null) : null,
      ]);
      // A pipeline's Graph tab sends what the graph paints first; the browser reads the whole job at once.
      const partial = onGraph && job.job.jobType === "Pipeline";
      return { job: { data: partial ? graphTabSeed(job) : job }, graph, partial };
    },
    JOB_WAIT_MS,
  );
  // No Suspense boundary around the view: the page is rendered per request (it reads the session), so its
  // useSearchParams (the tab and step live in the URL) needs none, and one would be streamed late and revealed by
  // React up to 300 ms after the shell.
  return (
    <JobPageWithLineage
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      name={name}
      initial={pageSeed(initial)}
    />
  );
}
