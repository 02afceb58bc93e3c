"use client";
import React, { lazy, useEffect, useReducer, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  Button,
  Caption1,
  Dropdown,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
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
import { ArrowClockwiseRegular } from "@fluentui/react-icons/svg/arrow-clockwise";
import { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
import { CopyRegular } from "@fluentui/react-icons/svg/copy";
import { DismissCircleRegular } from "@fluentui/react-icons/svg/dismiss-circle";
import { apiPath, studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { allows } from "@/lib/domain/roles";
import { datastoreLink, durationMs, formatDuration, isActive, isStudioJobType } from "../model";
import type { JobTimeline, StepTimeline } from "@/lib/domain/jobs/timeline";
import type { NodePanel } from "@/components/assets/AssetDetailFrame";
import { useCurrentUser } from "@/components/auth/useCurrentUser";
import { ErrorBar } from "@/components/common/ErrorBar";
import { TableToggle } from "@/components/common/TableToggle";
import { useJob, useJobAction, useJobGraph, useJobMetrics, type JobPageSeed } from "../hooks";
import type { JobDetail } from "../server/jobs";
import { JobStatusBadge } from "./JobStatusBadge";
import type { JobGraph as JobGraphComponent } from "./JobGraph";
import { useHydrated } from "@/lib/client/hydrated";
import { LogViewer } from "./LogViewer";
import { Gantt, MetricCharts } from "./JobCharts";
import { SweepTrials } from "./SweepTrials";
import { CreateJobDialog } from "./CreateJobDialog";
import { getAuthHeaders } from "@/lib/client/auth";

/** A job's own file without its name, so that submitting it makes a new job. */
async function resubmittableYaml(workspace: WorkspaceRef, name: string): Promise<string> {
  const res = await fetch(`${apiPath(workspace)}/jobs/${encodeURIComponent(name)}/yaml`, {
    headers: await getAuthHeaders(),
    credentials: "same-origin",
  });
  if (!res.ok) throw new Error(`The job's file could not be read (${res.status}).`);
  return (await res.text()).replace(/^name: .*\n/m, "");
}

// The graph's code (React Flow) is fetched when the Graph tab opens. Rendered on the server too: a link or reload
// straight to the Graph tab paints a big graph's first steps with the page's HTML (see JobGraph).
let loadedJobGraph: typeof JobGraphComponent | null = null;
const loadJobGraph = () => import("./JobGraph").then((m) => (loadedJobGraph = m.JobGraph));
// The server loads it with this module; a browser opening the Graph tab, before it hydrates the server's graph.
if (typeof window === "undefined" || new URLSearchParams(window.location.search).get("tab") === "graph")
  void loadJobGraph();
const LazyJobGraph = lazy(() => loadJobGraph().then((c) => ({ default: c })));

/**
 * The graph with no Suspense boundary of its own: React streams a large boundary's content apart from the page and
 * reveals it no sooner than 300 ms after the page's first paint (next/dynamic's boundary did, on every render),
 * which was most of a big graph's time to its first steps. While the code is not here yet, the server (its first
 * render) and the browser (hydrating the server's graph) wait for it; a graph opened later shows a spinner.
 */
function JobGraph(props: React.ComponentProps<typeof JobGraphComponent>) {
  const hydrated = useHydrated();
  const [, loaded] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!loadedJobGraph) void loadJobGraph().then(loaded);
  }, []);
  const Loaded = loadedJobGraph;
  if (Loaded) return <Loaded {...props} />;
  if (!hydrated) return <LazyJobGraph {...props} />;
  return <Spinner label="Loading the graph…" />;
}

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, marginLeft: "auto" },
  panel: { marginTop: tokens.spacingVerticalL },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
  split: { display: "grid", gridTemplateColumns: "minmax(0, 3fr) minmax(320px, 2fr)", gap: tokens.spacingHorizontalL },
  bar: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", marginBottom: tokens.spacingVerticalS },
});

