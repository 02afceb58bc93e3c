"use client";
import { Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { FamilyQuota } from "@/lib/domain/quota";

const useStyles = makeStyles({
  chart: {
    display: "grid",
    gridTemplateColumns: "minmax(160px, max-content) 1fr minmax(90px, max-content)",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    alignItems: "center",
  },
  track: {
    height: "14px",
    backgroundColor: tokens.colorNeutralBackground5,
    borderRadius: tokens.borderRadiusSmall,
    overflow: "hidden",
  },
  bar: { height: "100%", backgroundColor: tokens.colorBrandBackground },
  high: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  full: { backgroundColor: tokens.colorPaletteRedBackground3 },
});

/** vCPUs in use against the workspace limit, one bar per VM family with any limit or usage. */
export function UsageChart({ families }: { families: FamilyQuota[] }) {
  const s = useStyles();
  const rows = families.filter((f) => (f.workspaceLimit ?? f.subscriptionLimit) > 0 || f.workspaceUsage > 0);
  return (
    <figure style={{ margin: 0 }}>
      <Subtitle2 as="h2" block>
        Usage against quota (dedicated vCPUs)
      </Subtitle2>
      <div className={s.chart} role="table" aria-label="vCPU usage per VM family">
        {rows.map((f) => {
          const limit = f.workspaceLimit ?? f.subscriptionLimit;
          const pct = limit > 0 ? Math.min(100, (f.workspaceUsage / limit) * 100) : f.workspaceUsage > 0 ? 100 : 0;
          return (
            <div key={f.family} role="row" style={{ display: "contents" }}>
              <Caption1 role="rowheader">{f.label}</Caption1>
              <div className={s.track} role="cell" aria-label={`${Math.round(pct)}% used`}>
                <div
                  className={`${s.bar} ${pct >= 100 ? s.full : pct >= 80 ? s.high : ""}`}
                  style={{ width: `${pct}%` }}
                />
              </div>
              <Caption1 role="cell">
                {f.workspaceUsage} / {limit}
              </Caption1>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
