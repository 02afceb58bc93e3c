"use client";
import type { ReactNode } from "react";
import {
  Badge,
  Caption1,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { AssetVersion } from "@/lib/domain/versions";
import { formatBytes } from "@/lib/domain/preview";
import { formatWhen } from "./VersionTimeline";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  head: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: "break-all" },
  pre: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    overflow: "auto",
    maxHeight: "320px",
    margin: 0,
  },
  keyCell: { width: "30%" },
});

function KeyValues({ label, values, empty }: { label: string; values: Record<string, string>; empty: string }) {
  const s = useStyles();
  const entries = Object.entries(values);
  return (
    <section aria-label={label}>
      <Subtitle2 as="h3">{label}</Subtitle2>
      {entries.length === 0 ? (
        <Caption1 block>{empty}</Caption1>
      ) : (
        <Table size="extra-small" aria-label={label}>
          <TableBody>
            {entries.map(([k, v]) => (
              <TableRow key={k}>
                <TableCell className={s.keyCell}>
                  <span className={s.mono}>{k}</span>
                </TableCell>
                <TableCell>
                  <span className={s.mono}>{v}</span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

/** One version in full: metadata, tags, properties, contents, files and documents; `children` add the kind's own parts. */
export function VersionDetail({
  version: v,
  actions,
  children,
}: {
  version: AssetVersion;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const s = useStyles();
  return (
    <div className={s.root} data-testid="version-detail" data-version={v.version}>
      <div className={s.head}>
        <Subtitle1 as="h2">Version {v.version}</Subtitle1>
        {v.stage ? <Badge appearance="tint">{v.stage}</Badge> : null}
        {v.archived ? (
          <Badge appearance="outline" color="subtle">
            archived
          </Badge>
        ) : null}
      </div>
      {/* Rendered on the server first: its time zone may differ from the browser's. */}
      <Caption1 suppressHydrationWarning>
        Created {formatWhen(v.createdAt)} by {v.createdBy ?? "unknown"}
      </Caption1>
      {actions}
      <Text>{v.description || <Caption1>No description.</Caption1>}</Text>
      <KeyValues label="Tags" values={v.tags} empty="No tags." />
      <KeyValues label="Properties" values={v.properties} empty="No properties." />
      <KeyValues label="Contents" values={v.contents.fields} empty="Nothing more recorded." />
      {v.contents.files ? (
        <section aria-label="Files">
          <Subtitle2 as="h3">Files</Subtitle2>
          {v.contents.files.length === 0 ? (
            <Caption1 block>No files.</Caption1>
          ) : (
            <Table size="extra-small" aria-label="Files">
              <TableBody>
                {v.contents.files.map((f) => (
                  <TableRow key={f.path}>
                    <TableCell>
                      <span className={s.mono}>{f.path}</span>
                    </TableCell>
                    <TableCell>{formatBytes(f.size)}</TableCell>
                    <TableCell>
                      <span className={s.mono} title={f.md5 ? `MD5 ${f.md5}` : undefined}>
                        {f.sha256 ? `sha256:${f.sha256.slice(0, 16)}…` : f.md5 ? `md5:${f.md5}` : "—"}
                      </span>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      ) : null}
      {children}
      {(v.contents.documents ?? []).map((d) => (
        <section key={d.name} aria-label={d.name}>
          <Subtitle2 as="h3">{d.name}</Subtitle2>
          <pre className={s.pre} tabIndex={0}>
            {d.text}
          </pre>
        </section>
      ))}
    </div>
  );
}
