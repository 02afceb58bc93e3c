"use client";
import { useState, type ComponentType, type ReactNode } from "react";
import { useSearchParams } from "next/navigation";
import dynamic from "next/dynamic";
import Link from "next/link";
import {
  Badge,
  Button,
  Caption1,
  Spinner,
  Tab,
  TabList,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArchiveRegular } from "@fluentui/react-icons/svg/archive";
import { ArrowUndoRegular } from "@fluentui/react-icons/svg/arrow-undo";
import { EditRegular } from "@fluentui/react-icons/svg/edit";
import type { CacheMeta } from "@/lib/client/api";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { sortVersionsNewestFirst, type AssetKind, type AssetVersion } from "@/lib/domain/versions";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ErrorBar } from "@/components/common/ErrorBar";
import { VersionHistory, useVersionViewState } from "@/components/versions";
import type { MoreVersions } from "./useVersionPages";

// Opened by a version's Edit button only: its form (tag editor, fields) comes after the page.
const EditVersionDialog = dynamic(
  () => import("@/components/versions/EditVersionDialog").then((m) => m.EditVersionDialog),
  {
    ssr: false,
  },
);

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

/**
 * A later feature's panel about one node of an asset or job page (the Lineage tab): the page in app/ passes it in,
 * so the asset features never import the feature that draws it. `node` is a lineage key (`model:<name>:<version>`).
 */
export type NodePanel = ComponentType<{ workspace: WorkspaceRef; node: string }>;

/** The page's tab, in the URL (`?tab=lineage`) so a link opens it; written with the History API like the version. */
export function usePageTab<T extends string>(tabs: readonly T[], fallback: T): [T, (t: T) => void] {
  const params = useSearchParams();
  const fromUrl = params.get("tab") as T | null;
  const [local, setLocal] = useState<T | null>(null);
  const tab = local ?? (fromUrl && tabs.includes(fromUrl) ? fromUrl : fallback);
  const set = (t: T) => {
    setLocal(t);
    const q = new URLSearchParams(window.location.search);
    if (t === fallback) q.delete("tab");
    else q.set("tab", t);
    const qs = q.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
  };
  return [tab, set];
}

/** What a version edit may change (the kernel's patch: lib/server/assets). */
export type VersionPatch = {
  description?: string;
  tags?: Record<string, string>;
  stage?: string | null;
  archived?: boolean;
};

/** A feature's patch mutation, as the frame drives it. */
export type PatchAction<B> = {
  run: (target: string, body: B) => Promise<unknown>;
  pending: boolean;
  error: unknown;
  reset: () => void;
};

/** Who may change the asset, and why not when they may not (shown on every disabled button). */
export type WriteAccess = { canWrite: boolean; reason: string };

/**
 * The head of every asset detail page: a link back to the list, the name, the kind's badges, the latest version,
 * where the data came from (cache status), the page's own buttons and, when the asset itself can be archived,
 * archive / restore.
 */
export function AssetHeader({
  name,
  list,
  badges,
  latestVersion,
  archived,
  cache,
  access,
  archive,
  actions,
  heading = "h1",
}: {
  name: string;
  list?: { href: string; label: string };
  badges?: ReactNode;
  latestVersion?: string | null;
  archived?: boolean;
  cache?: CacheMeta;
  access: WriteAccess;
  /** Archive or restore the whole asset (data assets, components); `noun` names it on the button ("asset"). */
  archive?: { noun: string; hint: { archive: string; restore: string }; pending: boolean; toggle: () => void };
  actions?: ReactNode;
  heading?: "h1" | "h2";
}) {
  const s = useStyles();
  return (
    <div className={s.header}>
      {list ? (
        <Caption1>
          <Link href={list.href}>{list.label}</Link> /
        </Caption1>
      ) : null}
      <Title2 as={heading}>{name}</Title2>
      {badges}
      {latestVersion ? <Badge appearance="outline">latest {latestVersion}</Badge> : null}
      {archived ? <Badge appearance="tint">archived</Badge> : null}
      <CacheStatus cache={cache} />
      <span className={s.grow} />
      {actions}
      {archive ? (
        <Tooltip
          content={access.canWrite ? (archived ? archive.hint.restore : archive.hint.archive) : access.reason}
          relationship="description"
        >
          <Button
            icon={archived ? <ArrowUndoRegular /> : <ArchiveRegular />}
            disabledFocusable={!access.canWrite || archive.pending}
            onClick={archive.toggle}
          >
            {`${archived ? "Restore" : "Archive"}${archive.noun ? ` ${archive.noun}` : ""}`}
          </Button>
        </Tooltip>
      ) : null}
    </div>
  );
}

/**
 * The version history of an asset with what can be done to a version: edit description, tags (key/value rows) and
 * stage, archive and restore (asked first), plus the kind's own buttons and detail. `patch` absent: read-only
 * history (component versions are changed by registering new ones).
 */
