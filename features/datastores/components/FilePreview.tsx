"use client";
import {
  Caption1,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import type { Preview } from "@/lib/domain/datastores";
import { formatBytes } from "@/lib/domain/preview";
import { ErrorBar } from "@/components/common/ErrorBar";
import { usePreview } from "../hooks";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  scroll: {
    overflow: "auto",
    maxHeight: "480px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  pre: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "pre",
    overflow: "auto",
    maxHeight: "480px",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  cell: { whiteSpace: "nowrap", fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  img: {
    maxWidth: "100%",
    maxHeight: "480px",
    objectFit: "contain",
    alignSelf: "flex-start",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

function Grid({ columns, rows, label }: { columns: string[]; rows: unknown[][]; label: string }) {
  const s = useStyles();
  return (
    <div className={s.scroll} tabIndex={0} role="region" aria-label={label}>
      <Table size="extra-small" aria-label={label} style={{ width: "auto", minWidth: "100%" }}>
        <TableHeader>
          <TableRow>
            {columns.map((c, i) => (
              <TableHeaderCell key={i} className={s.cell}>
                {c}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={i}>
              {columns.map((_, j) => (
                <TableCell key={j} className={s.cell}>
                  {r[j] === null || r[j] === undefined
                    ? ""
                    : typeof r[j] === "object"
                      ? JSON.stringify(r[j])
                      : String(r[j])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function PreviewBody({ preview }: { preview: Preview }) {
  const s = useStyles();
  switch (preview.kind) {
    case "table":
      return (
        <>
          <Caption1>
            {preview.format.toUpperCase()} · first {preview.rows.length} rows ·{" "}
            {preview.headerDetected ? "header detected" : "no header row detected"} · read{" "}
            {formatBytes(preview.bytesRead)} of {formatBytes(preview.size)}
          </Caption1>
          {preview.problems.map((p, i) => (
            <Caption1 key={i} className={s.warn}>
              {p}
            </Caption1>
          ))}
          <Grid columns={preview.columns} rows={preview.rows} label="CSV preview" />
        </>
      );
    case "parquet":
      return (
        <>
          <Caption1>
            Parquet · {preview.numRows.toLocaleString()} rows in {preview.rowGroups} row group
            {preview.rowGroups === 1 ? "" : "s"} · showing {preview.rows.length} · read {formatBytes(preview.bytesRead)}{" "}
            of {formatBytes(preview.size)}
          </Caption1>
          <Caption1>Schema: {preview.schema.map((c) => `${c.name} (${c.type})`).join(", ")}</Caption1>
          <Grid
            columns={preview.schema.map((c) => c.name)}
            rows={preview.rows.map((r) => preview.schema.map((c) => (r as Record<string, unknown>)[c.name]))}
            label="Parquet preview"
          />
        </>
      );
    case "json":
      return (
        <pre className={s.pre} tabIndex={0} role="region" aria-label="JSON preview">
          {JSON.stringify(preview.value, null, 2)}
        </pre>
      );
    case "jsonl":
      return (
        <>
          <Caption1>
            JSON Lines · first {preview.records.length} records
            {preview.badLines.length ? ` · lines ${preview.badLines.slice(0, 5).join(", ")} are not valid JSON` : ""}
          </Caption1>
          <pre className={s.pre} tabIndex={0} role="region" aria-label="JSON Lines preview">
            {preview.records.map((r) => JSON.stringify(r)).join("\n")}
          </pre>
        </>
      );
    case "text":
      return (
        <>
          <Caption1>
            {preview.tail
              ? `Last ${formatBytes(preview.bytesRead)} of ${formatBytes(preview.size)}`
              : formatBytes(preview.size)}
          </Caption1>
          <pre className={s.pre} tabIndex={0} role="region" aria-label="Text preview">
            {preview.text}
          </pre>
        </>
      );
    case "image":
      return <img className={s.img} src={preview.url} alt="Image preview" />;
    case "none":
      return <Caption1>{preview.reason}</Caption1>;
  }
}

/** The previewer for one file of a datastore: tables, Parquet, JSON(L), text (tail) and images. */
export function FilePreview({
  workspace,
  datastore,
  path,
}: {
  workspace: WorkspaceRef;
  datastore: string;
  path: string;
}) {
  const s = useStyles();
  const q = usePreview(workspace, datastore, path);
  return (
    <section className={s.root} aria-label="Preview" data-testid="file-preview">
      {q.isLoading ? <Spinner size="tiny" label="Reading the start of the file…" /> : null}
      <ErrorBar error={q.error} title="Cannot preview this file" />
      {q.data ? <PreviewBody preview={q.data.data} /> : null}
    </section>
  );
}
