import type { Metadata } from "next";
import { DatastoreBrowserPage } from "./DatastoreBrowserPage";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Datastores` };
}

/** Deep links: /datastores/<name>?path=<folder>&file=<file>. */
export default async function DatastorePage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  return (
    <DatastoreBrowserPage
      workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
      datastore={decodeURIComponent(p.name)}
    />
  );
}
