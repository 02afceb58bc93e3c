"use client";
import { useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { Button, Caption1, Spinner, Subtitle2, Tooltip, makeStyles } from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { STAGES } from "@/lib/domain/models";
import { allows } from "@/lib/domain/roles";
import { nextVersionLabel, sortVersionsNewestFirst, type VersionHistorySeed } from "@/lib/domain/versions";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { ErrorBar } from "@/components/common/ErrorBar";
import { AssetDetailFrame, type NodePanel } from "@/components/assets/AssetDetailFrame";
import { formatBytes, useVersionViewState } from "@/components/versions";
import { modelDownloadUrl, useModelFiles, useModelMlflow, useModelVersions, useUpdateModelVersion } from "../hooks";
import type { UpdateModelVersionBody } from "../server/models";

// Opened by its button only: its form (uploads, switches, text areas) comes after the page.
// Shown for an MLflow version once its MLmodel is asked for: its signature tables come with it.
const MlflowPanel = dynamic(() => import("./MlflowPanel").then((m) => m.MlflowPanel), {
  ssr: false,
  loading: () => <Spinner size="tiny" label="Loading the MLflow model…" />,
});
const RegisterModelDialog = dynamic(() => import("./RegisterModelDialog").then((m) => m.RegisterModelDialog), {
  ssr: false,
});

const useStyles = makeStyles({
  files: { display: "flex", flexDirection: "column", gap: "2px" },
});

/**
 * One model: its version history (timeline, comparison, metric trend) and what can be done with a version;
 * `lineage` (composed by the page) adds a Lineage tab.
 */
export function ModelDetail({
  workspace,
  name,
  lineage: Lineage,
  seed,
}: {
  workspace: WorkspaceRef;
  name: string;
  lineage?: NodePanel;
  /** The first page (and the versions the link names) the page rendered on the server with. */
  seed?: VersionHistorySeed | null;
}) {
  const s = useStyles();
  const versions = useModelVersions(workspace, name, seed);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "model.write");
  const readOnly = user.data ? `Your role (${user.data.role}) can read models but not change them.` : "";
  const update = useUpdateModelVersion(workspace);
  const { state, update: setView } = useVersionViewState();
  const [registering, setRegistering] = useState(false);

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
  const access = { canWrite, reason: readOnly };

  return (
    <>
      <AssetDetailFrame
        kind="model"
        name={name}
        versions={versions}
        shown={enriched}
        access={access}
        header={{
          list: { href: `${studioPath(workspace)}/models`, label: "Models" },
          latestVersion: list[0]?.version,
          actions: (
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
          ),
        }}
        patch={{
          run: (version, body) => update.mutateAsync({ name, version, body: body as UpdateModelVersionBody }),
          pending: update.isPending,
          error: update.error,
          reset: update.reset,
        }}
        stages={STAGES}
        lineage={Lineage ? (v) => <Lineage workspace={workspace} node={`model:${name}:${v}`} /> : undefined}
        showMetricTrend
        archiveNote="Archived versions are hidden from lists and cannot be edited until restored. Their files stay."
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
    </>
  );
}
