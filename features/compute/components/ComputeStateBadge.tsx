"use client";
import { Badge, Spinner } from "@fluentui/react-components";
import type { ComputeSummary } from "../model";
import { isTransitioning } from "../model";

const COLOR: Record<string, "success" | "danger" | "warning" | "informative" | "subtle"> = {
  Running: "success",
  Succeeded: "success",
  Steady: "success",
  Stopped: "subtle",
  Failed: "danger",
  Unusable: "danger",
};

export function ComputeStateBadge({ compute }: { compute: ComputeSummary }) {
  const moving = isTransitioning(compute) && compute.state !== "Steady";
  return (
    <Badge
      appearance="tint"
      color={COLOR[compute.state] ?? (moving ? "warning" : "informative")}
      data-testid={`state-${compute.name}`}
      icon={moving ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
    >
      {compute.state}
    </Badge>
  );
}
