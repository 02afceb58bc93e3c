"use client";
import Link from "next/link";
import { Badge, Caption1, Subtitle2 } from "@fluentui/react-components";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { AssetVersion, VersionHistorySeed } from "@/lib/domain/versions";
import { parseAzuremlUri } from "@/lib/domain/storage-names";
import { previewKindFor } from "@/lib/domain/preview";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { AssetDetailFrame, type NodePanel } from "@/components/assets/AssetDetailFrame";
import { FilePreview } from "@/features/datastores";
import { dataOf } from "../model";
import { useDataAsset, useDataVersions, usePatchDataAsset, usePatchDataVersion } from "../hooks";

/** A data asset: its versions in the shared version-history view, each previewable with the datastore previewers. */
export function DataAssetDetail({
  workspace,
  name,
  lineage: Lineage,
  seed,
}: {
  workspace: WorkspaceRef;
  name: string;
  /** Composed by the page: adds a Lineage tab. */
  lineage?: NodePanel;
  /** The first page (and the versions the link names) the page rendered on the server with. */
  seed?: VersionHistorySeed | null;
}) {
  const asset = useDataAsset(workspace, name);
  const versions = useDataVersions(workspace, name, seed);
  const user = useCurrentUser();
  const access = {
    canWrite: allows(user.data?.role ?? null, "data.write"),
    reason: user.data ? `Your role (${user.data.role}) can read data assets but not change them.` : "",
  };
  const patchVersion = usePatchDataVersion(workspace);
  const patchAsset = usePatchDataAsset(workspace);
  const a = asset.data?.data;
  return (
    <AssetDetailFrame
      kind="data"
      name={name}
      versions={versions}
      errors={[asset.error, patchAsset.error]}
      access={access}
      header={{
        list: { href: `${studioPath(workspace)}/data`, label: "Data assets" },
        badges: a ? <Badge appearance="outline">{a.dataType}</Badge> : null,
        latestVersion: a?.latestVersion,
        archived: a?.archived,
        archive: a
          ? {
              noun: "asset",
              hint: {
                archive: "Archive the data asset (hidden from the active list)",
                restore: "Restore the data asset",
              },
              pending: patchAsset.isPending,
              toggle: () => patchAsset.mutate({ name, body: { archived: !a.archived } }),
            }
          : undefined,
      }}
      patch={{
        run: (version, body) =>
          patchVersion.mutateAsync({
            name,
            version,
            body: { description: body.description, tags: body.tags, archived: body.archived },
          }),
        pending: patchVersion.isPending,
        error: patchVersion.error,
        reset: patchVersion.reset,
      }}
      renderDetail={(v) => <DataPreview workspace={workspace} version={v} />}
      lineage={Lineage ? (v) => <Lineage workspace={workspace} node={`data:${name}:${v}`} /> : undefined}
    />
  );
}

function DataPreview({ workspace, version: v }: { workspace: WorkspaceRef; version: AssetVersion }) {
  const version = dataOf(v);
  const uri = parseAzuremlUri(version.dataUri);
  if (!uri) return <Caption1>Data outside a datastore ({version.dataUri}) is not previewed here.</Caption1>;
  const browse = `${studioPath(workspace)}/datastores/${encodeURIComponent(uri.datastore)}`;
  if (version.dataType === "uri_file") {
    return (
      <section aria-label="Data preview">
        <Subtitle2 as="h3">Preview</Subtitle2>
        {previewKindFor(uri.path) !== "none" ? (
          <FilePreview workspace={workspace} datastore={uri.datastore} path={uri.path} />
        ) : (
          <Caption1>No previewer for this file type.</Caption1>
        )}
      </section>
    );
  }
  const file = version.dataType === "mltable" ? `${uri.path ? `${uri.path}/` : ""}MLTable` : null;
  return (
    <section aria-label="Data preview">
      <Subtitle2 as="h3">{version.dataType === "mltable" ? "MLTable" : "Folder"}</Subtitle2>
      <Link href={`${browse}?${new URLSearchParams({ path: uri.path })}`}>
        Browse {uri.datastore}/{uri.path}
      </Link>
      {file ? <FilePreview workspace={workspace} datastore={uri.datastore} path={file} /> : null}
    </section>
  );
}
