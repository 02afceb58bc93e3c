"use client";
import { useMemo, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge, Button, Caption1, Spinner, Title2, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import { AddRegular, ArchiveRegular, ArrowUndoRegular, CopyRegular, EditRegular } from "@fluentui/react-icons";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { isCuratedName } from "@/lib/domain/environment-spec";
import { allows } from "@/lib/domain/roles";
import { nextVersionLabel, sortVersionsNewestFirst, type AssetVersion } from "@/lib/domain/versions";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ErrorBar } from "@/components/common/ErrorBar";
import { EditVersionDialog, VersionHistory, useVersionViewState } from "@/components/versions";
import { useEnvironmentContexts, useEnvironmentVersions, useUpdateEnvironmentVersion } from "../hooks";
import { BuildPanel } from "./BuildPanel";
import { CreateEnvironmentDialog, type EnvironmentDraft } from "./CreateEnvironmentDialog";

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
});

/** One environment: version history (image, conda YAML, Dockerfile and build context compared), builds and logs. */
export function EnvironmentDetail({ workspace, name }: { workspace: WorkspaceRef; name: string }) {
  const s = useStyles();
  const router = useRouter();
  const curated = isCuratedName(name);
  const versions = useEnvironmentVersions(workspace, name);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "environment.write") && !curated;
  const why = curated
    ? "Curated environments are maintained by Azure Machine Learning and are read-only."
    : user.data
      ? `Your role (${user.data.role}) can read environments but not change them.`
      : "";
  const update = useUpdateEnvironmentVersion(workspace);
  const { state, update: setView } = useVersionViewState();
  const [creating, setCreating] = useState<{ draft?: EnvironmentDraft; asNew?: boolean } | null>(null);
  const [editing, setEditing] = useState<AssetVersion | null>(null);
  const [archiving, setArchiving] = useState<AssetVersion | null>(null);

  const list = useMemo(() => sortVersionsNewestFirst(versions.data?.data ?? []), [versions.data]);
  const onScreen = useMemo(() => {
    if (state.compare) return state.compare.filter((v) => list.some((x) => x.version === v));
    const sel = state.version && list.some((x) => x.version === state.version) ? state.version : list[0]?.version;
    return sel ? [sel] : [];
  }, [state.compare, state.version, list]);
  const contextVersions = onScreen.filter(
    (v) => list.find((x) => x.version === v)?.contents.fields["build.contextUri"],
  );
  const contexts = useEnvironmentContexts(workspace, name, contextVersions);
  const enriched = useMemo(
    () =>
      list.map((v) => {
        const i = contextVersions.indexOf(v.version);
        const c = i >= 0 ? contexts[i]?.data?.data : undefined;
        if (!c) return v;
        const docs = [
          ...(v.contents.documents ?? []),
          ...(c.dockerfile !== null
            ? [{ name: c.dockerfilePath, language: "dockerfile" as const, text: c.dockerfile }]
            : []),
        ];
        return { ...v, contents: { ...v.contents, files: c.files, documents: docs } };
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [list, contextVersions.join(","), contexts.map((c) => c.dataUpdatedAt).join(",")],
  );
  const latest = list[0];
  const base = `${studioPath(workspace)}/environments`;

  return (
    <div>
      <div className={s.header}>
        <Caption1>
          <Link href={base}>Environments</Link> /
        </Caption1>
        <Title2 as="h1">{name}</Title2>
        {curated ? (
          <Badge appearance="tint" color="brand">
            curated
          </Badge>
        ) : null}
        <CacheStatus cache={versions.data?.cache} />
        <span className={s.grow} />
        {curated ? (
          <Tooltip
            content="Start your own environment from this curated one's image and conda file"
            relationship="description"
          >
            <Button
              icon={<CopyRegular />}
              disabledFocusable={!latest || !allows(user.data?.role ?? null, "environment.write")}
              onClick={() =>
                latest &&
                setCreating({
                  asNew: true,
                  draft: {
                    image: latest.contents.fields.image,
                    condaFile: latest.contents.documents?.find((d) => d.name === "conda.yaml")?.text,
                  },
                })
              }
            >
              Create from this
            </Button>
          </Tooltip>
        ) : (
          <Tooltip
            content={canWrite ? "Starts from the latest version's image and conda file" : why}
            relationship="description"
          >
            <Button
              appearance="primary"
              icon={<AddRegular />}
              disabledFocusable={!canWrite || !versions.data}
              onClick={() =>
                setCreating({
                  draft: latest
                    ? {
                        image: latest.contents.fields.image,
                        condaFile: latest.contents.documents?.find((d) => d.name === "conda.yaml")?.text,
                        description: latest.description,
                        tags: latest.tags,
                      }
                    : undefined,
                })
              }
            >
              New version
            </Button>
          </Tooltip>
        )}
      </div>
      <ErrorBar error={versions.error} />
      {versions.isLoading ? <Spinner label="Loading versions…" /> : null}
      {versions.data ? (
        <VersionHistory
          kind="environment"
          assetName={name}
          versions={enriched}
          renderActions={(v) => (
            <div className={s.actions}>
              <Tooltip
                content={
                  !canWrite
                    ? why
                    : v.archived
                      ? "Archived versions cannot be edited; restore it first."
                      : "Edit description and tags"
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
                content={canWrite ? (v.archived ? "Show it in lists again" : "Hide it from lists") : why}
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
          renderDetail={(v) => <BuildPanel workspace={workspace} name={name} version={v.version} />}
        />
      ) : null}
      {creating ? (
        <CreateEnvironmentDialog
          workspace={workspace}
          name={creating.asNew ? undefined : name}
          nextVersion={creating.asNew ? "1" : nextVersionLabel(list)}
          draft={creating.draft}
          onClose={() => setCreating(null)}
          onCreated={(created, version) => {
            setCreating(null);
            if (created !== name)
              router.push(`${base}/${encodeURIComponent(created)}?version=${encodeURIComponent(version)}`);
            else setView({ version, compare: null, diffOnly: false }, { push: true });
          }}
        />
      ) : null}
      {editing ? (
        <EditVersionDialog
          version={editing}
          pending={update.isPending}
          error={update.error}
          onClose={() => {
            setEditing(null);
            update.reset();
          }}
          onSave={async (b) => {
            await update
              .mutateAsync({ name, version: editing.version, body: { description: b.description, tags: b.tags } })
              .then(
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
          : "Archived versions are hidden from lists and cannot be edited until restored."}
      </ConfirmDialog>
    </div>
  );
}
