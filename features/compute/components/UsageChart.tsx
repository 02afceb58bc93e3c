"use client";
import { Caption1, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { FamilyQuota } from "@/lib/domain/quota";
import { TableToggle } from "@/components/common/TableToggle";

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

/** Share of the family's limit in use, 0-100 (a family with usage and no limit is full). */
function usedPercent(f: FamilyQuota): number {
  const limit = f.workspaceLimit ?? f.subscriptionLimit;
  return limit > 0 ? Math.min(100, (f.workspaceUsage / limit) * 100) : f.workspaceUsage > 0 ? 100 : 0;
}

/**
 * vCPUs in use against the workspace limit, one bar per VM family with any limit or usage, and one for the region's
 * low-priority quota; what serverless jobs (submitted without a compute) use is said per family.
 */
export function UsageChart({ families }: { families: FamilyQuota[] }) {
  const s = useStyles();
  const rows = families.filter((f) => (f.workspaceLimit ?? f.subscriptionLimit) > 0 || f.workspaceUsage > 0);
  const serverless = families.filter((f) => f.serverlessUsage > 0);
  return (
    <figure style={{ margin: 0 }}>
      <Subtitle2 as="h2" block>
        Usage against quota (vCPUs)
      </Subtitle2>
      <Caption1 as="p" block data-testid="serverless-usage">
        Serverless jobs:{" "}
        {serverless.length
          ? serverless.map((f) => `${f.serverlessUsage} vCPUs of ${f.label}`).join(", ")
          : "none running"}
      </Caption1>
      <TableToggle
        label="vCPU usage per VM family"
        columns={["VM family", "vCPUs in use", "of which serverless jobs", "Limit", "Used"]}
        rows={rows.map((f) => {
          const limit = f.workspaceLimit ?? f.subscriptionLimit;
          return {
            key: f.family,
            cells: [f.label, f.workspaceUsage, f.serverlessUsage, limit, `${Math.round(usedPercent(f))}%`],
          };
        })}
      >
        <div className={s.chart}>
          {rows.map((f) => {
            const limit = f.workspaceLimit ?? f.subscriptionLimit;
            const pct = usedPercent(f);
            return (
              <div key={f.family} style={{ display: "contents" }}>
                <Caption1>{f.label}</Caption1>
                <div className={s.track} role="img" aria-label={`${Math.round(pct)}% used`}>
                  <div
                    className={`${s.bar} ${pct >= 100 ? s.full : pct >= 80 ? s.high : ""}`}
                    style={{ width: `${pct}%` }}
                  />
                </div>
                <Caption1>
                  {f.workspaceUsage} / {limit}
                </Caption1>
              </div>
            );
          })}
        </div>
      </TableToggle>
    </figure>
  );
}
