"use client";
import { Badge, MessageBar, MessageBarBody, MessageBarTitle, Tooltip } from "@fluentui/react-components";
import type { CacheMeta } from "@/lib/client/api";

export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

/** Where a list came from and how old it is; a loud bar when the upstream is down and the data is stale. */
export function CacheStatus({ cache }: { cache: CacheMeta | undefined }) {
  if (!cache) return null;
  if (cache.source === "stale") {
    return (
      <MessageBar intent="warning" role="status">
        <MessageBarBody>
          <MessageBarTitle>The workspace service is not answering.</MessageBarTitle>
          Showing data cached {formatAge(cache.ageMs)} ago. {cache.upstreamError}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <Tooltip
      content={cache.source === "cache" ? "Served from the studio's cache" : "Fetched from the workspace service"}
      relationship="description"
    >
      <Badge appearance="outline" color="informative" data-testid="cache-status">
        {cache.source === "cache" ? `cached · ${formatAge(cache.ageMs)} old` : "live"}
      </Badge>
    </Tooltip>
  );
}
