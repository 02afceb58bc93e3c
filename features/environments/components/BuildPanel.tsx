"use client";
import { useEffect, useRef } from "react";
import { Badge, Caption1, Spinner, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { ErrorBar } from "@/components/common/ErrorBar";
import { formatWhen } from "@/components/versions";
import { useEnvironmentBuild } from "../hooks";

const useStyles = makeStyles({
  head: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  log: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: "280px",
    overflow: "auto",
    margin: 0,
    whiteSpace: "pre-wrap",
  },
});

const COLOR = { NotStarted: "informative", Running: "brand", Succeeded: "success", Failed: "danger" } as const;

/** The image build of a version: status (polled while it runs) and the log as the service writes it. */
export function BuildPanel({ workspace, name, version }: { workspace: WorkspaceRef; name: string; version: string }) {
  const s = useStyles();
  const build = useEnvironmentBuild(workspace, name, version);
  const logRef = useRef<HTMLPreElement>(null);
  const b = build.data?.data;
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [b?.log]);
  return (
    <section aria-label="Image build">
      <div className={s.head}>
        <Subtitle2 as="h3">Image build</Subtitle2>
        {b ? (
          <Badge appearance="filled" color={COLOR[b.status]} data-testid="build-status">
            {b.curated ? "Prebuilt (curated)" : b.status}
          </Badge>
        ) : null}
        {b?.status === "Running" || b?.status === "NotStarted" ? (
          <Spinner size="extra-tiny" aria-label="Building" />
        ) : null}
      </div>
      {build.isLoading ? <Spinner size="tiny" label="Reading the build…" /> : null}
      <ErrorBar error={build.error} title="The build could not be read" />
      {b ? (
        <>
          <Caption1 block>
            {b.startedAt
              ? `Started ${formatWhen(b.startedAt)}`
              : b.curated
                ? "Curated environments are built and maintained by Azure Machine Learning."
                : "Queued"}
            {b.endedAt ? ` · finished ${formatWhen(b.endedAt)}` : ""}
          </Caption1>
          {b.error ? (
            <Caption1 block style={{ color: "var(--colorPaletteRedForeground1)" }}>
              {b.error}
            </Caption1>
          ) : null}
          {b.log ? (
            <pre
              ref={logRef}
              className={s.log}
              tabIndex={0}
              role="region"
              aria-label="Build log"
              data-testid="build-log"
            >
              {b.log}
            </pre>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