export function AssetVersions({
  kind,
  name,
  versions,
  access,
  patch,
  stages,
  showMetricTrend,
  archiveNote = "Archived versions are hidden from lists and cannot be edited until restored.",
  more,
  renderActions,
  renderDetail,
}: {
  kind: AssetKind;
  name: string;
  versions: AssetVersion[];
  /** A paged history: the rest loads as the timeline's last rows come on screen. */
  more?: MoreVersions;
  access: WriteAccess;
  patch?: PatchAction<VersionPatch>;
  stages?: readonly string[];
  showMetricTrend?: boolean;
  archiveNote?: string;
  renderActions?: (v: AssetVersion) => ReactNode;
  renderDetail?: (v: AssetVersion) => ReactNode;
}) {
  const s = useStyles();
  const [editing, setEditing] = useState<AssetVersion | null>(null);
  const [archiving, setArchiving] = useState<AssetVersion | null>(null);
  const done = (close: () => void) => (p: Promise<unknown>) => p.then(close, () => undefined);
  return (
    <>
      <VersionHistory
        kind={kind}
        assetName={name}
        versions={versions}
        showMetricTrend={showMetricTrend}
        more={more}
        renderDetail={renderDetail}
        renderActions={(v) => (
          <div className={s.actions}>
            {patch ? (
              <>
                <Tooltip
                  content={
                    !access.canWrite
                      ? access.reason
                      : v.archived
                        ? "Archived versions cannot be edited; restore it first."
                        : `Edit description${stages ? ", tags and stage" : " and tags"}`
                  }
                  relationship="description"
                >
                  <Button
                    icon={<EditRegular />}
                    disabledFocusable={!access.canWrite || v.archived}
                    onClick={() => setEditing(v)}
                  >
                    Edit
                  </Button>
                </Tooltip>
                <Tooltip
                  content={
                    access.canWrite
                      ? v.archived
                        ? "Show it in lists again"
                        : "Hide it from lists; it stays readable"
                      : access.reason
                  }
                  relationship="description"
                >
                  <Button
                    icon={v.archived ? <ArrowUndoRegular /> : <ArchiveRegular />}
                    disabledFocusable={!access.canWrite}
                    onClick={() => setArchiving(v)}
                  >
                    {v.archived ? "Restore" : "Archive"}
                  </Button>
                </Tooltip>
              </>
            ) : null}
            {renderActions?.(v)}
          </div>
        )}
      />
      {patch && editing ? (
        <EditVersionDialog
          version={editing}
          stages={stages}
          pending={patch.pending}
          error={patch.error}
          onClose={() => {
            setEditing(null);
            patch.reset();
          }}
          onSave={(b) => done(() => setEditing(null))(patch.run(editing.version, b))}
        />
      ) : null}
      {patch ? (
        <ConfirmDialog
          open={!!archiving}
          title={`${archiving?.archived ? "Restore" : "Archive"} version ${archiving?.version}?`}
          confirmLabel={archiving?.archived ? "Restore" : "Archive"}
          pending={patch.pending}
          error={patch.error}
          onCancel={() => {
            setArchiving(null);
            patch.reset();
          }}
          onConfirm={() =>
            archiving && done(() => setArchiving(null))(patch.run(archiving.version, { archived: !archiving.archived }))
          }
        >
          {archiving?.archived ? "The version shows in lists again and can be edited." : archiveNote}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/**
 * The one asset detail page frame (models, environments, data assets; components compose its two parts inside
 * their tabs): the header, every error of the page in one bar, and the version history with edit and archive.
 */
export function AssetDetailFrame({
  kind,
  name,
  header,
  versions,
  errors = [],
  lineage,
  ...history
}: {
  kind: AssetKind;
  name: string;
  header: Omit<Parameters<typeof AssetHeader>[0], "name" | "cache" | "access">;
  versions: {
    data?: { data: AssetVersion[]; cache?: CacheMeta };
    isLoading: boolean;
    error: unknown;
    more?: MoreVersions;
  };
  /** Other errors of the page (the asset's own query, asset-level mutations). */
  errors?: unknown[];
  /** The versions to show when the feature adds to them (files, documents fetched for the versions on screen). */
  shown?: AssetVersion[];
  /** A Lineage tab showing the selected version (`?version=`, else the newest); composed by the page in app/. */
  lineage?: (version: string) => ReactNode;
} & Omit<Parameters<typeof AssetVersions>[0], "kind" | "name" | "versions" | "more">) {
  const { shown, ...rest } = history;
  const error = [versions.error, ...errors].find(Boolean);
  const [tab, setTab] = usePageTab(["versions", "lineage"] as const, "versions");
  const { state } = useVersionViewState();
  const list = versions.data?.data ?? [];
  const selected =
    state.version && list.some((v) => v.version === state.version)
      ? state.version
      : sortVersionsNewestFirst(list)[0]?.version;
  return (
    <div>
      <AssetHeader name={name} cache={versions.data?.cache} access={rest.access} {...header} />
      <ErrorBar error={error} />
      {lineage ? (
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as "versions" | "lineage")}>
          <Tab value="versions">Versions</Tab>
          <Tab value="lineage">Lineage{selected && tab === "lineage" ? ` of version ${selected}` : ""}</Tab>
        </TabList>
      ) : null}
      {versions.isLoading ? <Spinner label="Loading versions…" /> : null}
      {lineage && tab === "lineage" ? (
        selected ? (
          lineage(selected)
        ) : null
      ) : versions.data ? (
        <AssetVersions kind={kind} name={name} versions={shown ?? versions.data.data} more={versions.more} {...rest} />
      ) : null}
    </div>
  );
}
