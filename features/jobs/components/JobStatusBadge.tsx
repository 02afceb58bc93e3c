"use client";
import { Badge, Spinner, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

const COLOR: Record<string, "success" | "danger" | "warning" | "informative" | "subtle" | "brand"> = {
  Completed: "success",
  Failed: "danger",
  Canceled: "warning",
  CancelRequested: "warning",
  Running: "brand",
  Preparing: "informative",
  Queued: "informative",
  Finalizing: "informative",
  NotStarted: "subtle",
};

export const STATUS_COLORS: Record<string, string> = {
  Completed: "#107c10",
  Failed: "#c50f1f",
  Canceled: "#bc4b09",
  CancelRequested: "#bc4b09",
  Running: "#0f6cbd",
  Preparing: "#5c2e91",
  Queued: "#8a8886",
  Finalizing: "#005b70",
  NotStarted: "#c8c6c4",
};

const ACTIVE = ["Running", "Preparing", "Queued", "Finalizing", "CancelRequested", "Starting", "Provisioning"];

/** A job's status where it stands alone (a job's header, its steps): a badge with a spinner while it is active. */
export function JobStatusBadge({ status }: { status: string }) {
  return (
    <Badge
      appearance="tint"
      color={COLOR[status] ?? "subtle"}
      data-status={status}
      icon={ACTIVE.includes(status) ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
    >
      {status}
    </Badge>
  );
}

// The tint badge's look in plain classes: a list mounts dozens of rows per frame while it scrolls.
const tint = (background: string, color: string, border: string) => ({
  backgroundColor: background,
  color,
  border: `${tokens.strokeWidthThin} solid ${border}`,
});
const useChipStyles = makeStyles({
  chip: {
    display: "inline-block",
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusCircular,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: "18px",
    whiteSpace: "nowrap",
  },
  success: tint(
    tokens.colorPaletteGreenBackground1,
    tokens.colorPaletteGreenForeground1,
    tokens.colorPaletteGreenBorder1,
  ),
  danger: tint(tokens.colorPaletteRedBackground1, tokens.colorPaletteRedForeground1, tokens.colorPaletteRedBorder1),
  warning: tint(
    tokens.colorPaletteDarkOrangeBackground1,
    tokens.colorPaletteDarkOrangeForeground1,
    tokens.colorPaletteDarkOrangeBorder1,
  ),
  brand: tint(tokens.colorBrandBackground2, tokens.colorBrandForeground2, tokens.colorBrandStroke2),
  informative: tint(tokens.colorNeutralBackground4, tokens.colorNeutralForeground2, tokens.colorNeutralStroke2),
  subtle: tint(tokens.colorNeutralBackground1, tokens.colorNeutralForeground3, tokens.colorNeutralStroke2),
});

/**
 * A job's status in a long list (the jobs list, a sweep's trials): the badge's colours on one plain element, and no
 * spinner (a spinner per row keeps the page repainting every frame; the words say the status either way).
 */
export function JobStatusChip({ status }: { status: string }) {
  const s = useChipStyles();
  return (
    <span className={mergeClasses(s.chip, s[COLOR[status] ?? "subtle"])} data-status={status}>
      {status}
    </span>
  );
}
