"use client";
import { Badge, Spinner } from "@fluentui/react-components";

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

/**
 * `spinner={false}` where many badges share a screen (a sweep's hundreds of trials): a spinner per row keeps the
 * page repainting every frame; the words say the status either way.
 */
export function JobStatusBadge({ status, spinner = true }: { status: string; spinner?: boolean }) {
  return (
    <Badge
      appearance="tint"
      color={COLOR[status] ?? "subtle"}
      data-status={status}
      icon={spinner && ACTIVE.includes(status) ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
    >
      {status}
    </Badge>
  );
}