type TabId =
  "overview" | "parameters" | "io" | "logs" | "metrics" | "trials" | "children" | "graph" | "profile" | "lineage";

/** One job; `lineage` (composed by the page) adds a Lineage tab. */
export function JobDetailPage({
  workspace,
  name,
  lineage: Lineage,
  initial,
}: {
  workspace: WorkspaceRef;
  name: string;
  lineage?: NodePanel;
  /** What the page rendered on the server with (null: the browser reads it). */
  initial?: JobPageSeed | null;
}) {
  const s = useStyles();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const job = useJob(workspace, name, initial?.job, initial?.partial);
  const user = useCurrentUser();
  const action = useJobAction(workspace, name);
  const [notice, setNotice] = useState<{ intent: "success" | "error"; text: string; href?: string } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const data = job.data?.data;
  const active = data ? isActive(data.job.status) : false;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);

  const isPipeline = data?.job.jobType === "Pipeline";
  const tab = (search.get("tab") as TabId | null) ?? "overview";
  // Sent for the graph's first paint, the job lacks its step definitions (these two tabs list their inputs) until
  // the browser has read it whole.
  const readingWhole = job.isPlaceholderData && (tab === "parameters" || tab === "io");
  // A link straight to the graph fetches it beside the job rather than after it (the graph tab asks for the same
  // query, so this costs no second request): a 1,000-step page draws its first steps one round trip sooner.
  useJobGraph(workspace, name, tab === "graph", initial?.graph);
  const step = search.get("step");
  const go = (next: { tab?: TabId; step?: string | null }) => {
    const q = new URLSearchParams(search.toString());
    if (next.tab) q.set("tab", next.tab);
    if (next.step) q.set("step", next.step);
    else if (next.step !== undefined) q.delete("step");
    // The History API, not router.replace: Next.js keeps useSearchParams in step with it, and a tab or a step is
    // only the client's view of data it already holds, where the router would render the page on the server again
    // (it reads the job, and a 1,000-step pipeline's graph, for every click).
    window.history.replaceState(null, "", `${pathname}?${q}`);
  };
  const canWrite = user.data ? allows(user.data.role, "job.write") : false;
  const why = canWrite ? undefined : "Your role can read jobs but not change them.";
  const run = (a: "cancel" | "rerun" | "clone") =>
    action.mutate(a, {
      onSuccess: (r) => {
        if (a === "rerun")
          setNotice({
            intent: "success",
            text: `Submitted ${r.data.name}.`,
            href: `${studioPath(workspace)}/jobs/${r.data.name}`,
          });
        else if (a === "clone") router.push(`${studioPath(workspace)}/designer?draft=${r.data.draftId}`);
        else setNotice({ intent: "success", text: "Cancel requested: running steps are being stopped." });
      },
      onError: (e) => setNotice({ intent: "error", text: (e as Error).message }),
    });

  if (job.isLoading) return <Spinner label="Loading job…" />;
  if (!data) return <ErrorBar error={job.error} title={`Job ${name} could not be read.`} />;
  const { job: j, timeline } = data;
  const steps = timeline?.steps ?? [];
  const tabs: [TabId, string][] = [
    ["overview", "Overview"],
    ["parameters", "Parameters"],
    ["io", "Inputs & outputs"],
    ["logs", "Logs"],
    ["metrics", "Metrics"],
    ...(j.jobType === "Sweep" ? ([["trials", `Trials (${steps.length})`]] as [TabId, string][]) : []),
    ...(isPipeline
      ? ([
          ["children", `Child jobs (${steps.length})`],
          ["graph", "Graph"],
          ["profile", "Profile"],
        ] as [TabId, string][])
      : []),
    ...(Lineage ? ([["lineage", "Lineage"]] as [TabId, string][]) : []),
  ];

  return (
    <section>
      <Caption1>
        <Link href={`${studioPath(workspace)}/jobs`}>Jobs</Link> / {name}
      </Caption1>
      <div className={s.header}>
        <Title2 as="h1">{j.displayName ?? j.name}</Title2>
        <JobStatusBadge status={j.status} />
        <div className={s.actions}>
          <Tooltip
            content={why ?? (active ? "Stop the job's running steps" : "The job has ended")}
            relationship="description"
          >
            <Button
              icon={<DismissCircleRegular />}
              disabled={!canWrite || !active || action.isPending}
              onClick={() => run("cancel")}
            >
              Cancel
            </Button>
          </Tooltip>
          <Tooltip
            content={
              why ??
              (isStudioJobType(j.jobType)
                ? "Submit a copy of this job"
                : `${j.jobType} jobs are read-only in the studio: rerun this one with az ml job create.`)
            }
            relationship="description"
          >
            <Button
              icon={<ArrowClockwiseRegular />}
              disabled={!canWrite || !isStudioJobType(j.jobType) || action.isPending}
              onClick={() => run("rerun")}
            >
              Rerun
            </Button>
          </Tooltip>
          {isPipeline ? (
            <Tooltip content={why ?? "Open a copy of this pipeline in the designer"} relationship="description">
              <Button icon={<CopyRegular />} disabled={!canWrite || action.isPending} onClick={() => run("clone")}>
                Clone into designer
              </Button>
            </Tooltip>
          ) : null}
          {data?.job.jobType === "Command" || data?.job.jobType === "Sweep" ? (
            <CreateJobDialog
              workspace={workspace}
              disabled={!canWrite}
              trigger="Edit and resubmit"
              initialYaml={() => resubmittableYaml(workspace, name)}
            />
          ) : null}
          {data?.job.jobType === "Command" || data?.job.jobType === "Sweep" ? (
            <Tooltip content="Download this job as a CLI v2 file for az ml job create -f" relationship="description">
              <Button
                as="a"
                href={`${apiPath(workspace)}/jobs/${encodeURIComponent(name)}/yaml`}
                download={`${name}.yml`}
                icon={<ArrowDownloadRegular />}
              >
                Export YAML
              </Button>
            </Tooltip>
          ) : null}
        </div>
      </div>
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>
            {notice.text} {notice.href ? <Link href={notice.href}>Open it</Link> : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <ErrorBar error={job.error} />
      <TabList selectedValue={tab} onTabSelect={(_, d) => go({ tab: d.value as TabId })}>
        {tabs.map(([id, label]) => (
          <Tab key={id} value={id}>
            {label}
          </Tab>
        ))}
      </TabList>
      <div className={s.panel}>
        {readingWhole ? <Spinner label="Reading the whole job…" /> : null}
        {tab === "overview" ? <Overview job={j} timeline={timeline} now={now} /> : null}
        {tab === "parameters" && !readingWhole ? <Parameters job={j} /> : null}
        {tab === "io" && !readingWhole ? <InputsOutputs workspace={workspace} job={j} steps={steps} /> : null}
        {tab === "logs" ? (
          <Logs workspace={workspace} job={j} steps={steps} step={step} onStep={(st) => go({ step: st })} />
        ) : null}
        {tab === "metrics" ? (
          <Metrics
            workspace={workspace}
            job={j}
            steps={steps}
            step={step}
            onStep={(st) => go({ step: st })}
            active={active}
          />
        ) : null}
        {tab === "trials" ? (
          <SweepTrials job={j} timeline={timeline} now={now} onOpen={(t) => go({ tab: "logs", step: t })} />
        ) : null}
        {tab === "children" ? (
          <Children steps={steps} now={now} onOpen={(st) => go({ tab: "logs", step: st })} />
        ) : null}
        {tab === "graph" ? (
          <GraphTab
            workspace={workspace}
            job={j}
            steps={steps}
            step={step}
            now={now}
            onStep={(st) => go({ step: st })}
          />
        ) : null}
        {tab === "lineage" && Lineage ? <Lineage workspace={workspace} node={`job:${name}`} /> : null}
        {tab === "profile" ? <Gantt steps={steps} now={now} onSelect={(st) => go({ tab: "logs", step: st })} /> : null}
      </div>
    </section>
  );
}

