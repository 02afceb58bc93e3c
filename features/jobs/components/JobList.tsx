"use client";
import React, { useCallback, useMemo, useRef, useState } from "react";
import Link from "next/link";
import {
  Button,
  Caption1,
  Dropdown,
  Option,
  SearchBox,
  Spinner,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DataUsageRegular } from "@fluentui/react-icons/svg/data-usage";
import { useVirtualizer } from "@tanstack/react-virtual";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { durationMs, formatDuration, jobTypeChoices, type JobSummary } from "../model";
import { CacheStatus } from "@/components/common/CacheStatus";
import { ErrorBar } from "@/components/common/ErrorBar";
import { formatWhen } from "@/components/versions";
import { useJobs } from "../hooks";
import { JobStatusChip } from "./JobStatusBadge";
import { CreateJobDialog } from "./CreateJobDialog";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { allows } from "@/lib/domain/roles";
import { MAX_COMPARED, MIN_COMPARED } from "../compare";

const ROW_HEIGHT = 40;
const COLUMNS =
  "28px minmax(110px, 0.8fr) minmax(200px, 2fr) 90px minmax(120px, 1fr) minmax(110px, 1fr) 90px minmax(140px, 1fr) 170px";

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  toolbar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    margin: `${tokens.spacingVerticalM} 0`,
    flexWrap: "wrap",
  },
  grid: {
    display: "grid",
    gridTemplateColumns: COLUMNS,
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  head: {
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    height: "36px",
  },
  scroller: {
    height: "calc(100vh - 260px)",
    minHeight: "300px",
    overflow: "auto",
    contain: "strict",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  // Rows are plain elements with classes (a native checkbox, a status chip), each laid out on its own (contain): a
  // fast scroll mounts ~30 new rows per frame, and Fluent's Checkbox and Badge cost most of that.
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    boxSizing: "border-box",
    contain: "strict",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  check: { width: "16px", height: "16px", margin: 0, accentColor: tokens.colorCompoundBrandBackground },
  cell: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  link: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold, textDecoration: "none" },
});

const STATUSES = ["All", "Running", "Queued", "Preparing", "Completed", "Failed", "Canceled", "NotStarted"];

