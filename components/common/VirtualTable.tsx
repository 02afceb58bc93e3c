"use client";
import { useRef, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";

/** The gap between columns and the padding at each end of a row, in pixels (tokens.spacingHorizontalM). */
const COLUMN_GAP_PX = 12;

const useStyles = makeStyles({
  // The scroller scrolls both ways: when the window is narrower than the columns' minimum widths (a small screen,
  // 200 % zoom), the last columns are reached by scrolling sideways instead of being cut off.
  scroller: {
    height: "calc(100vh - 300px)",
    minHeight: "300px",
    overflow: "auto",
    position: "relative",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  // The header sits in the scroller, so it moves sideways with the columns and stays on top while rows scroll.
  head: {
    position: "sticky",
    top: 0,
    zIndex: 1,
    display: "grid",
    gap: `${COLUMN_GAP_PX}px`,
    padding: `${tokens.spacingVerticalS} ${COLUMN_GAP_PX}px`,
    boxSizing: "border-box",
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  row: {
    position: "absolute",
    left: 0,
    right: 0,
    boxSizing: "border-box",
    display: "grid",
    gap: `${COLUMN_GAP_PX}px`,
    alignItems: "center",
    padding: `0 ${COLUMN_GAP_PX}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    // The cells' style lives on the row: a cell is a plain span, with no style hook of its own to run per cell.
    "& > [role='cell']": { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", minWidth: 0 },
  },
  empty: { padding: "12px", display: "block" },
});

export interface VirtualColumn {
  header: string;
  /** The header is read by screen readers only (a column of checkboxes). */
  hidden?: boolean;
  /** Its CSS grid track, e.g. `minmax(200px, 2fr)` or `90px`. */
  width: string;
}

/**
 * The rows of a `VirtualTable` that exist now: those on screen and a few either side. A hook of its own so that the
 * list knows, while it renders, which rows are on screen (the models list asks for those rows' details, and the
 * server renders the first screen with them).
 */
export function useVirtualRows(count: number, rowHeight = 44) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    // The server renders the first screen of rows too (it has no element to measure).
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  return {
    scroller,
    items,
    rowHeight,
    totalSize: virtualizer.getTotalSize(),
    /** First and last index in the DOM (-1 when none). */
    first: items[0]?.index ?? 0,
    last: items.at(-1)?.index ?? -1,
  };
}

export type VirtualRows = ReturnType<typeof useVirtualRows>;

/**
 * The narrowest a row of these columns can be: each track's minimum (`90px`, or the first length of a `minmax`),
 * the gaps between them and the padding at both ends. A flexible track without a minimum counts as 0.
 */
export function minRowWidth(columns: readonly VirtualColumn[]): number {
  const tracks = columns.reduce(
    (sum, c) => sum + (Number(/^(?:minmax\(\s*)?(\d+(?:\.\d+)?)px/.exec(c.width)?.[1]) || 0),
    0,
  );
  return tracks + COLUMN_GAP_PX * (columns.length - 1) + 2 * COLUMN_GAP_PX;
}

/**
 * A list of any length as an ARIA table whose rows exist only while on screen (10,000 rows scroll as smoothly as
 * 10): what every asset list uses, with `useVirtualRows(rows.length)`. Rows are grid rows of one height;
 * `renderCells` gives a row's cells (each a `VirtualCell`, in the columns' order). Rows are plain elements with
 * classes: a fast fling mounts ~35 new rows in one frame, and Fluent's Table components cost several times as much.
 */
export function VirtualTable<T>({
  label,
  columns,
  rows,
  virtual,
  rowKey,
  renderCells,
  rowTestId,
  scrollerTestId,
  empty,
}: {
  label: string;
  columns: readonly VirtualColumn[];
  rows: readonly T[];
  virtual: VirtualRows;
  rowKey: (row: T) => string;
  renderCells: (row: T, index: number) => ReactNode;
  rowTestId?: (row: T) => string;
  scrollerTestId?: string;
  /** Shown under the header when there are no rows (nothing when absent, e.g. while the list is still read). */
  empty?: ReactNode;
}) {
  const s = useStyles();
  const gridTemplateColumns = columns.map((c) => c.width).join(" ");
  const minWidth = minRowWidth(columns);
  // Row 1 is the header (ARIA counts it), so the first row of data is row 2.
  return (
    <div
      ref={virtual.scroller}
      className={s.scroller}
      role="table"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      data-testid={scrollerTestId}
    >
      <div className={s.head} role="row" aria-rowindex={1} style={{ gridTemplateColumns, minWidth }}>
        {columns.map((c) => (
          <span key={c.header} role="columnheader">
            {c.hidden ? <span className="visually-hidden">{c.header}</span> : c.header}
          </span>
        ))}
      </div>
      <div style={{ height: virtual.totalSize, position: "relative", minWidth }}>
        {virtual.items.map((item) => {
          const row = rows[item.index];
          if (!row) return null; // the rows shrank (a filter) since the virtualizer last measured
          return (
            <div
              key={rowKey(row)}
              role="row"
              aria-rowindex={item.index + 2}
              data-testid={rowTestId?.(row)}
              className={s.row}
              style={{ gridTemplateColumns, height: virtual.rowHeight, transform: `translateY(${item.start}px)` }}
            >
              {renderCells(row, item.index)}
            </div>
          );
        })}
      </div>
      {rows.length === 0 && empty ? <Caption1 className={s.empty}>{empty}</Caption1> : null}
    </div>
  );
}

/** One cell of a `VirtualTable` row: one line, cut with an ellipsis (the row's style). */
export function VirtualCell({
  children,
  className,
  suppressHydrationWarning,
}: {
  children?: ReactNode;
  className?: string;
  /** For a time rendered on the server first, whose time zone may differ from the browser's. */
  suppressHydrationWarning?: boolean;
}) {
  return (
    <span role="cell" className={className} suppressHydrationWarning={suppressHydrationWarning}>
      {children}
    </span>
  );
}
