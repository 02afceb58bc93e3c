"use client";
import { memo, useMemo } from "react";
import { Caption1, Dropdown, Option, makeStyles, tokens } from "@fluentui/react-components";
import { metricNames, metricTrend } from "@/lib/domain/version-compare";
import type { AssetVersion } from "@/lib/domain/versions";
import { TableToggle } from "@/components/common/TableToggle";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  bar: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center" },
  svg: { width: "100%", maxWidth: "720px", height: "auto", display: "block" },
});

const W = 600;
const H = 180;
const PAD = { l: 48, r: 12, t: 12, b: 28 };
/** Above this many versions, points are drawn as one path (no per-point hover titles). */
const MAX_MARKERS = 120;

/** One metric (a numeric property) plotted per version, oldest to newest; versions without it leave a gap. */
export const MetricTrend = memo(function MetricTrend({
  versions,
  metric,
  onMetricChange,
}: {
  versions: AssetVersion[];
  metric: string | null;
  onMetricChange: (m: string) => void;
}) {
  const s = useStyles();
  const names = useMemo(() => metricNames(versions), [versions]);
  const chosen = metric && names.includes(metric) ? metric : (names[0] ?? null);
  const points = useMemo(() => (chosen ? metricTrend(versions, chosen) : []), [versions, chosen]);
  if (!names.length) return <Caption1>No version has a numeric property to plot.</Caption1>;

  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.05 || 1;
    hi += Math.abs(hi) * 0.05 || 1;
  }
  const x = (i: number) =>
    PAD.l + (points.length === 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (points.length - 1));
  const y = (v: number) => PAD.t + (1 - (v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  // Consecutive versions that have the metric form one segment; a missing value breaks the line.
  const segments: string[] = [];
  let current = "";
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current) segments.push(current);
      current = "";
    } else current += `${current ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toExponential(2) : Number(v.toPrecision(4)).toString());
  const best = values.length
    ? points.reduce(
        (b, p) => (p.value !== null && (b === null || p.value > b.value!) ? p : b),
        null as (typeof points)[number] | null,
      )
    : null;

  return (
    <div className={s.root}>
      <div className={s.bar}>
        <Dropdown
          aria-label="Metric"
          value={chosen ?? ""}
          selectedOptions={chosen ? [chosen] : []}
          onOptionSelect={(_, d) => d.optionValue && onMetricChange(d.optionValue)}
        >
          {names.map((n) => (
            <Option key={n} value={n}>
              {n}
            </Option>
          ))}
        </Dropdown>
        <Caption1>
          {values.length} of {points.length} versions have {chosen}
          {best ? `; highest ${fmt(best.value!)} at version ${best.version}` : ""}
        </Caption1>
      </div>
      <TableToggle
        label={`${chosen} per version`}
        columns={["Version", chosen ?? "Value"]}
        rows={points.map((p) => ({ key: p.version, cells: [p.version, p.value === null ? "—" : String(p.value)] }))}
      >
        <svg className={s.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${chosen} per version`}>
          <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} stroke={tokens.colorNeutralStroke1} />
          <line x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={H - PAD.b} stroke={tokens.colorNeutralStroke1} />
          <text x={PAD.l - 4} y={PAD.t + 4} textAnchor="end" fontSize="10" fill={tokens.colorNeutralForeground3}>
            {fmt(hi)}
          </text>
          <text x={PAD.l - 4} y={H - PAD.b} textAnchor="end" fontSize="10" fill={tokens.colorNeutralForeground3}>
            {fmt(lo)}
          </text>
          {segments.map((d, i) => (
            <path
              key={i}
              d={d}
              fill="none"
              stroke={tokens.colorBrandForeground1}
              strokeWidth={2}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {points.length <= MAX_MARKERS ? (
            points.map((p, i) =>
              p.value === null ? null : (
                <circle
                  key={p.version}
                  cx={x(i)}
                  cy={y(p.value)}
                  r={3.5}
                  fill={tokens.colorBrandForeground1}
                  data-version={p.version}
                >
                  <title>{`version ${p.version}: ${chosen} = ${p.value}`}</title>
                </circle>
              ),
            )
          ) : (
            // Hundreds of versions: one path of small squares instead of an element per point.
            <path
              d={points
                .map((p, i) =>
                  p.value === null ? "" : `M${(x(i) - 1).toFixed(1)},${(y(p.value) - 1).toFixed(1)}h2v2h-2z`,
                )
                .join("")}
              fill={tokens.colorBrandForeground1}
            />
          )}
          {points.map((p, i) =>
            i % labelEvery === 0 || i === points.length - 1 ? (
              <text
                key={`l${p.version}`}
                x={x(i)}
                y={H - PAD.b + 14}
                textAnchor="middle"
                fontSize="10"
                fill={tokens.colorNeutralForeground3}
              >
                {p.version}
              </text>
            ) : null,
          )}
        </svg>
      </TableToggle>
    </div>
  );
});
