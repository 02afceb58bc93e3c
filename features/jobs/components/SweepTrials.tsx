"use client";
import React, { useCallback, useMemo, useRef, useState } from "react";
import {
  Button,
  Caption1,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowSortDownRegular } from "@fluentui/react-icons/svg/arrow-sort-down";
import { ArrowSortUpRegular } from "@fluentui/react-icons/svg/arrow-sort-up";
import { TrophyRegular } from "@fluentui/react-icons/svg/trophy";
import type { JobTimeline, StepTimeline } from "@/lib/domain/jobs/timeline";
import { durationMs, formatDuration } from "../model";
import type { JobDetail } from "../server/jobs";
import { JobStatusChip } from "./JobStatusBadge";

/** A trial as the local workspace service's timeline reports it: a step of the sweep with its sampled values. */
type Trial = StepTimeline & { hyperparameters?: Record<string, string | number>; primaryMetric?: number | null };
type SortKey = { by: string; descending: boolean };

const useStyles = makeStyles({
  summary: { display: "flex", gap: tokens.spacingHorizontalL, alignItems: "center", flexWrap: "wrap" },
  charts: {
    display: "flex",
    gap: tokens.spacingHorizontalXL,
    flexWrap: "wrap",
    margin: `${tokens.spacingVerticalL} 0`,
  },
  best: { backgroundColor: tokens.colorPaletteGreenBackground1 },
  scroll: { overflowX: "auto" },
  // Plain table elements, styled as Fluent's small table: a sweep has hundreds of trials, and Fluent's Table
  // components (each row and cell a component with its own hooks) cost most of the tab's first render.
  table: {
    borderCollapse: "collapse",
    width: "100%",
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  headerCell: {
    textAlign: "start",
    fontWeight: tokens.fontWeightRegular,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: {
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
  },
  cell: { padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, height: "34px" },
  trialLink: {
    background: "none",
    border: "none",
    padding: 0,
    font: "inherit",
    color: tokens.colorNeutralForeground1,
    cursor: "pointer",
    textAlign: "start",
    ":hover": { color: tokens.colorBrandForeground1, textDecorationLine: "underline" },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
});

type TrialTableStyles = Pick<ReturnType<typeof useStyles>, "best" | "row" | "cell" | "trialLink">;

/** The best trial by the objective (the service names it when it knows; otherwise the best reported value). */
export function bestTrial(trials: Trial[], goal: "Maximize" | "Minimize", named?: string | null): Trial | undefined {
  if (named) return trials.find((t) => t.jobName === named);
  const scored = trials.filter((t) => typeof t.primaryMetric === "number");
  return scored.sort((a, b) =>
    goal === "Maximize" ? b.primaryMetric! - a.primaryMetric! : a.primaryMetric! - b.primaryMetric!,
  )[0];
}

/** A sweep's trials: the best one, a sortable table, the metric over time and the parameters against the metric. */
export function SweepTrials({
  job,
  timeline,
  now,
  onOpen,
}: {
  job: JobDetail;
  timeline: JobTimeline | null;
  now: number;
  onOpen(trialJob: string): void;
}) {
  const s = useStyles();
  const steps = timeline?.steps;
  const trials = useMemo(() => (steps ?? []) as Trial[], [steps]);
  const objective = job.properties.objective as { goal?: "Maximize" | "Minimize"; primaryMetric?: string } | undefined;
  const goal = objective?.goal ?? "Maximize";
  const metric = objective?.primaryMetric ?? "primary metric";
  // Kept while the answer is unchanged: the page re-renders every second for the running durations, and the
  // charts and the finished trials' rows (memoized below) then have nothing to redraw.
  const params = useMemo(
    () => [...new Set(trials.flatMap((t) => Object.keys(t.hyperparameters ?? {})))].sort(),
    [trials],
  );
  const openLatest = useRef(onOpen);
  openLatest.current = onOpen;
  const open = useCallback((trialJob: string) => openLatest.current(trialJob), []);
  const best = bestTrial(trials, goal, (timeline as { bestTrial?: string | null } | null)?.bestTrial);
  const [sort, setSort] = useState<SortKey>({ by: "metric", descending: goal === "Maximize" });
  const [asTable, setAsTable] = useState(false);
  const value = (t: Trial, by: string): string | number | null =>
    by === "metric"
      ? (t.primaryMetric ?? null)
      : by === "duration"
        ? durationMs(t.startedAt, t.endedAt, now)
        : by === "status"
          ? t.status
          : by === "trial"
            ? t.jobName
            : (t.hyperparameters?.[by] ?? null);
  const rows = [...trials].sort((a, b) => {
    const [x, y] = [value(a, sort.by), value(b, sort.by)];
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1; // unknowns last
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return sort.descending ? -c : c;
  });
  // Not Fluent's sortable header cell: it wraps its content in a button of its own, and a button in a button is one
  // control too many for the keyboard and screen readers.
  const header = (by: string, label: string) => (
    <th
      key={by}
      scope="col"
      className={s.headerCell}
      aria-sort={sort.by === by ? (sort.descending ? "descending" : "ascending") : "none"}
    >
      <Button
        appearance="transparent"
        size="small"
        onClick={() => setSort((cur) => ({ by, descending: cur.by === by ? !cur.descending : false }))}
        icon={sort.by === by ? sort.descending ? <ArrowSortDownRegular /> : <ArrowSortUpRegular /> : undefined}
        iconPosition="after"
      >
        {label}
      </Button>
    </th>
  );
  // One object for every row while the class names are the same, so a memoized row stays skipped.
  const rowStyles = useMemo<TrialTableStyles>(
    () => ({ best: s.best, row: s.row, cell: s.cell, trialLink: s.trialLink }),
    [s.best, s.row, s.cell, s.trialLink],
  );
  const counts = trials.reduce<Record<string, number>>((m, t) => ({ ...m, [t.status]: (m[t.status] ?? 0) + 1 }), {});

  return (
    <div>
      <div className={s.summary}>
        <Caption1>
          Objective: {goal.toLowerCase()} <strong>{metric}</strong>
        </Caption1>
        <Caption1>
          {trials.length} trials:{" "}
          {Object.entries(counts)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ") || "none yet"}
        </Caption1>
        {best ? (
          <Button icon={<TrophyRegular />} onClick={() => onOpen(best.jobName)} data-testid="best-trial">
            Best trial: {best.displayName ?? best.jobName}
            {typeof best.primaryMetric === "number" ? ` (${metric} ${best.primaryMetric})` : ""}
          </Button>
        ) : null}
      </div>
      <div className={s.charts}>
        <MetricOverTime trials={trials} metric={metric} best={best?.jobName} asTable={asTable} />
        <ParallelCoordinates trials={trials} params={params} metric={metric} best={best?.jobName} asTable={asTable} />
      </div>
      <Switch label="Charts as tables" checked={asTable} onChange={(_, d) => setAsTable(d.checked)} />
      <div className={s.scroll}>
        <table className={s.table} aria-label="Trials">
          <thead>
            <tr className={s.row}>
              {header("trial", "Trial")}
              {header("status", "Status")}
              {params.map((p) => header(p, p))}
              {header("metric", metric)}
              {header("duration", "Duration")}
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <TrialRow
                key={t.jobName}
                trial={t}
                params={params}
                isBest={t.jobName === best?.jobName}
                styles={rowStyles}
                duration={formatDuration(durationMs(t.startedAt, t.endedAt, now))}
                onOpen={open}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One trial's row; unchanged props (a finished trial, the same answer) skip its render. */
const TrialRow = React.memo(function TrialRow({
  trial: t,
  params,
  isBest,
  styles: s,
  duration,
  onOpen,
}: {
  trial: Trial;
  params: string[];
  isBest: boolean;
  styles: TrialTableStyles;
  duration: string;
  onOpen(trialJob: string): void;
}) {
  return (
    <tr className={isBest ? `${s.row} ${s.best}` : s.row} data-trial={t.jobName}>
      <td className={s.cell}>
        <button type="button" className={s.trialLink} onClick={() => onOpen(t.jobName)}>
          {t.displayName ?? t.jobName}
        </button>
        {isBest ? <span className="visually-hidden"> (best)</span> : null}
      </td>
      <td className={s.cell}>
        <JobStatusChip status={t.status} />
        {t.error ? <Caption1 block>{t.error}</Caption1> : null}
      </td>
      {params.map((p) => (
        <td key={p} className={s.cell}>
          {t.hyperparameters?.[p] ?? "—"}
        </td>
      ))}
      <td className={s.cell}>{t.primaryMetric ?? "—"}</td>
      <td className={s.cell}>{duration}</td>
    </tr>
  );
});

const [W, H, PAD] = [420, 200, 36];

/** Each trial's primary metric at the time it ended (or its latest report), the best one marked. */
const MetricOverTime = React.memo(function MetricOverTime({
  trials,
  metric,
  best,
  asTable,
}: {
  trials: Trial[];
  metric: string;
  best?: string;
  asTable: boolean;
}) {
  const pts = trials
    .filter((t) => typeof t.primaryMetric === "number")
    .map((t) => ({ t, x: Date.parse(t.endedAt ?? t.startedAt ?? "") || 0, y: t.primaryMetric! }));
  if (pts.length === 0) return <Caption1>No trial has reported {metric} yet.</Caption1>;
  if (asTable)
    return (
      <Table size="extra-small" aria-label={`${metric} over time`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Trial</TableHeaderCell>
            <TableHeaderCell>Time</TableHeaderCell>
            <TableHeaderCell>{metric}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {pts.map((p) => (
            <TableRow key={p.t.jobName}>
              <TableCell>{p.t.displayName ?? p.t.jobName}</TableCell>
              <TableCell>{p.x ? new Date(p.x).toLocaleTimeString() : "—"}</TableCell>
              <TableCell>{p.y}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  const [x0, x1] = [Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x))];
  const [y0, y1] = [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
  const sx = (v: number) => PAD + (x1 === x0 ? (W - 2 * PAD) / 2 : ((v - x0) / (x1 - x0)) * (W - 2 * PAD));
  const sy = (v: number) => H - PAD - (y1 === y0 ? (H - 2 * PAD) / 2 : ((v - y0) / (y1 - y0)) * (H - 2 * PAD));
  return (
    <figure style={{ margin: 0 }}>
      <Subtitle2 as="h3" block>
        {metric} over time
      </Subtitle2>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`${metric} of ${pts.length} trials over time; switch on Charts as tables for the numbers`}
      >
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="currentColor" strokeOpacity={0.3} />
        <text x={4} y={PAD - 8} fontSize={10} fill="currentColor">
          {y1.toPrecision(4)}
        </text>
        <text x={4} y={H - PAD} fontSize={10} fill="currentColor">
          {y0.toPrecision(4)}
        </text>
        {pts.map((p) => (
          <circle
            key={p.t.jobName}
            cx={sx(p.x)}
            cy={sy(p.y)}
            r={p.t.jobName === best ? 6 : 4}
            fill={p.t.jobName === best ? "#107c10" : "#0f6cbd"}
            stroke={p.t.jobName === best ? "currentColor" : "none"}
          >
            <title>{`${p.t.displayName ?? p.t.jobName}: ${p.y}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
});

/** One vertical axis per hyperparameter and one for the metric; one line per trial (the best one bold). */
const ParallelCoordinates = React.memo(function ParallelCoordinates({
  trials,
  params,
  metric,
  best,
  asTable,
}: {
  trials: Trial[];
  params: string[];
  metric: string;
  best?: string;
  asTable: boolean;
}) {
  const axes = [...params, metric];
  if (params.length === 0 || asTable) return null; // the trials table holds the same numbers
  const valueOf = (t: Trial, axis: string) => (axis === metric ? t.primaryMetric : t.hyperparameters?.[axis]);
  const scales = axes.map((axis) => {
    const vals = trials.map((t) => valueOf(t, axis)).filter((v) => v !== undefined && v !== null) as (
      string | number
    )[];
    if (vals.every((v) => typeof v === "number")) {
      const nums = vals as number[];
      const [lo, hi] = [Math.min(...nums), Math.max(...nums)];
      return (v: string | number) => (hi === lo ? 0.5 : ((v as number) - lo) / (hi - lo));
    }
    const cats = [...new Set(vals.map(String))].sort();
    return (v: string | number) => (cats.length < 2 ? 0.5 : cats.indexOf(String(v)) / (cats.length - 1));
  });
  const ax = (i: number) => PAD + (axes.length === 1 ? 0 : (i / (axes.length - 1)) * (W - 2 * PAD));
  const ay = (f: number) => H - PAD - f * (H - 2 * PAD);
  return (
    <figure style={{ margin: 0 }}>
      <Subtitle2 as="h3" block>
        Parameters against {metric}
      </Subtitle2>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`Parallel coordinates of ${params.join(", ")} against ${metric}; the trials table holds the numbers`}
      >
        {axes.map((a, i) => (
          <g key={a}>
            <line x1={ax(i)} y1={PAD} x2={ax(i)} y2={H - PAD} stroke="currentColor" strokeOpacity={0.4} />
            <text x={ax(i)} y={H - 8} fontSize={10} textAnchor="middle" fill="currentColor">
              {a}
            </text>
          </g>
        ))}
        {trials.map((t) => {
          const pts = axes.map((a, i) => {
            const v = valueOf(t, a);
            return v === undefined || v === null ? null : `${ax(i)},${ay(scales[i](v))}`;
          });
          if (pts.some((p) => p === null)) return null;
          return (
            <polyline
              key={t.jobName}
              points={pts.join(" ")}
              fill="none"
              stroke={t.jobName === best ? "#107c10" : "#0f6cbd"}
              strokeOpacity={t.jobName === best ? 1 : 0.5}
              strokeWidth={t.jobName === best ? 3 : 1.5}
            >
              <title>{t.displayName ?? t.jobName}</title>
            </polyline>
          );
        })}
      </svg>
    </figure>
  );
});
