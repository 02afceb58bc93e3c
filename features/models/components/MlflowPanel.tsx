"use client";
import {
  Caption1,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { SignatureColumn } from "@/lib/domain/models";
import type { MlflowInfo } from "../server/models";

const useStyles = makeStyles({
  pre: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    overflow: "auto",
    maxHeight: "260px",
    margin: 0,
  },
});

function Columns({ label, cols }: { label: string; cols: SignatureColumn[] | null }) {
  if (!cols) return <Caption1 block>{label}: not recorded.</Caption1>;
  return (
    <Table size="extra-small" aria-label={`Signature ${label.toLowerCase()}`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{label}</TableHeaderCell>
          <TableHeaderCell>Type</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {cols.map((c, i) => (
          <TableRow key={i}>
            <TableCell>{c.name ?? `#${i}`}</TableCell>
            <TableCell>
              {c.type === "tensor" ? `tensor ${c.dtype ?? ""} [${(c.shape ?? []).join(", ")}]` : c.type}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** An MLflow model's signature (inputs, outputs) and saved input example. */
export function MlflowPanel({
  info,
  loading,
  error,
}: {
  info: MlflowInfo | undefined;
  loading: boolean;
  error: unknown;
}) {
  const s = useStyles();
  if (loading) return <Spinner size="tiny" label="Reading the MLmodel file…" />;
  if (error) return <Caption1>The MLmodel file could not be read: {(error as Error).message}</Caption1>;
  if (!info?.isMlflow) return null;
  return (
    <section aria-label="MLflow signature">
      <Subtitle2 as="h3">Signature</Subtitle2>
      {info.signature ? (
        <>
          <Columns label="Inputs" cols={info.signature.inputs} />
          <Columns label="Outputs" cols={info.signature.outputs} />
        </>
      ) : (
        <Caption1 block>
          {info.mlmodel ? "The MLmodel file has no signature." : "No MLmodel file was found in this version's files."}
        </Caption1>
      )}
      <Subtitle2 as="h3">Input example</Subtitle2>
      {info.inputExample === null ? (
        <Caption1 block>No input example was saved.</Caption1>
      ) : (
        <pre className={s.pre} tabIndex={0} role="region" aria-label="Input example">
          {typeof info.inputExample === "string" ? info.inputExample : JSON.stringify(info.inputExample, null, 2)}
          {info.inputExampleTruncated ? "\n… (first 64 KB)" : ""}
        </pre>
      )}
    </section>
  );
}
