"use client";
import { useMemo, useState } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import {
  Caption1,
  Spinner,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { studioPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { useComparedJobs } from "../hooks";
import {
  compareJobParameters,
  comparedJobNames,
  jobParameters,
  MAX_COMPARED,
  MIN_COMPARED,
  visibleRows,
  type ComparableJob,
} from "../compare";
import type { MetricSeries } from "../server/jobs";
import { JobStatusBadge } from "./JobStatusBadge";

const useStyles = makeStyles({
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  table: { overflowX: "auto", marginBottom: tokens.spacingVerticalXL },
  changed: { backgroundColor: tokens.colorPaletteYellowBackground1 },
  value: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-word", whiteSpace: "pre-wrap" },
  charts: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(360px, 1fr))",
    gap: tokens.spacingHorizontalL,
  },
  legend: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, listStyle: "none", padding: 0 },
  swatch: { display: "inline-block", width: "12px", height: "3px", marginRight: "4px", verticalAlign: "middle" },
});

/** One colour per compared job (distinct with a dash pattern as well, so colour is not the only cue). */
const PALETTE = [
  "#0f6cbd",
  "#c50f1f",
  "#107c10",
  "#8764b8",
  "#ca5010",
  "#038387",
  "#5c2e91",
  "#986f0b",
  "#4f6bed",
  "#e3008c",
];
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3", "", "6 3"];

