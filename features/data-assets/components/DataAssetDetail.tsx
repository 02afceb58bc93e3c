"use client";
import { useMemo, useState } from "react";
import Link from "next/link";
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Spinner,
  Subtitle2,
  Textarea,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArchiveRegular, ArrowUndoRegular, EditRegular } from "@fluentui/react-icons";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import type { DataVersionView } from "@/lib/domain/datastores";
import type { AssetVersion } from "@/lib/domain/versions";
import { parseAzuremlUri } from "@/lib/domain/storage-names";
import { previewKindFor } from "@/lib/domain/preview";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { VersionHistory } from "@/components/versions";
import { FilePreview } from "@/features/datastores";
import { useDataAsset, useDataVersions, usePatchDataAsset, usePatchDataVersion } from "../hooks";

const useStyles = makeStyles({
  header: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    flexWrap: "wrap",
    marginBottom: tokens.spacingVerticalM,
  },
  grow: { flexGrow: 1 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

function toAssetVersion(v: DataVersionView, id: string): AssetVersion {
  return {
    id,
    version: v.version,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    description: v.description ?? undefined,
    tags: v.tags,
    properties: {},
    archived: v.isArchived,
    contents: { fields: { type: v.dataType, uri: v.dataUri } },
  };
}

/** A data asset: its versions in the shared version-history view, each previewable with the datastore previewers. */
export function DataAssetDetail({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  const s = useStyles();
  const asset = useDataAsset(workspace, name);
  const versions = useDataVersions(workspace, name);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "data.write");
  const readOnly = `Your role (${user.data?.role}) can read data assets but not change them.`;
  const patchVersion = usePatchDataVersion(workspace);
  const patchAsset = usePatchDataAsset(workspace);
  const [editing, setEditing] = useState<DataVersionView | null>(null);
  const byVersion = useMemo(() => new Map((versions.data?.data ?? []).map((v) => [v.version, v])), [versions.data]);
  const assetVersions = useMemo(
    () => (versions.data?.data ?? []).map((v) => toAssetVersion(v, `data/${name}/versions/${v.version}`)),
    [versions.data, name],
  );

  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">{name}</Title2>
        {asset.data ? <Badge appearance="outline">{asset.data.data.dataType}</Badge> : null}
        {asset.data?.data.isArchived ? <Badge appearance="tint">archived</Badge> : null}
        <CacheStatus cache={versions.data?.cache} />
        <span className={s.grow} />
        <Link href={`${studioPath(workspace)}/data`}>All data assets</Link>
        {asset.data ? (
          <Tooltip
            content={
              canWrite
                ? asset.data.data.isArchived
                  ? "Restore the data asset"
                  : "Archive the data asset (hidden from the active list)"
                : readOnly
            }
            relationship="description"
          >
            <Button
              icon={asset.data.data.isArchived ? <ArrowUndoRegular /> : <ArchiveRegular />}
              disabledFocusable={!canWrite || patchAsset.isPending}
              onClick={() => patchAsset.mutate({ name, body: { isArchived: !asset.data!.data.isArchived } })}
            >
              {asset.data.data.isArchived ? "Restore asset" : "Archive asset"}
            </Button>
          </Tooltip>
        ) : null}
      </div>
      <ErrorBar
        error={asset.error ?? versions.error ?? patchAsset.error ?? patchVersion.error}
        title="Cannot show this data asset"
      />
      {versions.isLoading ? <Spinner label="Loading versions…" /> : null}
      {versions.data ? (
        <VersionHistory
          kind="data"
          assetName={name}
          versions={assetVersions}
          renderActions={(av) => {
            const v = byVersion.get(av.version);
            if (!v) return null;
            return (
              <div className={s.actions}>
                <Tooltip content={canWrite ? "Edit description and tags" : readOnly} relationship="description">
                  <Button icon={<EditRegular />} disabledFocusable={!canWrite} onClick={() => setEditing(v)}>
                    Edit
                  </Button>
                </Tooltip>
                <Tooltip
                  content={canWrite ? (v.isArchived ? "Restore this version" : "Archive this version") : readOnly}
                  relationship="description"
                >
                  <Button
                    icon={v.isArchived ? <ArrowUndoRegular /> : <ArchiveRegular />}
                    disabledFocusable={!canWrite || patchVersion.isPending}
                    onClick={() =>
                      patchVersion.mutate({ name, version: v.version, body: { isArchived: !v.isArchived } })
                    }
                  >
                    {v.isArchived ? "Restore" : "Archive"}
                  </Button>
                </Tooltip>
              </div>
            );
          }}
          renderDetail={(av) => {
            const v = byVersion.get(av.version);
            return v ? <DataPreview workspace={workspace} version={v} /> : null;
          }}
        />
      ) : null}
      {editing ? <EditVersionDialog workspace={workspace} version={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function DataPreview({ workspace, version }: { workspace: WorkspaceRef; version: DataVersionView }) {
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

function EditVersionDialog({
  workspace,
  version,
  onClose,
}: {
  workspace: WorkspaceRef;
  version: DataVersionView;
  onClose: () => void;
}) {
  const s = useStyles();
  const patch = usePatchDataVersion(workspace);
  const [description, setDescription] = useState(version.description ?? "");
  const [tags, setTags] = useState(
    Object.entries(version.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(", "),
  );
  const parsed = tags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => t.split("="));
  const bad = parsed.find((p) => p.length !== 2 || !p[0].trim());
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Edit version {version.version}</DialogTitle>
          <DialogContent className={s.form}>
            <Field label="Description">
              <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
            </Field>
            <Field
              label="Tags"
              hint="key=value, separated by commas"
              validationMessage={bad ? `“${bad.join("=")}” is not key=value.` : undefined}
            >
              <Input value={tags} onChange={(_, d) => setTags(d.value)} />
            </Field>
            <ErrorBar error={patch.error} title="Could not save" />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={!!bad || patch.isPending}
              onClick={() =>
                patch.mutate(
                  {
                    name: version.name,
                    version: version.version,
                    body: { description, tags: Object.fromEntries(parsed.map(([k, v]) => [k.trim(), v.trim()])) },
                  },
                  { onSuccess: onClose },
                )
              }
            >
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
