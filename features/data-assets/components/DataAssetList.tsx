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
  Spinner,
  Tab,
  TabList,
  Textarea,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DocumentArrowUpRegular } from "@fluentui/react-icons/svg/document-arrow-up";
import { useRouter } from "next/navigation";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { parseAzuremlUri } from "@/lib/domain/storage-names";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { VirtualCell, VirtualTable, useVirtualRows, type VirtualColumn } from "@/components/common/VirtualTable";
import { useDataAssets, useImportDataYaml } from "../hooks";
import type { DataAssetView } from "@/lib/domain/datastores";
import type { ListSeed } from "@/lib/domain/cache-meta";
import { usePageSeed } from "@/lib/client/page-seed";
import type { PageSeed } from "@/lib/domain/page-seed";

const COLUMNS: VirtualColumn[] = [
  { header: "Name", width: "minmax(180px, 2fr)" },
  { header: "Latest version", width: "110px" },
  { header: "Type", width: "90px" },
  { header: "Datastore path", width: "minmax(200px, 3fr)" },
  { header: "Created by", width: "minmax(120px, 1fr)" },
  { header: "Created on", width: "170px" },
];

const useStyles = makeStyles({
  header: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    flexWrap: "wrap",
    marginBottom: tokens.spacingVerticalM,
  },
  grow: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export function DataAssetList({
  workspace,
  initial,
}: {
  workspace: WorkspaceRef;
  /** The first active data assets, read on the server so the first rows are in the HTML. */
  initial?: PageSeed<ListSeed<DataAssetView>> | null;
}) {
  const s = useStyles();
  const [view, setView] = useState<"active" | "archived" | "all">("active");
  const seed = usePageSeed(initial);
  const list = useDataAssets(workspace, view, view === "active" ? seed : null);
  const rows = list.data?.data ?? [];
  const virtual = useVirtualRows(rows.length);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "data.write");
  const [importing, setImporting] = useState(false);
  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">Data assets</Title2>
        <CacheStatus cache={list.data?.cache} />
        <span className={s.grow} />
        <Tooltip
          content={
            canWrite
              ? "Import an Azure ML CLI v2 data YAML"
              : `Your role (${user.data?.role}) can read data assets but not create them.`
          }
          relationship="description"
        >
          <Button icon={<DocumentArrowUpRegular />} disabledFocusable={!canWrite} onClick={() => setImporting(true)}>
            Import YAML
          </Button>
        </Tooltip>
      </div>
      <Caption1 block>
        Create a version from a file or folder in the{" "}
        <Link href={`${studioPath(workspace)}/datastores`}>datastore browser</Link>.
      </Caption1>
      <TabList selectedValue={view} onTabSelect={(_, d) => setView(d.value as typeof view)}>
        <Tab value="active">Active</Tab>
        <Tab value="archived">Archived</Tab>
        <Tab value="all">All</Tab>
      </TabList>
      <ErrorBar error={list.error} title="Cannot list data assets" />
      {list.isLoading ? <Spinner label="Loading data assets…" /> : null}
      {list.data ? (
        <VirtualTable
          label="Data assets"
          columns={COLUMNS}
          rows={rows}
          virtual={virtual}
          rowKey={(a) => a.name}
          rowTestId={(a) => `data-row-${a.name}`}
          empty={`No ${view === "all" ? "" : `${view} `}data assets.`}
          renderCells={(a) => {
            const uri = a.latestUri ? parseAzuremlUri(a.latestUri) : null;
            return (
              <>
                <VirtualCell>
                  <Link href={`${studioPath(workspace)}/data/${encodeURIComponent(a.name)}`}>{a.name}</Link>{" "}
                  {a.archived ? <Badge appearance="tint">archived</Badge> : null}
                </VirtualCell>
                <VirtualCell>{a.latestVersion ?? "—"}</VirtualCell>
                <VirtualCell>{a.dataType}</VirtualCell>
                <VirtualCell className={s.mono}>
                  {uri ? (
                    <Link
                      title={`${uri.datastore}/${uri.path}`}
                      href={`${studioPath(workspace)}/datastores/${encodeURIComponent(uri.datastore)}?${new URLSearchParams(a.dataType === "uri_file" ? { path: uri.path.slice(0, Math.max(0, uri.path.lastIndexOf("/"))), file: uri.path } : { path: uri.path })}`}
                    >
                      {uri.datastore}/{uri.path}
                    </Link>
                  ) : (
                    (a.latestUri ?? "—")
                  )}
                </VirtualCell>
                <VirtualCell>{a.createdBy ?? "—"}</VirtualCell>
                {/* Rendered on the server first: its time zone may differ from the browser's. */}
                <VirtualCell suppressHydrationWarning>
                  {a.createdAt ? new Date(a.createdAt).toLocaleString() : "—"}
                </VirtualCell>
              </>
            );
          }}
        />
      ) : null}
      {importing ? <ImportYamlDialog workspace={workspace} onClose={() => setImporting(false)} /> : null}
    </div>
  );
}

const EXAMPLE = `$schema: https://azuremlschemas.azureedge.net/latest/data.schema.json
name: cloud-file-example
description: Data asset created from a file in a datastore.
type: uri_file
path: azureml://datastores/workspaceblobstore/paths/samples/titanic/titanic.csv
`;

function ImportYamlDialog({ workspace, onClose }: { workspace: WorkspaceRef; onClose: () => void }) {
  const router = useRouter();
  const [text, setText] = useState(EXAMPLE);
  const imp = useImportDataYaml(workspace);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Import data asset YAML</DialogTitle>
          <DialogContent>
            <Field
              label="Azure ML CLI v2 data YAML"
              hint="The path must already be in storage (azureml://, https://, wasbs:// or abfss://)."
            >
              <Textarea
                value={text}
                onChange={(_, d) => setText(d.value)}
                rows={10}
                style={{ fontFamily: "monospace" }}
              />
            </Field>
            <ErrorBar error={imp.error} title="Could not import" />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={imp.isPending || !text.trim()}
              onClick={() =>
                imp.mutate(text, {
                  onSuccess: (r) =>
                    router.push(
                      `${studioPath(workspace)}/data/${encodeURIComponent(r.data.name)}?version=${encodeURIComponent(r.data.version)}`,
                    ),
                })
              }
            >
              Import
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
