import { Suspense } from "react";
import { DatastoreBrowserPage } from "./DatastoreBrowserPage";

export const metadata = { title: "Datastore" };

/** Deep links: /datastores/<name>?path=<folder>&file=<file>. */
export default async function DatastorePage({
  params,
}: {
  params: Promise<{ sub: string; rg: string; ws: string; name: string }>;
}) {
  const p = await params;
  return (
    <Suspense>
      <DatastoreBrowserPage
        workspace={{ subscriptionId: p.sub, resourceGroup: p.rg, workspace: p.ws }}
        datastore={decodeURIComponent(p.name)}
      />
    </Suspense>
  );
}
