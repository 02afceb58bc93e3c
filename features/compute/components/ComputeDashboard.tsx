"use client";
import React, { useMemo, useState } from "react";
import {
  Button,
  Caption1,
  Dropdown,
  Option,
  SearchBox,
  Spinner,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { ArrowAutofitHeightRegular } from "@fluentui/react-icons/svg/arrow-autofit-height";
import { ArrowClockwiseRegular } from "@fluentui/react-icons/svg/arrow-clockwise";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import { PlayRegular } from "@fluentui/react-icons/svg/play";
import { StopRegular } from "@fluentui/react-icons/svg/stop";
import { useSearchParams } from "next/navigation";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { ATTACHED_CATEGORY_CAPTION } from "@/lib/domain/attached-compute";
import { detachesOnDelete, type ComputeCategory, type ComputeSummary } from "../model";
import { allows } from "@/lib/domain/roles";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { ApiClientError } from "@/lib/client/api";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { useComputeAction, useComputes, useDeleteCompute, useUsage } from "../hooks";
import { ComputeStateBadge } from "./ComputeStateBadge";
import dynamic from "next/dynamic";
import { UsageChart } from "./UsageChart";

// What the page does not show at first comes after it (issue 14: first-load JavaScript): the create dialog (its
// forms, YAML and cron parsing), the detail drawer and the scale dialog. Until the create dialog's code is here,
// its button is shown disabled in place.
const CreateComputeDialog = dynamic(() => import("./CreateComputeDialog").then((m) => m.CreateComputeDialog), {
  ssr: false,
  loading: () => (
    <Button appearance="primary" icon={<AddRegular />} disabled>
      New compute
    </Button>
  ),
});
const ComputeDetail = dynamic(() => import("./ComputeDetail").then((m) => m.ComputeDetail), { ssr: false });
const ScaleDialog = dynamic(() => import("./ScaleDialog").then((m) => m.ScaleDialog), { ssr: false });

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  toolbar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    margin: `${tokens.spacingVerticalM} 0`,
    flexWrap: "wrap",
  },
  layout: { display: "grid", gridTemplateColumns: "minmax(0, 1fr)", gap: tokens.spacingVerticalXL },
  nameButton: { fontWeight: tokens.fontWeightSemibold, minWidth: 0, padding: 0, justifyContent: "flex-start" },
  actions: { display: "flex", gap: "2px" },
  sortable: { cursor: "pointer", userSelect: "none" },
});

type SortKey = "name" | "typeLabel" | "state" | "vmSize" | "createdOn" | "createdBy";
/** Attached computes (and every Kubernetes compute: an attached cluster) are detached, never deleted. */
const isDetached = detachesOnDelete;

type Pending = { compute: ComputeSummary; action: "start" | "stop" | "restart" | "delete" } | null;
const CATEGORIES: { value: "all" | ComputeCategory; label: string }[] = [
  { value: "all", label: "All" },
  { value: "instance", label: "Instances" },
  { value: "cluster", label: "Clusters" },
  { value: "inference", label: "Inference" },
  { value: "attached", label: "Attached" },
];

