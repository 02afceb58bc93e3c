import type { Metadata } from "next";
import { parseVersionViewState, versionsNamedBy } from "@/lib/domain/versions";
import { readForPage, searchOf } from "@/lib/server/page-data";
import { pageSeed } from "@/lib/domain/page-seed";
import { modelParams, readModelHistory } from "@/features/models/server";
import { ModelDetailPage } from "./ModelDetailPage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Models` };
}

export default async function ModelPage({
  params,
  searchParams,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const p = await params;
  const name = decodeURIComponent(p.name);
  // The first page of the history, and the versions a link names, read here so the first rows are in the HTML.
  const named = versionsNamedBy(parseVersionViewState(searchOf(await searchParams)));
  const seed = await readForPage(modelParams, { ...p, name }, "model.read", (ctx, q) =>
    readModelHistory(ctx, q.name, named),
  );
  // No Suspense boundary around the view: the page is rendered per request (it reads the session), so its
  // useSearchParams needs none, and one would be streamed late and revealed by React up to 300 ms after the shell.
  return (
    <ModelDetailPage
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      name={name}
      seed={pageSeed(seed)}
    />
  );
}
