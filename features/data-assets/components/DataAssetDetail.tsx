"use client";
import { useState } from "react";
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
import type { AssetVersion } from "@/lib/domain/versions";
import { parseAzuremlUri } from "@/lib/domain/storage-names";
import { previewKindFor } from "@/lib/domain/preview";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { VersionHistory } from "@/components/versions";
import { FilePreview } from "@/features/datastores";
import { dataOf } from "../model";
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
  const [editing, setEditing] = useState<AssetVersion | null>(null);

  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">{name}</Title2>
        {asset.data ? <Badge appearance="outline">{asset.data.data.dataType}</Badge> : null}
        {asset.data?.data.archived ? <Badge appearance="tint">archived</Badge> : null}
        <CacheStatus cache={versions.data?.cache} />
        <span className={s.grow} />
        <Link href={`${studioPath(workspace)}/data`}>All data assets</Link>
        {asset.data ? (
          <Tooltip
            content={
              canWrite
                ? asset.data.data.archived
                  ? "Restore the data asset"
                  : "Archive the data asset (hidden from the active list)"
                : readOnly
            }
            relationship="description"
          >
            <Button
              icon={asset.data.data.archived ? <ArrowUndoRegular /> : <ArchiveRegular />}
              disabledFocusable={!canWrite || patchAsset.isPending}
              onClick={() => patchAsset.mutate({ name, body: { archived: !asset.data!.data.archived } })}
            >
              {asset.data.data.archived ? "Restore asset" : "Archive asset"}
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
          versions={versions.data.data}
          renderActions={(v) => {
            return (
              <div className={s.actions}>
                <Tooltip content={canWrite ? "Edit description and tags" : readOnly} relationship="description">
                  <Button icon={<EditRegular />} disabledFocusable={!canWrite} onClick={() => setEditing(v)}>
                    Edit
                  </Button>
                </Tooltip>
                <Tooltip
                  content={canWrite ? (v.archived ? "Restore this version" : "Archive this version") : readOnly}
                  relationship="description"
                >
                  <Button
                    icon={v.archived ? <ArrowUndoRegular /> : <ArchiveRegular />}
                    disabledFocusable={!canWrite || patchVersion.isPending}
                    onClick={() => patchVersion.mutate({ name, version: v.version, body: { archived: !v.archived } })}
                  >
                    {v.archived ? "Restore" : "Archive"}
                  </Button>
                </Tooltip>
              </div>
            );
          }}
          renderDetail={(v) => <DataPreview workspace={workspace} version={v} />}
        />
      ) : null}
      {editing ? (
        <EditVersionDialog workspace={workspace} name={name} version={editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
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

function EditVersionDialog({
  workspace,
  name,
  version,
  onClose,
}: {
  workspace: WorkspaceRef;
  name: string;
  version: AssetVersion;
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
                    name,
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
