"use client";
import { DatastoreBrowser } from "@/features/datastores";
import { RegisterDataDialog } from "@/features/data-assets";
import type { WorkspaceRef } from "@/lib/domain/arm-names";

/** The page composes the two features: the browser (datastores) offers "register as data", whose dialog data-assets owns. */
export function DatastoreBrowserPage({ workspace, datastore }: { workspace: WorkspaceRef; datastore: string }) {
  return <DatastoreBrowser workspace={workspace} datastore={datastore} registerDataDialog={RegisterDataDialog} />;
}