function Overview({ job, timeline, now }: { job: JobDetail; timeline: JobTimeline | null; now: number }) {
  const s = useStyles();
  const facts: [string, React.ReactNode][] = [
    ["Name", job.name],
    ["Type", job.jobType],
    ["Status", <JobStatusBadge key="s" status={job.status} />],
    ["Experiment", job.experimentName ?? "—"],
    ["Compute", job.computeName ?? "—"],
    ["Submitted by", job.createdBy ?? "—"],
    ["Submitted", job.createdAt ? new Date(job.createdAt).toLocaleString() : "—"],
    ["Started", job.startedAt ? new Date(job.startedAt).toLocaleString() : "—"],
    ["Ended", job.endedAt ? new Date(job.endedAt).toLocaleString() : "—"],
    ["Duration", formatDuration(durationMs(job.startedAt, job.endedAt, now))],
    ["Description", job.description ?? "—"],
  ];
  return (
    <div>
      <div className={s.facts}>
        {facts.map(([k, v]) => (
          <React.Fragment key={k}>
            <Caption1>{k}</Caption1>
            <span>{v}</span>
          </React.Fragment>
        ))}
      </div>
      {job.error || timeline?.error ? (
        <MessageBar intent="error" style={{ marginTop: 12 }}>
          <MessageBarBody>{timeline?.error ?? job.error}</MessageBarBody>
        </MessageBar>
      ) : null}
      {timeline ? (
        <>
          <Subtitle2 as="h2" block style={{ marginTop: 16 }}>
            Status history
          </Subtitle2>
          <ol data-testid="status-history">
            {timeline.history.map((h, i) => (
              <li key={i}>
                {h.status} — {new Date(h.at).toLocaleTimeString()}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <Caption1>
          The step timeline is kept by the local workspace service; Azure ML's ARM API does not return one.
        </Caption1>
      )}
    </div>
  );
}

function Parameters({ job }: { job: JobDetail }) {
  const p = job.properties;
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries((p.inputs ?? {}) as Record<string, any>))
    if ((v?.jobInputType ?? "literal") === "literal") rows.push([`inputs.${k}`, String(v?.value ?? "")]);
  for (const [stepName, st] of Object.entries((p.jobs ?? {}) as Record<string, any>))
    for (const [k, v] of Object.entries((st.inputs ?? {}) as Record<string, any>))
      if (
        (v?.job_input_type ?? v?.jobInputType ?? "literal") === "literal" &&
        !/^\$\{\{\s*parent\.jobs\./.test(String(v?.value ?? ""))
      )
        rows.push([`${stepName}.inputs.${k}`, String(v?.value ?? "")]);
  for (const [k, v] of Object.entries((p.settings ?? {}) as Record<string, unknown>))
    rows.push([`settings.${k}`, typeof v === "string" ? v : JSON.stringify(v)]);
  if (p.command) rows.push(["command", p.command]);
  if (p.environmentId) rows.push(["environment", p.environmentId]);
  for (const [k, v] of Object.entries((p.environmentVariables ?? {}) as Record<string, string>))
    rows.push([`env.${k}`, v]);
  if (rows.length === 0) return <Caption1>This job has no parameters.</Caption1>;
  return (
    <Table size="small" aria-label="Parameters">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Parameter</TableHeaderCell>
          <TableHeaderCell>Value</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell>{k}</TableCell>
            <TableCell>
              <code>{v}</code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function DataLink({ workspace, uri }: { workspace: WorkspaceRef; uri: string }) {
  const l = datastoreLink(uri);
  if (!l) return <code>{uri}</code>;
  return (
    <Link
      href={`${studioPath(workspace)}/datastores/${encodeURIComponent(l.datastore)}?path=${encodeURIComponent(l.path)}`}
    >
      {uri}
    </Link>
  );
}

function InputsOutputs({ workspace, job, steps }: { workspace: WorkspaceRef; job: JobDetail; steps: StepTimeline[] }) {
  const rows: { owner: string; dir: "input" | "output"; name: string; type: string; uri: string | null }[] = [];
  const p = job.properties;
  for (const [k, v] of Object.entries((p.inputs ?? {}) as Record<string, any>))
    if (v?.uri) rows.push({ owner: "job", dir: "input", name: k, type: v.jobInputType, uri: v.uri });
  for (const [k, v] of Object.entries((p.outputs ?? {}) as Record<string, any>))
    rows.push({ owner: "job", dir: "output", name: k, type: v?.jobOutputType ?? "uri_folder", uri: v?.uri ?? null });
  for (const [stepName, st] of Object.entries((p.jobs ?? {}) as Record<string, any>))
    for (const [k, v] of Object.entries((st.inputs ?? {}) as Record<string, any>))
      if (v?.uri)
        rows.push({ owner: stepName, dir: "input", name: k, type: v.job_input_type ?? v.jobInputType, uri: v.uri });
  for (const st of steps)
    for (const [k, uri] of Object.entries(st.outputs))
      rows.push({ owner: st.step, dir: "output", name: k, type: "uri_folder", uri });
  if (rows.length === 0) return <Caption1>No data inputs or outputs.</Caption1>;
  return (
    <Table size="small" aria-label="Inputs and outputs">
      <TableHeader>
        <TableRow>
          {["Step", "Direction", "Name", "Type", "Location"].map((h) => (
            <TableHeaderCell key={h}>{h}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.owner}.${r.dir}.${r.name}`}>
            <TableCell>{r.owner}</TableCell>
            <TableCell>{r.dir}</TableCell>
            <TableCell>{r.name}</TableCell>
            <TableCell>{r.type}</TableCell>
            <TableCell>
              {r.uri ? <DataLink workspace={workspace} uri={r.uri} /> : <Caption1>not written yet</Caption1>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function StepPicker({
  job,
  steps,
  step,
  onStep,
  includeJob,
}: {
  job: JobDetail;
  steps: StepTimeline[];
  step: string | null;
  onStep(st: string | null): void;
  includeJob: boolean;
}) {
  const options = [
    ...(includeJob ? [{ value: job.name, label: `${job.name} (the job)` }] : []),
    ...steps.map((st) => ({ value: st.jobName, label: `${st.step} · ${st.status}` })),
  ];
  const current = step ?? options[0]?.value ?? "";
  return (
    <Dropdown
      aria-label="Step"
      value={options.find((o) => o.value === current)?.label ?? ""}
      selectedOptions={[current]}
      onOptionSelect={(_, d) => onStep(d.optionValue === job.name ? null : (d.optionValue ?? null))}
    >
      {options.map((o) => (
        <Option key={o.value} value={o.value}>
          {o.label}
        </Option>
      ))}
    </Dropdown>
  );
}

function Logs({
  workspace,
  job,
  steps,
  step,
  onStep,
}: {
  workspace: WorkspaceRef;
  job: JobDetail;
  steps: StepTimeline[];
  step: string | null;
  onStep(st: string | null): void;
}) {
  const s = useStyles();
  const isPipeline = job.jobType === "Pipeline";
  const chosen = isPipeline ? (step ?? steps[0]?.jobName ?? null) : null;
  if (isPipeline && !chosen) return <Caption1>The pipeline has no steps yet.</Caption1>;
  return (
    <div>
      {isPipeline ? (
        <div className={s.bar}>
          <StepPicker job={job} steps={steps} step={chosen} onStep={onStep} includeJob={false} />
        </div>
      ) : null}
      <LogViewer key={chosen ?? job.name} workspace={workspace} job={job.name} step={chosen} />
    </div>
  );
}

function Metrics({
  workspace,
  job,
  steps,
  step,
  onStep,
  active,
}: {
  workspace: WorkspaceRef;
  job: JobDetail;
  steps: StepTimeline[];
  step: string | null;
  onStep(st: string | null): void;
  active: boolean;
}) {
  const s = useStyles();
  const runName = step ?? (job.jobType === "Pipeline" ? (steps[0]?.jobName ?? job.name) : job.name);
  const metrics = useJobMetrics(workspace, job.name, runName, active);
  return (
    <div>
      <div className={s.bar}>
        <StepPicker job={job} steps={steps} step={runName} onStep={onStep} includeJob />
      </div>
      <ErrorBar error={metrics.error} />
      {metrics.data ? (
        <MetricCharts series={metrics.data.data} />
      ) : (
        <Spinner size="small" label="Loading the metrics…" />
      )}
    </div>
  );
}

function Children({ steps, now, onOpen }: { steps: StepTimeline[]; now: number; onOpen(stepJob: string): void }) {
  return (
    <Table size="small" aria-label="Child jobs">
      <TableHeader>
        <TableRow>
          {["Step", "Status", "Compute", "Started", "Duration", "Reason"].map((h) => (
            <TableHeaderCell key={h}>{h}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {steps.map((st) => (
          <TableRow key={st.jobName} data-step={st.step}>
            <TableCell>
              <Button appearance="transparent" size="small" onClick={() => onOpen(st.jobName)}>
                {st.step}
              </Button>
            </TableCell>
            <TableCell>
              <JobStatusBadge status={st.status} />
            </TableCell>
            <TableCell>{st.computeName ?? "—"}</TableCell>
            <TableCell>{st.startedAt ? new Date(st.startedAt).toLocaleTimeString() : "—"}</TableCell>
            <TableCell>{formatDuration(durationMs(st.startedAt, st.endedAt, now))}</TableCell>
            <TableCell>{st.error ?? ""}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function GraphTab({
  workspace,
  job,
  steps,
  step,
  now,
  onStep,
}: {
  workspace: WorkspaceRef;
  job: JobDetail;
  steps: StepTimeline[];
  step: string | null;
  now: number;
  onStep(st: string | null): void;
}) {
  const s = useStyles();
  const pathname = usePathname();
  const graph = useJobGraph(workspace, job.name, true);
  const selected = steps.find((st) => st.jobName === step) ?? null;
  if (graph.isLoading) return <Spinner label="Loading the graph…" />;
  if (!graph.data) return <ErrorBar error={graph.error} />;
  return (
    <div className={s.split}>
      <TableToggle
        label="Steps of the pipeline"
        columns={["Step", "Status", "Started", "Duration", "Log"]}
        rows={graph.data.nodes.flatMap((n) => {
          if (n.kind !== "component") return [];
          const st = steps.find((x) => x.step === n.id);
          return [
            {
              key: n.id,
              cells: [
                n.displayName ?? n.id,
                st?.status ?? "NotStarted",
                st?.startedAt ? new Date(st.startedAt).toLocaleTimeString() : "—",
                st ? formatDuration(durationMs(st.startedAt, st.endedAt, now)) : "—",
                st ? (
                  <Link href={`${pathname}?tab=logs&step=${encodeURIComponent(st.jobName)}`}>Log of {n.id}</Link>
                ) : (
                  "—"
                ),
              ],
            },
          ];
        })}
      >
        <JobGraph graph={graph.data} steps={steps} selected={step} onSelect={onStep} />
      </TableToggle>
      <div>
        {selected ? (
          <>
            <Subtitle2 as="h2" block>
              {selected.step} <JobStatusBadge status={selected.status} />
            </Subtitle2>
            {selected.error ? <Caption1 block>{selected.error}</Caption1> : null}
            {Object.entries(selected.outputs).map(([k, uri]) => (
              <div key={k}>
                <Caption1>{k}: </Caption1>
                <DataLink workspace={workspace} uri={uri} />
              </div>
            ))}
            <LogViewer key={selected.jobName} workspace={workspace} job={job.name} step={selected.jobName} />
          </>
        ) : (
          <Caption1>Click a step to see its log and outputs.</Caption1>
        )}
      </div>
    </div>
  );
}
