"use client";
import React, { useCallback, useMemo, useState } from "react";
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
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { durationMs, formatDuration, jobTypeChoices, type JobSummary } from "../model";
import { CacheStatus } from "@/components/common/CacheStatus";
import { VirtualCell, VirtualTable, useVirtualRows, type VirtualColumn } from "@/components/common/VirtualTable";
import { ErrorBar } from "@/components/common/ErrorBar";
import { formatWhen } from "@/components/versions";
import { useJobs } from "../hooks";
import { JobStatusChip } from "./JobStatusBadge";
import { CreateJobDialog } from "./CreateJobDialog";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { allows } from "@/lib/domain/roles";
import { MAX_COMPARED, MIN_COMPARED } from "../compare";

const ROW_HEIGHT = 40;
// Their minimums fit a 1,280-pixel window beside the navigation; a narrower one scrolls the table sideways.
const COLUMNS: VirtualColumn[] = [
  { header: "Select", width: "28px", hidden: true },
  { header: "Status", width: "96px" },
  { header: "Name", width: "minmax(160px, 2fr)" },
  { header: "Type", width: "76px" },
  { header: "Experiment", width: "minmax(100px, 1fr)" },
  { header: "Compute", width: "minmax(90px, 1fr)" },
  { header: "Duration", width: "70px" },
  { header: "Submitted by", width: "minmax(110px, 1fr)" },
  { header: "Submitted", width: "140px" },
];

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  toolbar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    margin: `${tokens.spacingVerticalM} 0`,
    flexWrap: "wrap",
  },
  // A native checkbox, not Fluent's: a fast scroll mounts ~30 new rows per frame, and Fluent's Checkbox costs most.
  check: { width: "16px", height: "16px", margin: 0, accentColor: tokens.colorCompoundBrandBackground },
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
  const virtual = useVirtualRows(rows.length, ROW_HEIGHT);
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
          {rows.length === total ? "" : `${rows.length} of `}
          {total} {total === 1 ? "job" : "jobs"}
        </Caption1>
      </div>
      <ErrorBar error={jobs.error} />
      {jobs.isLoading ? <Spinner label="Loading jobs…" /> : null}
      <VirtualTable
        label="Jobs"
        columns={COLUMNS}
        rows={rows}
        virtual={virtual}
        rowKey={(job) => job.name}
        rowTestId={(job) => `job-row-${job.name}`}
        scrollerTestId="job-scroller"
        empty={
          !jobs.data
            ? null
            : total === 0
              ? "No jobs yet: create a command job here or submit a pipeline from the designer."
              : "No job matches the search and filters."
        }
        renderCells={(job) => (
          <JobCells
            job={job}
            workspace={workspace}
            selected={selected.includes(job.name)}
            selectable={selected.length < MAX_COMPARED}
            onSelect={toggle}
          />
        )}
      />
    </section>
  );
}

/** One job's cells; memoized, so a scroll re-renders only the rows it brings on screen. */
const JobCells = React.memo(function JobCells({
  job,
  workspace,
  selected,
  selectable,
  onSelect,
}: {
  job: JobSummary;
  workspace: WorkspaceRef;
  selected: boolean;
  selectable: boolean;
  onSelect: (name: string, on: boolean) => void;
}) {
  const s = useStyles();
  return (
    <>
      <VirtualCell>
        <input
          type="checkbox"
          className={s.check}
          checked={selected}
          disabled={!selected && !selectable}
          onChange={(e) => onSelect(job.name, e.currentTarget.checked)}
          aria-label={`Select ${job.displayName ?? job.name} to compare`}
        />
      </VirtualCell>
      <VirtualCell>
        <JobStatusChip status={job.status} />
      </VirtualCell>
      <VirtualCell>
        <Link
          className={s.link}
          href={`${studioPath(workspace)}/jobs/${encodeURIComponent(job.name)}`}
          title={job.name}
        >
          {job.displayName ?? job.name}
        </Link>
      </VirtualCell>
      <VirtualCell>{job.jobType}</VirtualCell>
      <VirtualCell>{job.experimentName ?? "—"}</VirtualCell>
      <VirtualCell>{job.computeName ?? "—"}</VirtualCell>
      <VirtualCell>{formatDuration(durationMs(job.startedAt, job.endedAt))}</VirtualCell>
      <VirtualCell>{job.createdBy ?? "—"}</VirtualCell>
      <VirtualCell>{formatWhen(job.createdAt ?? undefined)}</VirtualCell>
    </>
  );
});
