import type { Metadata } from "next";
import { Suspense } from "react";
import { parseVersionViewState, versionsNamedBy } from "@/lib/domain/versions";
import { readForPage, searchOf } from "@/lib/server/page-data";
import { environmentParams, readEnvironmentHistory } from "@/features/environments/server";
import { EnvironmentDetailPage } from "./EnvironmentDetailPage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Environments` };
}

export default async function EnvironmentPage({
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
  const seed = await readForPage(environmentParams, { ...p, name }, "environment.read", (ctx, q) =>
    readEnvironmentHistory(ctx, q.name, named),
  );
  // The history view reads ?version= / ?compare= with useSearchParams, which needs a Suspense boundary.
  return (
    <Suspense>
      <EnvironmentDetailPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        name={name}
        seed={seed}
      />
    </Suspense>
  );
}
