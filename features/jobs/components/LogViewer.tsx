"use client";
import React, { useEffect, useMemo, useRef, useState } from "react";
import { Button, Caption1, SearchBox, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
import { useVirtualizer } from "@tanstack/react-virtual";
import { apiPath, type WorkspaceRef } from "@/lib/domain/arm-names";
import { useLogStream } from "../hooks";

const LINE = 18;
const useStyles = makeStyles({
  bar: {
    display: "flex",
    gap: tokens.spacingHorizontalM,
    alignItems: "center",
    flexWrap: "wrap",
    marginBottom: tokens.spacingVerticalS,
  },
  box: {
    height: "420px",
    overflow: "auto",
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: "12px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  line: {
    position: "absolute",
    left: 0,
    right: 0,
    height: `${LINE}px`,
    lineHeight: `${LINE}px`,
    whiteSpace: "pre",
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  mark: { backgroundColor: tokens.colorPaletteYellowBackground2 },
});

/** A run's log followed live (Server-Sent Events): follow mode keeps the newest line in view; search shows matching lines. */
export function LogViewer({ workspace, job, step }: { workspace: WorkspaceRef; job: string; step: string | null }) {
  const s = useStyles();
  const log = useLogStream(workspace, job, step);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState("");
  const lines = useMemo(() => {
    const all = log.text.split("\n");
    if (all[all.length - 1] === "") all.pop();
    const q = query.trim().toLowerCase();
    return q ? all.filter((l) => l.toLowerCase().includes(q)) : all;
  }, [log.text, query]);
  const box = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: lines.length,
    getScrollElement: () => box.current,
    estimateSize: () => LINE,
    overscan: 20,
  });
  useEffect(() => {
    if (follow && lines.length) virtual.scrollToIndex(lines.length - 1, { align: "end" });
  }, [follow, lines.length, virtual]);
  const download = `${apiPath(workspace)}/jobs/${encodeURIComponent(job)}/logs/download${step ? `?step=${encodeURIComponent(step)}` : ""}`;
  return (
    <div>
      <div className={s.bar}>
        <Switch label="Follow" checked={follow} onChange={(_, d) => setFollow(d.checked)} />
        <SearchBox
          placeholder="Search the log"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          aria-label="Search the log"
        />
        <Button as="a" href={download} icon={<ArrowDownloadRegular />} appearance="subtle" download>
          Download
        </Button>
        <Caption1 aria-live="polite" data-testid="log-state">
          {log.error
            ? `Error: ${log.error}`
            : log.ended
              ? `Ended (${log.status}) · ${lines.length} lines`
              : log.connected
                ? `Live · ${lines.length} lines${query ? " matching" : ""}`
                : "Connecting…"}
        </Caption1>
      </div>
      <div
        ref={box}
        className={s.box}
        tabIndex={0}
        role="log"
        aria-label="Log"
        aria-live="off"
        data-testid="log-view"
        onWheel={() => setFollow(false)}
      >
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {virtual.getVirtualItems().map((v) => (
            <div key={v.index} className={s.line} style={{ transform: `translateY(${v.start}px)` }}>
              {highlight(lines[v.index], query, s.mark)}
            </div>
          ))}
        </div>
        {lines.length === 0 ? (
          <Caption1 style={{ padding: 8, display: "block" }}>
            {log.ended ? "This run wrote no log." : "No output yet."}
          </Caption1>
        ) : null}
      </div>
    </div>
  );
}

function highlight(line: string, query: string, cls: string) {
  const q = query.trim();
  if (!q) return line;
  const i = line.toLowerCase().indexOf(q.toLowerCase());
  if (i < 0) return line;
  return (
    <>
      {line.slice(0, i)}
      <mark className={cls}>{line.slice(i, i + q.length)}</mark>
      {line.slice(i + q.length)}
    </>
  );
}
