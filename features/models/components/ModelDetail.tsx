"use client";
import { useMemo, useState } from "react";
import Link from "next/link";
import { Button, Caption1, Spinner, Subtitle2, Title2, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import { AddRegular, ArchiveRegular, ArrowDownloadRegular, ArrowUndoRegular, EditRegular } from "@fluentui/react-icons";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { STAGES } from "@/lib/domain/models";
import { allows } from "@/lib/domain/roles";
import { nextVersionLabel, sortVersionsNewestFirst, type AssetVersion } from "@/lib/domain/versions";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { EditVersionDialog, VersionHistory, formatBytes, useVersionViewState } from "@/components/versions";
import { modelDownloadUrl, useModelFiles, useModelMlflow, useModelVersions, useUpdateModelVersion } from "../hooks";
import { MlflowPanel } from "./MlflowPanel";
import type { UpdateModelVersionBody } from "../server/models";
import { RegisterModelDialog } from "./RegisterModelDialog";

const useStyles = makeStyles({
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    flexWrap: "wrap",
    marginBottom: tokens.spacingVerticalM,
  },
  grow: { flexGrow: 1 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  files: { display: "flex", flexDirection: "column", gap: "2px" },
});

/** One model: its version history (timeline, comparison, metric trend) and what can be done with a version. */
export function ModelDetail({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  const s = useStyles();
  const versions = useModelVersions(workspace, name);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "model.write");
  const readOnly = user.data ? `Your role (${user.data.role}) can read models but not change them.` : "";
  const update = useUpdateModelVersion(workspace);
  const { state, update: setView } = useVersionViewState();
  const [registering, setRegistering] = useState(false);
  const [editing, setEditing] = useState<AssetVersion | null>(null);
  const [archiving, setArchiving] = useState<AssetVersion | null>(null);

  const list = useMemo(() => sortVersionsNewestFirst(versions.data?.data ?? []), [versions.data]);
  // Files and MLmodel documents are fetched only for the versions on screen (the selected one, or the two compared).
  const onScreen = useMemo(() => {
    if (state.compare) return state.compare.filter((v) => list.some((x) => x.version === v));
    const sel = state.version && list.some((x) => x.version === state.version) ? state.version : list[0]?.version;
    return sel ? [sel] : [];
  }, [state.compare, state.version, list]);
  const files = useModelFiles(workspace, name, onScreen);
  const mlflowVersions = onScreen.filter(
    (v) => list.find((x) => x.version === v)?.contents.fields.type === "mlflow_model",
  );
  const mlflow = useModelMlflow(workspace, name, mlflowVersions);
  // The queries' arrays are new on every render; these keys change only when what they hold does.
  const onScreenKey = onScreen.join(",");
  const filesKey = files.map((f) => f.dataUpdatedAt).join(",");
  const mlflowKey = mlflow.map((m) => m.dataUpdatedAt).join(",");
  const enriched = useMemo(
    () =>
      list.map((v) => {
        const fi = onScreen.indexOf(v.version);
        const mi = mlflowVersions.indexOf(v.version);
        const f = fi >= 0 ? files[fi]?.data?.data : undefined;
        const mlmodel = mi >= 0 ? mlflow[mi]?.data?.data.mlmodel : undefined;
        if (!f && !mlmodel) return v;
        return {
          ...v,
          contents: {
            ...v.contents,
            ...(f ? { files: f } : {}),
            ...(mlmodel ? { documents: [{ name: "MLmodel", language: "yaml" as const, text: mlmodel }] } : {}),
          },
        };
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [list, onScreenKey, filesKey, mlflowKey],
  );

  const latestType = list[0]?.contents.fields.type;

  return (
    <div>
      <div className={s.header}>
        <Caption1>
          <Link href={`${studioPath(workspace)}/models`}>Models</Link> /
        </Caption1>
        <Title2 as="h1">{name}</Title2>
        <CacheStatus cache={versions.data?.cache} />
        <span className={s.grow} />
        <Tooltip
          content={canWrite ? "Upload files, or point at a datastore path or a job's output" : readOnly}
          relationship="description"
        >
          <Button
            appearance="primary"
            icon={<AddRegular />}
            disabledFocusable={!canWrite || !versions.data}
            onClick={() => setRegistering(true)}
          >
            Register version
          </Button>
        </Tooltip>
      </div>
      <ErrorBar error={versions.error} />
      {versions.isLoading ? <Spinner label="Loading versions…" /> : null}
      {versions.data ? (
        <VersionHistory
          kind="model"
          assetName={name}
          versions={enriched}
          showMetricTrend
          renderActions={(v) => (
            <div className={s.actions}>
              <Tooltip
                content={
                  !canWrite
                    ? readOnly
                    : v.archived
                      ? "Archived versions cannot be edited; restore it first."
                      : "Edit description, tags and stage"
                }
                relationship="description"
              >
                <Button
                  icon={<EditRegular />}
                  disabledFocusable={!canWrite || v.archived}
                  onClick={() => setEditing(v)}
                >
                  Edit
                </Button>
              </Tooltip>
              <Tooltip
                content={
                  canWrite
                    ? v.archived
                      ? "Show it in lists again"
                      : "Hide it from lists; it stays readable"
                    : readOnly
                }
                relationship="description"
              >
                <Button
                  icon={v.archived ? <ArrowUndoRegular /> : <ArchiveRegular />}
                  disabledFocusable={!canWrite}
                  onClick={() => setArchiving(v)}
                >
                  {v.archived ? "Restore" : "Archive"}
                </Button>
              </Tooltip>
            </div>
          )}
          renderDetail={(v) => {
            const fi = onScreen.indexOf(v.version);
            const fq = fi >= 0 ? files[fi] : undefined;
            const mi = mlflowVersions.indexOf(v.version);
            const mq = mi >= 0 ? mlflow[mi] : undefined;
            return (
              <>
                <section aria-label="Download">
                  <Subtitle2 as="h3">Download</Subtitle2>
                  {fq?.isLoading ? <Spinner size="tiny" label="Listing files…" /> : null}
                  <ErrorBar error={fq?.error} title="The files could not be listed" />
                  {fq?.data && fq.data.data.length === 0 ? (
                    <Caption1 block>No files found at {v.contents.fields.uri}.</Caption1>
                  ) : null}
                  <div className={s.files}>
                    {fq?.data?.data.map((f) => (
                      <a key={f.path} href={modelDownloadUrl(workspace, name, v.version, f.path)} download>
                        <ArrowDownloadRegular /> {f.path} ({formatBytes(f.size)})
                      </a>
                    ))}
                  </div>
                </section>
                {mq ? <MlflowPanel info={mq.data?.data} loading={mq.isLoading} error={mq.error} /> : null}
              </>
            );
          }}
        />
      ) : null}
      {registering ? (
        <RegisterModelDialog
          workspace={workspace}
          name={name}
          nextVersion={nextVersionLabel(list)}
          defaultType={latestType}
          onClose={() => setRegistering(false)}
          onRegistered={(_, version) => {
            setRegistering(false);
            setView({ version, compare: null, diffOnly: false }, { push: true });
          }}
        />
      ) : null}
      {editing ? (
        <EditVersionDialog
          version={editing}
          stages={STAGES}
          pending={update.isPending}
          error={update.error}
          onClose={() => {
            setEditing(null);
            update.reset();
          }}
          onSave={async (b) => {
            await update.mutateAsync({ name, version: editing.version, body: b as UpdateModelVersionBody }).then(
              () => setEditing(null),
              () => undefined,
            );
          }}
        />
      ) : null}
      <ConfirmDialog
        open={!!archiving}
        title={
          archiving?.archived ? `Restore version ${archiving?.version}?` : `Archive version ${archiving?.version}?`
        }
        confirmLabel={archiving?.archived ? "Restore" : "Archive"}
        pending={update.isPending}
        error={update.error}
        onCancel={() => {
          setArchiving(null);
          update.reset();
        }}
        onConfirm={() =>
          archiving &&
          update.mutateAsync({ name, version: archiving.version, body: { archived: !archiving.archived } }).then(
            () => setArchiving(null),
            () => undefined,
          )
        }
      >
        {archiving?.archived
          ? "The version shows in lists again and can be edited."
          : "Archived versions are hidden from lists and cannot be edited until restored. Their files stay."}
      </ConfirmDialog>
    </div>
  );
}