/** Every job of the workspace: filters and search in the browser, only the rows on screen in the DOM. */
export function JobList({ workspace }: { workspace: WorkspaceRef }) {
  const s = useStyles();
  const jobs = useJobs(workspace);
  const [status, setStatus] = useState("All");
  const [type, setType] = useState("All");
  const [search, setSearch] = useState("");
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (jobs.data?.data ?? []).filter(
      (j) =>
        (status === "All" || j.status === status) &&
        (type === "All" || j.jobType === type) &&
        (!q ||
          [j.name, j.displayName, j.experimentName, j.createdBy, j.computeName].some((v) =>
            v?.toLowerCase().includes(q),
          )),
    );
  }, [jobs.data, status, type, search]);
  const types = useMemo(() => ["All", ...jobTypeChoices(jobs.data?.data ?? [])], [jobs.data]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const total = jobs.data?.data.length ?? 0;
  const user = useCurrentUser();
  const canWrite = user.data ? allows(user.data.role, "job.write") : false;
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = useCallback(
    (name: string, on: boolean) =>
      setSelected((cur) => (on ? (cur.includes(name) ? cur : [...cur, name]) : cur.filter((n) => n !== name))),
    [],
  );
  const canCompare = selected.length >= MIN_COMPARED && selected.length <= MAX_COMPARED;

  return (
    <section>
      <div className={s.header}>
        <Title2 as="h1">Jobs</Title2>
        {jobs.data ? <CacheStatus cache={jobs.data.cache} /> : null}
        <CreateJobDialog workspace={workspace} disabled={!canWrite} />
      </div>
      <div className={s.toolbar}>
        <SearchBox
          placeholder="Search name, experiment, compute, user"
          value={search}
          onChange={(_, d) => setSearch(d.value)}
          aria-label="Search jobs"
        />
        <Dropdown
          aria-label="Status"
          value={status === "All" ? "Any status" : status}
          selectedOptions={[status]}
          onOptionSelect={(_, d) => setStatus(d.optionValue ?? "All")}
        >
          {STATUSES.map((v) => (
            <Option key={v} value={v}>
              {v === "All" ? "Any status" : v}
            </Option>
          ))}
        </Dropdown>
        <Dropdown
          aria-label="Type"
          value={type === "All" ? "Any type" : type}
          selectedOptions={[type]}
          onOptionSelect={(_, d) => setType(d.optionValue ?? "All")}
        >
          {types.map((v) => (
            <Option key={v} value={v}>
              {v === "All" ? "Any type" : v}
            </Option>
          ))}
        </Dropdown>
        <Button
          as="a"
          icon={<DataUsageRegular />}
          disabled={!canCompare}
          href={
            canCompare
              ? `${studioPath(workspace)}/jobs/compare?jobs=${selected.map(encodeURIComponent).join(",")}`
              : undefined
          }
          title={`Select ${MIN_COMPARED} to ${MAX_COMPARED} jobs to compare them`}
        >
          Compare{selected.length ? ` (${selected.length})` : ""}
        </Button>
        <Caption1 aria-live="polite" data-testid="job-count">
          {rows.length === total ? `${total} jobs` : `${rows.length} of ${total} jobs`}
        </Caption1>
      </div>
      <ErrorBar error={jobs.error} />
      {jobs.isLoading ? <Spinner label="Loading jobs…" /> : null}
      <div role="table" aria-label="Jobs" aria-rowcount={rows.length + 1}>
        <div role="row" className={`${s.grid} ${s.head}`}>
          <span role="columnheader">
            <span className="visually-hidden">Select</span>
          </span>
          {["Status", "Name", "Type", "Experiment", "Compute", "Duration", "Submitted by", "Submitted"].map((h) => (
            <span role="columnheader" key={h}>
              {h}
            </span>
          ))}
        </div>
        <div ref={scroller} className={s.scroller} data-testid="job-scroller">
          <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
            {virtual.getVirtualItems().map((v) => (
              <JobRow
                key={rows[v.index].name}
                job={rows[v.index]}
                workspace={workspace}
                top={v.start}
                index={v.index}
                selected={selected.includes(rows[v.index].name)}
                selectable={selected.length < MAX_COMPARED}
                onSelect={toggle}
              />
            ))}
          </div>
        </div>
      </div>
      {jobs.data && total === 0 ? (
        <Caption1>No jobs yet: create a command job here or submit a pipeline from the designer.</Caption1>
      ) : null}
    </section>
  );
}

const JobRow = React.memo(function JobRow({
  job,
  workspace,
  top,
  index,
  selected,
  selectable,
  onSelect,
}: {
  job: JobSummary;
  workspace: WorkspaceRef;
  top: number;
  index: number;
  selected: boolean;
  selectable: boolean;
  onSelect: (name: string, on: boolean) => void;
}) {
  const s = useStyles();
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`${s.grid} ${s.row}`}
      style={{ transform: `translateY(${top}px)` }}
      data-job={job.name}
    >
      <span role="cell">
        <input
          type="checkbox"
          className={s.check}
          checked={selected}
          disabled={!selected && !selectable}
          onChange={(e) => onSelect(job.name, e.currentTarget.checked)}
          aria-label={`Select ${job.displayName ?? job.name} to compare`}
        />
      </span>
      <span role="cell">
        <JobStatusChip status={job.status} />
      </span>
      <span role="cell" className={s.cell}>
        <Link
          className={s.link}
          href={`${studioPath(workspace)}/jobs/${encodeURIComponent(job.name)}`}
          title={job.name}
        >
          {job.displayName ?? job.name}
        </Link>
      </span>
      <span role="cell" className={s.cell}>
        {job.jobType}
      </span>
      <span role="cell" className={s.cell}>
        {job.experimentName ?? "—"}
      </span>
      <span role="cell" className={s.cell}>
        {job.computeName ?? "—"}
      </span>
      <span role="cell" className={s.cell}>
        {formatDuration(durationMs(job.startedAt, job.endedAt))}
      </span>
      <span role="cell" className={s.cell}>
        {job.createdBy ?? "—"}
      </span>
      <span role="cell" className={s.cell}>
        {formatWhen(job.createdAt ?? undefined)}
      </span>
    </div>
  );
});
