"use client";
import React, { useMemo } from "react";
import { Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { StepTimeline } from "@/lib/domain/jobs/timeline";
import { TableToggle } from "@/components/common/TableToggle";
import { formatDuration } from "../model";
import type { MetricSeries } from "../server/jobs";
import { STATUS_COLORS } from "./JobStatusBadge";

const useStyles = makeStyles({
  scroll: {
    overflow: "auto",
    maxHeight: "520px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  charts: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(320px, 1fr))",
    gap: tokens.spacingHorizontalL,
  },
});

const ROW = 22;
const LABEL = 180;

/** The profile: one bar per step from when it started preparing to when it ended (or now), on one time axis. */
export function Gantt({ steps, now, onSelect }: { steps: StepTimeline[]; now: number; onSelect(step: string): void }) {
  const s = useStyles();
  const rows = useMemo(
    () =>
      steps
        .filter((st) => st.startedAt)
        .map((st) => ({ st, start: Date.parse(st.startedAt!), end: st.endedAt ? Date.parse(st.endedAt) : now }))
        .sort((a, b) => a.start - b.start),
    [steps, now],
  );
  if (rows.length === 0) return <Caption1>No step has started yet.</Caption1>;
  const t0 = Math.min(...rows.map((r) => r.start));
  const t1 = Math.max(...rows.map((r) => r.end), t0 + 1);
  const width = 720;
  const x = (t: number) => LABEL + ((t - t0) / (t1 - t0)) * width;
  return (
    <TableToggle
      label="Step timeline"
      columns={["Step", "Status", "Starts after", "Duration"]}
      rows={rows.map(({ st, start, end }) => ({
        key: st.jobName,
        cells: [st.step, st.status, formatDuration(start - t0), formatDuration(end - start)],
      }))}
    >
      <div className={s.scroll} tabIndex={0} role="region" aria-label="Step timeline chart">
        <svg
          width={LABEL + width + 80}
          height={rows.length * ROW + 24}
          role="img"
          // Text takes the theme's foreground (SVG's default is black, unreadable on the dark theme).
          fill="currentColor"
          aria-label={`Timeline of ${rows.length} steps over ${formatDuration(t1 - t0)}`}
          data-testid="gantt"
        >
          <text x={LABEL} y={14} fontSize={11}>
            0
          </text>
          <text x={LABEL + width} y={14} fontSize={11} textAnchor="end">
            {formatDuration(t1 - t0)}
          </text>
          {rows.map(({ st, start, end }, i) => (
            <g
              key={st.jobName}
              transform={`translate(0, ${20 + i * ROW})`}
              onClick={() => onSelect(st.jobName)}
              style={{ cursor: "pointer" }}
            >
              <title>{`${st.step}: ${st.status}, ${formatDuration(end - start)}`}</title>
              <text x={4} y={14} fontSize={12}>
                {st.step.length > 24 ? st.step.slice(0, 23) + "…" : st.step}
              </text>
              <rect
                x={x(start)}
                y={3}
                width={Math.max(2, x(end) - x(start))}
                height={ROW - 6}
                rx={3}
                fill={STATUS_COLORS[st.status] ?? "#8a8886"}
                data-step={st.step}
              />
              <text x={x(end) + 4} y={14} fontSize={11}>
                {formatDuration(end - start)}
              </text>
            </g>
          ))}
        </svg>
      </div>
    </TableToggle>
  );
}

/** One small line chart per metric (value by step; by time when every step is 0). */
export function MetricCharts({ series }: { series: MetricSeries[] }) {
  const s = useStyles();
  if (series.length === 0) return <Caption1>This run has logged no metrics.</Caption1>;
  return (
    <div className={s.charts}>
      {series.map((m) => (
        <MetricChart key={m.key} m={m} />
      ))}
    </div>
  );
}

function MetricChart({ m }: { m: MetricSeries }) {
  const byTime = m.points.every((p) => p.step === 0) && m.points.length > 1;
  const pts = m.points.map((p) => ({ x: byTime ? p.timestamp : p.step, y: p.value }));
  const [w, h, pad] = [320, 160, 32];
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => pad + (x1 === x0 ? (w - 2 * pad) / 2 : ((v - x0) / (x1 - x0)) * (w - 2 * pad));
  const sy = (v: number) => h - pad + (y1 === y0 ? -(h - 2 * pad) / 2 : -((v - y0) / (y1 - y0)) * (h - 2 * pad));
  const last = pts[pts.length - 1];
  return (
    <figure style={{ margin: 0 }} data-testid={`metric-${m.key}`}>
      <Subtitle2 as="h3" block>
        {m.key}
      </Subtitle2>
      <TableToggle
        label={`${m.key} values`}
        columns={[byTime ? "Time" : "Step", m.key]}
        rows={m.points.map((p, i) => ({
          key: String(i),
          cells: [byTime ? new Date(p.timestamp).toLocaleTimeString() : String(p.step), String(p.value)],
        }))}
      >
        <svg
          width={w}
          height={h}
          role="img"
          fill="currentColor"
          aria-label={`${m.key}: ${pts.length} point${pts.length === 1 ? "" : "s"}, last ${last?.y}`}
        >
          <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#c8c6c4" />
          <line x1={pad} y1={pad} x2={pad} y2={h - pad} stroke="#c8c6c4" />
          <text x={2} y={pad} fontSize={10}>
            {y1}
          </text>
          <text x={2} y={h - pad} fontSize={10}>
            {y0}
          </text>
          <text x={w - pad} y={h - 8} fontSize={10} textAnchor="end">
            {byTime ? "time" : `step ${x1}`}
          </text>
          <polyline
            fill="none"
            stroke="#0f6cbd"
            strokeWidth={2}
            points={pts.map((p) => `${sx(p.x)},${sy(p.y)}`).join(" ")}
          />
          {pts.length <= 50
            ? pts.map((p, i) => <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={3} fill="#0f6cbd" />)
            : null}
        </svg>
      </TableToggle>
      <Caption1>last value {last?.y}</Caption1>
    </figure>
  );
}