export function ComputeDashboard({
  workspace,
  upstream = "azure",
}: {
  workspace: WorkspaceRef;
  /** The embedded default ("local") says what its attached computes stand in for. */
  upstream?: "local" | "azure";
}) {
  const s = useStyles();
  const searchParams = useSearchParams();
  const computes = useComputes(workspace);
  const usage = useUsage(workspace);
  const user = useCurrentUser();
  const canWrite = allows(user.data?.role ?? null, "compute.write");
  const readOnlyReason = user.data ? `Your role (${user.data.role}) can read computes but not change them.` : "";
  const action = useComputeAction(workspace);
  const del = useDeleteCompute(workspace);

  const [query, setQuery] = useState("");
  const [category, setCategory] = useState<"all" | ComputeCategory>("all");
  const [stateFilter, setStateFilter] = useState<string>("all");
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "name", dir: 1 });
  // `?name=` opens a compute's panel (the command palette links to one that way).
  const [selected, setSelected] = useState<string | null>(() => searchParams.get("name"));
  const [scaling, setScaling] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const all = useMemo(() => computes.data?.data ?? [], [computes.data]);
  const states = useMemo(() => [...new Set(all.map((c) => c.state))].sort(), [all]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return all
      .filter((c) => category === "all" || c.category === category)
      .filter((c) => stateFilter === "all" || c.state === stateFilter)
      .filter(
        (c) =>
          !q ||
          c.name.toLowerCase().includes(q) ||
          (c.vmSize ?? "").toLowerCase().includes(q) ||
          (c.createdBy ?? "").toLowerCase().includes(q),
      )
      .sort((a, b) => sort.dir * String(a[sort.key] ?? "").localeCompare(String(b[sort.key] ?? "")));
  }, [all, query, category, stateFilter, sort]);
  const byName = (name: string | null) => (name ? (all.find((c) => c.name === name) ?? null) : null);

  const header = (key: SortKey, label: string) => (
    <TableHeaderCell
      className={s.sortable}
      sortDirection={sort.key === key ? (sort.dir === 1 ? "ascending" : "descending") : undefined}
      onClick={() => setSort((cur) => ({ key, dir: cur.key === key ? (cur.dir === 1 ? -1 : 1) : 1 }))}
    >
      {label}
    </TableHeaderCell>
  );

  const jobsRunning = del.error instanceof ApiClientError && del.error.code === "JobsRunning";

  const runPending = () => {
    if (!pending) return;
    const { compute, action: a } = pending;
    const done = { onSuccess: () => setPending(null) };
    // After a 409 naming the jobs that run on it, confirming again cancels them and deletes.
    if (a === "delete") del.mutate({ name: compute.name, force: jobsRunning }, done);
    else action.mutate({ name: compute.name, action: a }, done);
  };

  const actionButton = (
    c: ComputeSummary,
    a: "start" | "stop" | "restart" | "delete",
    icon: React.ReactElement,
    label: string,
    enabled: boolean,
  ) => (
    <Tooltip content={canWrite ? label : readOnlyReason} relationship="label">
      <Button
        size="small"
        appearance="subtle"
        icon={icon}
        disabled={!canWrite || !enabled}
        data-testid={`${a}-${c.name}`}
        onClick={() => {
          // A refusal of an earlier delete must not turn this one into a forced one.
          action.reset();
          del.reset();
          setPending({ compute: c, action: a });
        }}
      />
    </Tooltip>
  );

  return (
    <section className={s.layout}>
      <div>
        <div className={s.header}>
          <Title2 as="h1">Compute</Title2>
          <CacheStatus cache={computes.data?.cache} />
          <div className={s.grow} />
          <CreateComputeDialog
            workspace={workspace}
            disabled={!canWrite}
            triggerHint={
              canWrite ? "Create a compute instance or cluster, or attach a Kubernetes cluster or a VM" : readOnlyReason
            }
          />
        </div>
        <div className={s.toolbar}>
          <TabList
            selectedValue={category}
            onTabSelect={(_, d) => setCategory(d.value as typeof category)}
            aria-label="Compute type"
          >
            {CATEGORIES.map((c) => (
              <Tab key={c.value} value={c.value}>
                {c.label} ({c.value === "all" ? all.length : all.filter((x) => x.category === c.value).length})
              </Tab>
            ))}
          </TabList>
          <SearchBox
            placeholder="Search name, VM size, creator"
            value={query}
            onChange={(_, d) => setQuery(d.value)}
            aria-label="Search computes"
          />
          <Dropdown
            aria-label="Filter by state"
            value={stateFilter === "all" ? "Any state" : stateFilter}
            selectedOptions={[stateFilter]}
            onOptionSelect={(_, d) => setStateFilter(d.optionValue ?? "all")}
          >
            <Option value="all">Any state</Option>
            {states.map((st) => (
              <Option key={st} value={st}>
                {st}
              </Option>
            ))}
          </Dropdown>
        </div>
        {upstream === "local" && (category === "attached" || category === "inference") && (
          <Caption1 as="p" block data-testid="attached-stand-in">
            {ATTACHED_CATEGORY_CAPTION}
          </Caption1>
        )}
        {computes.isLoading && <Spinner label="Loading computes…" />}
        <ErrorBar error={computes.error} />
        {computes.data && (
          <Table aria-label="Computes" size="small" sortable style={{ tableLayout: "auto" }}>
            <TableHeader>
              <TableRow>
                {header("name", "Name")}
                {header("typeLabel", "Type")}
                {header("state", "State")}
                {header("vmSize", "VM size")}
                <TableHeaderCell>Nodes</TableHeaderCell>
                {header("createdBy", "Created by")}
                {header("createdOn", "Created on")}
                <TableHeaderCell>Last operation</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((c) => (
                <TableRow key={c.name} data-testid={`compute-row-${c.name}`}>
                  <TableCell>
                    <Button appearance="transparent" className={s.nameButton} onClick={() => setSelected(c.name)}>
                      {c.name}
                    </Button>
                  </TableCell>
                  <TableCell>{c.typeLabel}</TableCell>
                  <TableCell>
                    <ComputeStateBadge compute={c} />
                    {c.errors.length > 0 && (
                      <Caption1 title={c.errors.map((e) => e.message).join("\n")}> ⚠ {c.errors[0].code}</Caption1>
                    )}
                  </TableCell>
                  <TableCell>{c.vmSize ?? "—"}</TableCell>
                  <TableCell>
                    {c.nodes ? (
                      <span title={`${c.nodes.idle} idle, ${c.nodes.busy} busy, ${c.nodes.preparing} preparing`}>
                        {c.nodes.current} → {c.nodes.target}{" "}
                        <Caption1>
                          ({c.nodes.min}–{c.nodes.max}; {c.nodes.idle} idle, {c.nodes.busy} busy, {c.nodes.preparing}{" "}
                          preparing)
                        </Caption1>
                      </span>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell>{c.createdBy ?? "—"}</TableCell>
                  <TableCell>{c.createdOn ? new Date(c.createdOn).toLocaleDateString() : "—"}</TableCell>
                  <TableCell>
                    {c.lastOperation ? `${c.lastOperation.name} · ${c.lastOperation.status ?? ""}` : "—"}
                  </TableCell>
                  <TableCell>
                    <div className={s.actions}>
                      {c.category === "instance" && (
                        <>
                          {actionButton(c, "start", <PlayRegular />, "Start", c.state === "Stopped")}
                          {actionButton(c, "stop", <StopRegular />, "Stop", c.state === "Running")}
                          {actionButton(c, "restart", <ArrowClockwiseRegular />, "Restart", c.state === "Running")}
                        </>
                      )}
                      {c.category === "cluster" && (
                        <Tooltip content={canWrite ? "Scale settings" : readOnlyReason} relationship="label">
                          <Button
                            size="small"
                            appearance="subtle"
                            icon={<ArrowAutofitHeightRegular />}
                            disabled={!canWrite || c.provisioningState !== "Succeeded"}
                            data-testid={`scale-${c.name}`}
                            onClick={() => setScaling(c.name)}
                          />
                        </Tooltip>
                      )}
                      {actionButton(
                        c,
                        "delete",
                        <DeleteRegular />,
                        isDetached(c) ? "Detach" : "Delete",
                        !["Deleting", "Creating"].includes(c.state),
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {computes.data && rows.length === 0 && (
          <Caption1 as="p" block>
            No computes match these filters.
          </Caption1>
        )}
      </div>
      {usage.data && <UsageChart families={usage.data.data} />}
      <ErrorBar error={usage.error} title="Usage could not be loaded" />

      {selected && (
        <ComputeDetail
          workspace={workspace}
          summary={byName(selected)}
          onClose={() => setSelected(null)}
          canWrite={canWrite}
          upstream={upstream}
        />
      )}
      {scaling && <ScaleDialog workspace={workspace} compute={byName(scaling)} onClose={() => setScaling(null)} />}
      <ConfirmDialog
        open={!!pending}
        title={
          pending
            ? `${pending.action === "delete" ? (isDetached(pending.compute) ? "Detach" : "Delete") : pending.action[0].toUpperCase() + pending.action.slice(1)} ${pending.compute.name}?`
            : ""
        }
        confirmLabel={
          pending
            ? pending.action === "delete"
              ? jobsRunning
                ? `Cancel the jobs and ${isDetached(pending.compute) ? "detach" : "delete"}`
                : isDetached(pending.compute)
                  ? "Detach"
                  : "Delete"
              : pending.action[0].toUpperCase() + pending.action.slice(1)
            : ""
        }
        danger={pending?.action === "delete"}
        pending={action.isPending || del.isPending}
        error={action.error ?? del.error}
        onConfirm={runPending}
        onCancel={() => setPending(null)}
      >
        {pending?.action === "delete" && (
          <p>
            {isDetached(pending.compute)
              ? "The compute is detached from the workspace; the resource itself is kept."
              : "The compute and its disks are deleted. Running work on it stops."}
          </p>
        )}
        {pending?.action === "stop" && (
          <p>Running notebooks and terminals on {pending.compute.name} stop. Its disk is kept.</p>
        )}
        {pending?.action === "restart" && <p>{pending.compute.name} restarts; running sessions are interrupted.</p>}
        {pending?.action === "start" && <p>{pending.compute.name} starts and is billed while it runs.</p>}
      </ConfirmDialog>
    </section>
  );
}
