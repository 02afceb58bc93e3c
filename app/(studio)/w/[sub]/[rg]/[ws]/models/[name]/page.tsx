import type { Metadata } from "next";
import { Suspense } from "react";
import { parseVersionViewState, versionsNamedBy } from "@/lib/domain/versions";
import { readForPage, searchOf } from "@/lib/server/page-data";
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
  // The history view reads ?version= / ?compare= with useSearchParams, which needs a Suspense boundary.
  return (
    <Suspense>
      <ModelDetailPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={name}
        seed={seed}
      />
    </Suspense>
  );
}
