"use client";
import { useMemo, useState } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  Badge,
  Button,
  Caption1,
  SearchBox,
  Spinner,
  Switch,
  Tab,
  TabList,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { VirtualCell, VirtualTable, useVirtualRows, type VirtualColumn } from "@/components/common/VirtualTable";
import { formatWhen } from "@/components/versions";
import { useEnvironments } from "../hooks";
import type { EnvironmentSummary } from "../model";
import type { ListSeed } from "@/lib/domain/cache-meta";
import { usePageSeed } from "@/lib/client/page-seed";
import type { PageSeed } from "@/lib/domain/page-seed";

// Opened by its button only: its conda editor (CodeMirror) and Dockerfile fields come after the page.
const CreateEnvironmentDialog = dynamic(
  () => import("./CreateEnvironmentDialog").then((m) => m.CreateEnvironmentDialog),
  { ssr: false },
);

const COLUMNS: VirtualColumn[] = [
  { header: "Name", width: "minmax(200px, 2fr)" },
  { header: "Latest version", width: "110px" },
  { header: "Description", width: "minmax(200px, 3fr)" },
  { header: "Tags", width: "minmax(160px, 2fr)" },
  { header: "Modified", width: "170px" },
];

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  grow: { flexGrow: 1 },
  toolbar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    margin: `${tokens.spacingVerticalM} 0`,
    flexWrap: "wrap",
  },
});

/** Custom and curated environments, shown apart. */
export function EnvironmentList({
  workspace,
  initial,
}: {
  workspace: WorkspaceRef;
  /** The first active environments, read on the server so the first rows are in the HTML. */
  initial?: PageSeed<ListSeed<EnvironmentSummary>> | null;
}) {
  const s = useStyles();
  const router = useRouter();
  const [archived, setArchived] = useState(false);
  const seed = usePageSeed(initial);
  const envs = useEnvironments(workspace, archived ? "include" : "exclude", archived ? null : seed);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "environment.write");
  const [tab, setTab] = useState<"custom" | "curated">("custom");
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const all = useMemo(() => envs.data?.data ?? [], [envs.data]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all.filter(
      (e) =>
        e.curated === (tab === "curated") &&
        (!q ||
          e.name.toLowerCase().includes(q) ||
          e.description.toLowerCase().includes(q) ||
          Object.keys(e.tags).some((k) => k.toLowerCase().includes(q))),
    );
  }, [all, tab, query]);
  const virtual = useVirtualRows(rows.length);
  const base = `${studioPath(workspace)}/environments`;
  const counted = (n: number) => (envs.isPlaceholderData ? "" : ` (${n})`);
  return (
    <div>
      <div className={s.header}>
        <Title2 as="h1">Environments</Title2>
        <CacheStatus cache={envs.data?.cache} />
        <span className={s.grow} />
        <Tooltip
          content={
            canWrite
              ? "From a docker image, an image plus a conda file, a build context or a CLI YAML"
              : `Your role (${user.data?.role ?? "…"}) can read environments but not create them.`
          }
          relationship="description"
        >
          <Button
            appearance="primary"
            icon={<AddRegular />}
            disabledFocusable={!canWrite}
            onClick={() => setCreating(true)}
          >
            Create environment
          </Button>
        </Tooltip>
      </div>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as "custom" | "curated")}>
        {/* Counted once the whole list is here, not from the page's first rows. */}
        <Tab value="custom">Custom environments{counted(all.filter((e) => !e.curated).length)}</Tab>
        <Tab value="curated">Curated environments{counted(all.filter((e) => e.curated).length)}</Tab>
      </TabList>
      <div className={s.toolbar}>
        <SearchBox
          placeholder="Search environments"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          aria-label="Search environments"
        />
        <Switch label="Include archived" checked={archived} onChange={(_, d) => setArchived(d.checked)} />
        {tab === "curated" ? (
          <Caption1>Curated environments are maintained by Azure Machine Learning and are read-only.</Caption1>
        ) : null}
      </div>
      <ErrorBar error={envs.error} />
      {envs.isLoading ? <Spinner label="Loading environments…" /> : null}
      <VirtualTable
        label={tab === "curated" ? "Curated environments" : "Custom environments"}
        columns={COLUMNS}
        rows={rows}
        virtual={virtual}
        rowKey={(e) => e.name}
        empty={!envs.isLoading && !envs.isPlaceholderData ? "No environments match." : null}
        renderCells={(e) => (
          <>
            <VirtualCell>
              <Link prefetch={false} href={`${base}/${encodeURIComponent(e.name)}`}>
                {e.name}
              </Link>
              {e.archived ? (
                <Badge appearance="outline" color="subtle" style={{ marginLeft: 6 }}>
                  archived
                </Badge>
              ) : null}
            </VirtualCell>
            <VirtualCell>{e.latestVersion ?? "—"}</VirtualCell>
            <VirtualCell>
              <Caption1 title={e.description}>{e.description}</Caption1>
            </VirtualCell>
            <VirtualCell>
              {Object.entries(e.tags)
                .slice(0, 4)
                .map(([k, v]) => (
                  <Badge key={k} appearance="outline" size="small" style={{ marginRight: 4 }}>
                    {v ? `${k}: ${v}` : k}
                  </Badge>
                ))}
            </VirtualCell>
            <VirtualCell>
              {/* Rendered on the server first: its time zone may differ from the browser's. */}
              <Caption1 suppressHydrationWarning>{formatWhen(e.modifiedAt ?? undefined)}</Caption1>
            </VirtualCell>
          </>
        )}
      />
      {creating ? (
        <CreateEnvironmentDialog
          workspace={workspace}
          nextVersion="1"
          onClose={() => setCreating(false)}
          onCreated={(name, version) =>
            router.push(`${base}/${encodeURIComponent(name)}?version=${encodeURIComponent(version)}`)
          }
        />
      ) : null}
    </div>
  );
}
