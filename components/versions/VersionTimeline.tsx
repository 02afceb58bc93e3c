"use client";
import { memo, useEffect, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Badge, Caption1, Checkbox, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { AssetVersion } from "@/lib/domain/versions";

const ROW_HEIGHT = 76;
/** A paged history asks for its next page when the last rendered row is this close to the end. */
const LOAD_MORE_WITHIN = 10;

const useStyles = makeStyles({
  scroller: {
    maxHeight: "min(520px, 60vh)",
    overflow: "auto",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    position: "relative",
  },
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    boxSizing: "border-box",
    display: "grid",
    gridTemplateColumns: "32px 1fr",
    alignItems: "start",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    ":hover": { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  line: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
    minWidth: 0,
    overflow: "hidden",
    whiteSpace: "nowrap",
  },
  muted: {
    color: tokens.colorNeutralForeground3,
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
    minWidth: 0,
  },
  archived: { opacity: 0.65 },
  loadingMore: { padding: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground3 },
});

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const formatWhen = (iso?: string) => (iso ? dateFmt.format(new Date(iso)) : "—");

/**
 * The versions, newest first, as a virtualized timeline: only the rows on screen are in the DOM, so a history of
 * thousands of versions renders as fast as one of ten. A click selects a version; the checkbox picks it for comparison.
 * A paged history passes `onEndReached`: called when the last rows come on screen, it loads the next page.
 */
export const VersionTimeline = memo(function VersionTimeline({
  versions,
  selected,
  picked,
  onSelect,
  onTogglePick,
  onEndReached,
  loadingMore = false,
}: {
  versions: AssetVersion[];
  selected: string | null;
  picked: string[];
  onSelect: (version: string) => void;
  onTogglePick: (version: string) => void;
  onEndReached?: () => void;
  loadingMore?: boolean;
}) {
  const s = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: versions.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 520 },
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (onEndReached && lastShown >= versions.length - LOAD_MORE_WITHIN) onEndReached();
  }, [onEndReached, lastShown, versions.length]);
  return (
    <div>
      <div
        ref={scroller}
        className={s.scroller}
        tabIndex={0}
        role="list"
        aria-label="Version history"
        data-testid="version-timeline"
        data-count={versions.length}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const v = versions[item.index];
            const tags = Object.entries(v.tags);
            return (
              <div
                key={v.version}
                role="listitem"
                aria-label={`Version ${v.version}`}
                aria-current={selected === v.version ? "true" : undefined}
                className={mergeClasses(s.row, selected === v.version && s.selected, v.archived && s.archived)}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(v.version)}
              >
                <Checkbox
                  aria-label={`Pick version ${v.version} to compare`}
                  checked={picked.includes(v.version)}
                  onClick={(e) => e.stopPropagation()}
                  onChange={() => onTogglePick(v.version)}
                />
                <div style={{ minWidth: 0 }}>
                  <div className={s.line}>
                    <Text weight="semibold" style={{ flexShrink: 0 }}>
                      Version {v.version}
                    </Text>
                    {v.stage ? (
                      <Badge
                        style={{ flexShrink: 0 }}
                        appearance="tint"
                        color={v.stage === "Production" ? "success" : v.stage === "Archived" ? "subtle" : "informative"}
                      >
                        {v.stage}
                      </Badge>
                    ) : null}
                    {v.archived ? (
                      <Badge style={{ flexShrink: 0 }} appearance="outline" color="subtle">
                        archived
                      </Badge>
                    ) : null}
                    {/* Rendered on the server first: its time zone may differ from the browser's. */}
                    <Caption1 className={s.muted} suppressHydrationWarning>
                      {formatWhen(v.createdAt)} · {v.createdBy ?? "unknown"}
                    </Caption1>
                  </div>
                  <div className={s.line}>
                    <Caption1 className={s.muted}>{v.description || "No description"}</Caption1>
                  </div>
                  <div className={s.line}>
                    {tags.slice(0, 5).map(([k, val]) => (
                      <Badge key={k} appearance="outline" size="small" color="brand">
                        {val ? `${k}: ${val}` : k}
                      </Badge>
                    ))}
                    {tags.length > 5 ? <Caption1 className={s.muted}>+{tags.length - 5}</Caption1> : null}
                  </div>
                </div>
              </div>
            );
          })}
        </div>
      </div>
      {loadingMore ? (
        <Caption1 block role="status" className={s.loadingMore}>
          Loading older versions…
        </Caption1>
      ) : null}
    </div>
  );
});
