"use client";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  Button,
  Caption1,
  Spinner,
  Subtitle2,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { BranchCompareRegular } from "@fluentui/react-icons/svg/branch-compare";
import { sortVersionsNewestFirst, type AssetKind, type AssetVersion } from "@/lib/domain/versions";
import dynamic from "next/dynamic";
import { VersionDetail } from "./VersionDetail";
import { VersionTimeline } from "./VersionTimeline";
import { useVersionViewState } from "./useVersionViewState";

// Shown only for `?compare=`: the comparison (and its text diff) comes when asked for, rendered on the server too
// when the address asks for it.
const VersionComparisonView = dynamic(() => import("./VersionComparisonView").then((m) => m.VersionComparisonView));
// The metric chart (with the comparison helpers and the table toggle it uses) is fetched when the history first
// draws it: charts come after the page (issue 14: first-load JavaScript).
const MetricTrend = dynamic(() => import("./MetricTrend").then((m) => m.MetricTrend), {
  ssr: false,
  loading: () => <Spinner size="small" label="Loading the chart…" />,
});

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  bar: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
  grid: {
    display: "grid",
    gridTemplateColumns: "minmax(280px, 400px) minmax(0, 1fr)",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
    "@media (max-width: 900px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  comparing: {
    gridTemplateColumns: "minmax(0, 1fr) minmax(280px, 400px)",
    "@media (max-width: 900px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  trend: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
  },
});

const KIND_LABEL: Record<AssetKind, string> = {
  model: "model",
  environment: "environment",
  data: "data asset",
  component: "component",
};

/**
 * The one version-history view every versioned asset uses: a timeline of versions (newest first), the selected
 * version in full, a side-by-side comparison of any two (with "only differences"), and for assets whose
 * properties carry metrics, the trend of one metric across versions. What it shows lives in the URL
 * (`?version=3`, `?compare=1,3&diff=only`, `&metric=auc`), so every view is a deep link.
 */
export function VersionHistory({
  kind,
  assetName,
  versions,
  showMetricTrend = false,
  more,
  renderActions,
  renderDetail,
}: {
  kind: AssetKind;
  assetName: string;
  versions: AssetVersion[];
  showMetricTrend?: boolean;
  /** A paged history: whether older versions remain, and how to load them (asked when the last rows show). */
  more?: { hasMore: boolean; loading: boolean; load: () => void };
  /** Buttons for the selected version (edit, archive, download …). */
  renderActions?: (v: AssetVersion) => ReactNode;
  /** Kind-specific parts of the selected version (signature, build log …), shown inside its detail. */
  renderDetail?: (v: AssetVersion) => ReactNode;
}) {
  const s = useStyles();
  const { state, update } = useVersionViewState();
  const ordered = useMemo(() => sortVersionsNewestFirst(versions), [versions]);
  const [picked, setPicked] = useState<string[]>(() => state.compare ?? []);
  // A comparison opened from a link (or the back button) is also what the checkboxes show.
  const compareKey = state.compare?.join(",");
  useEffect(() => {
    if (state.compare) setPicked(state.compare);
  }, [compareKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const selectedVersion =
    state.version && ordered.some((v) => v.version === state.version) ? state.version : (ordered[0]?.version ?? null);
  const selected = ordered.find((v) => v.version === selectedVersion) ?? null;

  // Stable callbacks: the timeline and the trend are memoized and skip re-rendering when only the comparison changes.
  const togglePick = useCallback(
    (version: string) =>
      setPicked((p) => (p.includes(version) ? p.filter((x) => x !== version) : [...p.slice(-1), version])),
    [],
  );
  const selectVersion = useCallback(
    (version: string) => update({ version, compare: null, diffOnly: false }, { push: true }),
    [update],
  );
  const setMetric = useCallback((metric: string) => update({ metric }), [update]);
  // The older of the two on the left, so additions read as additions.
  const openComparison = () => {
    const [a, b] = [...picked].sort(
      (x, y) => ordered.findIndex((v) => v.version === y) - ordered.findIndex((v) => v.version === x),
    );
    update({ compare: [a, b], version: null }, { push: true });
  };

  const timeline = (
    <VersionTimeline
      key="timeline"
      versions={ordered}
      selected={state.compare ? null : selectedVersion}
      picked={picked}
      onSelect={selectVersion}
      onTogglePick={togglePick}
      onEndReached={more?.hasMore ? more.load : undefined}
      loadingMore={!!more?.loading}
    />
  );

  return (
    <div className={s.root} data-testid="version-history" data-kind={kind}>
      <div className={s.bar}>
        <Subtitle2 as="h2">
          {more?.hasMore
            ? `${ordered.length}+ versions of ${KIND_LABEL[kind]} ${assetName}`
            : `${ordered.length} version${ordered.length === 1 ? "" : "s"} of ${KIND_LABEL[kind]} ${assetName}`}
        </Subtitle2>
        <Tooltip
          content={
            picked.length === 2
              ? `Compare version ${picked[0]} with version ${picked[1]}`
              : "Tick two versions in the timeline to compare them"
          }
          relationship="description"
        >
          <Button icon={<BranchCompareRegular />} disabledFocusable={picked.length !== 2} onClick={openComparison}>
            Compare{picked.length ? ` (${picked.length}/2)` : ""}
          </Button>
        </Tooltip>
        {picked.length ? <Caption1>Picked: {picked.map((p) => `version ${p}`).join(" and ")}</Caption1> : null}
      </div>
      {showMetricTrend && ordered.length > 0 ? (
        <section className={s.trend} aria-label="Metric across versions">
          <Subtitle2 as="h3">Metric across versions</Subtitle2>
          <MetricTrend versions={ordered} metric={state.metric} onMetricChange={setMetric} />
        </section>
      ) : null}
      {/* Comparing, the comparison is the page's subject: it comes first, in the document and on screen (the timeline
          moves to the right), so a link to a comparison shows it before the browser has parsed the timeline. Keyed
          children: the timeline keeps its DOM node (and its scroll position) when a comparison opens or closes. */}
      <div className={mergeClasses(s.grid, !!state.compare && s.comparing)}>
        {state.compare
          ? [
              <VersionComparisonView
                key="comparison"
                versions={ordered}
                left={state.compare[0]}
                right={state.compare[1]}
                onlyDifferences={state.diffOnly}
                onChange={(n) =>
                  update({
                    compare: [n.left ?? state.compare![0], n.right ?? state.compare![1]],
                    diffOnly: n.onlyDifferences ?? state.diffOnly,
                  })
                }
                onClose={() => update({ compare: null, diffOnly: false }, { push: true })}
              />,
              timeline,
            ]
          : [
              timeline,
              selected ? (
                <VersionDetail key="detail" version={selected} actions={renderActions?.(selected)}>
                  {renderDetail?.(selected)}
                </VersionDetail>
              ) : (
                <Caption1 key="detail">This {KIND_LABEL[kind]} has no versions yet.</Caption1>
              ),
            ]}
      </div>
    </div>
  );
}