/** Two to ten jobs side by side: parameters (only differences on request), metrics overlaid, durations and statuses. */
export function JobComparePage({ workspace }: { workspace: WorkspaceRef }) {
  const s = useStyles();
  const names = comparedJobNames(useSearchParams().get("jobs"));
  const { details, metrics } = useComparedJobs(workspace, names);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const jobs = details.map((d) => d.data?.data.job as ComparableJob | undefined);
  const loaded = jobs.every(Boolean);
  const rows = useMemo(
    () => (loaded ? compareJobParameters((jobs as ComparableJob[]).map(jobParameters)) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the queries' array is new each render; their data is what counts
    [loaded, ...details.map((d) => d.dataUpdatedAt)],
  );
  const shown = visibleRows(rows, onlyDifferences);
  const metricKeys = [...new Set(metrics.flatMap((m) => (m.data?.data ?? []).map((x) => x.key)))].sort();

  if (names.length < MIN_COMPARED)
    return (
      <section>
        <Title2 as="h1">Compare jobs</Title2>
        <Caption1 as="p">
          Select {MIN_COMPARED} to {MAX_COMPARED} jobs in the{" "}
          <Link href={`${studioPath(workspace)}/jobs`}>jobs list</Link> to compare them.
        </Caption1>
      </section>
    );

  return (
    <section>
      <Caption1>
        <Link href={`${studioPath(workspace)}/jobs`}>Jobs</Link> / Compare
      </Caption1>
      <div className={s.header}>
        <Title2 as="h1">Compare {names.length} jobs</Title2>
        <Switch label="Only differences" checked={onlyDifferences} onChange={(_, d) => setOnlyDifferences(d.checked)} />
      </div>
      {details.map((d, i) => (
        <ErrorBar key={names[i]} error={d.error} title={`Job ${names[i]} could not be read`} />
      ))}
      {!loaded && !details.some((d) => d.error) ? <Spinner label="Loading the jobs…" /> : null}
      {loaded ? (
        <div className={s.table}>
          <Table aria-label="Parameters of the compared jobs" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Parameter</TableHeaderCell>
                {jobs.map((j, i) => (
                  <TableHeaderCell key={names[i]}>
                    <span style={{ color: PALETTE[i] }} aria-hidden>
                      ■{" "}
                    </span>
                    <Link href={`${studioPath(workspace)}/jobs/${encodeURIComponent(names[i])}`}>
                      {j!.displayName ?? j!.name}
                    </Link>{" "}
                    <JobStatusBadge status={j!.status} />
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((r) => (
                <TableRow key={r.key} className={r.status === "changed" ? s.changed : undefined} data-status={r.status}>
                  <TableCell>
                    {r.key}
                    {r.status === "changed" ? <span className="visually-hidden"> (differs)</span> : null}
                  </TableCell>
                  {r.values.map((v, i) => (
                    <TableCell key={names[i]} className={s.value}>
                      {v ?? "—"}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {onlyDifferences && shown.length === 0 ? <Caption1>The jobs' parameters are all the same.</Caption1> : null}
        </div>
      ) : null}
      <Subtitle2 as="h2" block>
        Metrics
      </Subtitle2>
      {metricKeys.length === 0 ? (
        <Caption1>None of these jobs has logged metrics.</Caption1>
      ) : (
        <div className={s.charts}>
          {metricKeys.map((key) => (
            <OverlaidMetric
              key={key}
              metric={key}
              names={names}
              series={metrics.map((m) => m.data?.data.find((x) => x.key === key))}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** One metric of every compared job on one chart, with a table of the same numbers for screen readers. */
function OverlaidMetric({
  metric,
  names,
  series,
}: {
  metric: string;
  names: string[];
  series: (MetricSeries | undefined)[];
}) {
  const s = useStyles();
  const [asTable, setAsTable] = useState(false);
  const all = series.flatMap((m) => m?.points ?? []);
  const byTime = all.every((p) => p.step === 0) && all.length > 1;
  const x = (p: MetricSeries["points"][number]) => (byTime ? p.timestamp : p.step);
  const [w, h, pad] = [360, 180, 32];
  const [x0, x1] = [Math.min(...all.map(x)), Math.max(...all.map(x))];
  const [y0, y1] = [Math.min(...all.map((p) => p.value)), Math.max(...all.map((p) => p.value))];
  const sx = (v: number) => pad + (x1 === x0 ? (w - 2 * pad) / 2 : ((v - x0) / (x1 - x0)) * (w - 2 * pad));
  const sy = (v: number) => h - pad + (y1 === y0 ? -(h - 2 * pad) / 2 : -((v - y0) / (y1 - y0)) * (h - 2 * pad));
  return (
    <figure style={{ margin: 0 }} data-testid={`compare-metric-${metric}`}>
      <Subtitle2 as="h3" block>
        {metric}
      </Subtitle2>
      <Switch label="Show as table" checked={asTable} onChange={(_, d) => setAsTable(d.checked)} />
      {asTable ? (
        <Table aria-label={`${metric} per job`} size="extra-small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Job</TableHeaderCell>
              <TableHeaderCell>{byTime ? "Time" : "Step"}</TableHeaderCell>
              <TableHeaderCell>Value</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {series.flatMap((m, i) =>
              (m?.points ?? []).map((p, k) => (
                <TableRow key={`${names[i]}-${k}`}>
                  <TableCell>{names[i]}</TableCell>
                  <TableCell>{byTime ? new Date(p.timestamp).toLocaleTimeString() : p.step}</TableCell>
                  <TableCell>{p.value}</TableCell>
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      ) : (
        <svg
          width={w}
          height={h}
          role="img"
          aria-label={`${metric} of ${names.length} jobs; use Show as table for the numbers`}
        >
          <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="currentColor" strokeOpacity={0.3} />
          <text x={pad} y={h - 8} fontSize={10} fill="currentColor">
            {byTime ? "time" : `step ${x0}`}
          </text>
          <text x={4} y={pad - 8} fontSize={10} fill="currentColor">
            {y1.toPrecision(4)}
          </text>
          <text x={4} y={h - pad} fontSize={10} fill="currentColor">
            {y0.toPrecision(4)}
          </text>
          {series.map((m, i) =>
            m && m.points.length ? (
              <g key={names[i]}>
                <polyline
                  fill="none"
                  stroke={PALETTE[i]}
                  strokeWidth={2}
                  strokeDasharray={DASHES[i] || undefined}
                  points={m.points.map((p) => `${sx(x(p))},${sy(p.value)}`).join(" ")}
                />
                {m.points.length === 1 ? (
                  <circle cx={sx(x(m.points[0]))} cy={sy(m.points[0].value)} r={3} fill={PALETTE[i]} />
                ) : null}
              </g>
            ) : null,
          )}
        </svg>
      )}
      <ul className={s.legend}>
        {names.map((n, i) =>
          series[i]?.points.length ? (
            <li key={n}>
              <span className={s.swatch} style={{ backgroundColor: PALETTE[i] }} aria-hidden />
              <Caption1>
                {n}: {series[i]!.points[series[i]!.points.length - 1].value}
              </Caption1>
            </li>
          ) : null,
        )}
      </ul>
    </figure>
  );
}
