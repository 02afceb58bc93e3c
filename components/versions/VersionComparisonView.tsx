"use client";
import { useMemo } from "react";
import {
  Badge,
  Button,
  Caption1,
  Select,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ArrowSwapRegular } from "@fluentui/react-icons/svg/arrow-swap";
import { DismissRegular } from "@fluentui/react-icons/svg/dismiss";
import {
  compareVersions,
  visibleRows,
  type DiffStatus,
  type FileDiff,
  type KeyValueDiff,
} from "@/lib/domain/version-compare";
import type { AssetVersion } from "@/lib/domain/versions";
import { TextDiff } from "./TextDiff";
import { formatWhen } from "./VersionTimeline";
import { formatBytes } from "@/lib/domain/preview";
import { useHydrated } from "@/lib/client/hydrated";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  bar: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  changed: { backgroundColor: tokens.colorPaletteYellowBackground1 },
  added: { backgroundColor: tokens.colorPaletteGreenBackground1 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1 },
  value: { whiteSpace: "pre-wrap", wordBreak: "break-word" },
  missing: { color: tokens.colorNeutralForeground4, fontStyle: "italic" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  keyCol: { width: "22%" },
  statusCol: { width: "90px" },
});

const SECTION_LABEL: Record<string, string> = {
  metadata: "Overview",
  properties: "Properties",
  tags: "Tags",
  fields: "Contents",
};
const METADATA_LABEL: Record<string, string> = {
  description: "Description",
  createdBy: "Created by",
  createdAt: "Created",
  stage: "Stage",
  archived: "Archived",
};

function StatusBadge({ status }: { status: DiffStatus }) {
  if (status === "same") return <Caption1>same</Caption1>;
  const color = status === "changed" ? "warning" : status === "added" ? "success" : "danger";
  return (
    <Badge appearance="tint" color={color}>
      {status}
    </Badge>
  );
}

function useRowClass() {
  const s = useStyles();
  return (status: DiffStatus) =>
    mergeClasses(status === "changed" && s.changed, status === "added" && s.added, status === "removed" && s.removed);
}

function KeyValueSection({
  id,
  rows,
  onlyDifferences,
  left,
  right,
}: {
  id: string;
  rows: KeyValueDiff[];
  onlyDifferences: boolean;
  left: string;
  right: string;
}) {
  const s = useStyles();
  const rowClass = useRowClass();
  const shown = visibleRows(rows, onlyDifferences);
  const label = SECTION_LABEL[id];
  const value = (v: string | undefined) =>
    v === undefined ? (
      <span className={s.missing}>not set</span>
    ) : (
      // Dates are rendered on the server first, whose time zone may differ from the browser's.
      <span className={s.value} suppressHydrationWarning>
        {v === "" ? "\u00a0" : v}
      </span>
    );
  return (
    <section className={s.section} aria-label={label} data-section={id}>
      <Subtitle2 as="h3">{label}</Subtitle2>
      {shown.length === 0 ? (
        <Caption1>{rows.length === 0 ? "None on either version." : "No differences."}</Caption1>
      ) : (
        <Table size="small" aria-label={`${label}: version ${left} against version ${right}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={s.keyCol}>{id === "metadata" ? "Field" : "Key"}</TableHeaderCell>
              <TableHeaderCell>Version {left}</TableHeaderCell>
              <TableHeaderCell>Version {right}</TableHeaderCell>
              <TableHeaderCell className={s.statusCol}>Status</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((r) => (
              <TableRow key={r.key} className={rowClass(r.status)} data-status={r.status}>
                <TableCell>
                  {id === "metadata" ? (METADATA_LABEL[r.key] ?? r.key) : <span className={s.mono}>{r.key}</span>}
                </TableCell>
                <TableCell>
                  {value(id === "metadata" && r.key === "createdAt" && r.left ? formatWhen(r.left) : r.left)}
                </TableCell>
                <TableCell>
                  {value(id === "metadata" && r.key === "createdAt" && r.right ? formatWhen(r.right) : r.right)}
                </TableCell>
                <TableCell>
                  <StatusBadge status={r.status} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function FilesSection({
  rows,
  onlyDifferences,
  left,
  right,
}: {
  rows: FileDiff[];
  onlyDifferences: boolean;
  left: string;
  right: string;
}) {
  const s = useStyles();
  const rowClass = useRowClass();
  const shown = visibleRows(rows, onlyDifferences);
  const hash = (f?: { md5?: string; sha256?: string }) =>
    f ? (
      <span
        className={s.mono}
        title={[f.md5 && `MD5 ${f.md5}`, f.sha256 && `SHA-256 ${f.sha256}`].filter(Boolean).join("\n")}
      >
        {f.sha256 ? `sha256:${f.sha256.slice(0, 12)}…` : f.md5 ? `md5:${f.md5.slice(0, 12)}…` : "—"}
      </span>
    ) : (
      <span className={s.missing}>absent</span>
    );
  return (
    <section className={s.section} aria-label="Files" data-section="files">
      <Subtitle2 as="h3">Files</Subtitle2>
      {shown.length === 0 ? (
        <Caption1>{rows.length === 0 ? "No files on either version." : "No differences."}</Caption1>
      ) : (
        <Table size="small" aria-label={`Files: version ${left} against version ${right}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={s.keyCol}>Path</TableHeaderCell>
              <TableHeaderCell>Version {left}</TableHeaderCell>
              <TableHeaderCell>Version {right}</TableHeaderCell>
              <TableHeaderCell className={s.statusCol}>Status</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((r) => (
              <TableRow key={r.path} className={rowClass(r.status)} data-status={r.status}>
                <TableCell>
                  <span className={s.mono}>{r.path}</span>
                </TableCell>
                <TableCell>
                  {r.left ? (
                    <>
                      {formatBytes(r.left.size)} · {hash(r.left)}
                    </>
                  ) : (
                    hash(undefined)
                  )}
                </TableCell>
                <TableCell>
                  {r.right ? (
                    <>
                      {formatBytes(r.right.size)} · {hash(r.right)}
                    </>
                  ) : (
                    hash(undefined)
                  )}
                </TableCell>
                <TableCell>
                  <StatusBadge status={r.status} />
                  {r.reasons.length ? <Caption1> ({r.reasons.join(", ")})</Caption1> : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

/**
 * Two versions side by side: overview, properties, tags, kind-specific contents, files and documents (line diff),
 * with an "only differences" switch. Pure rendering of `compareVersions`; the URL holds which two and the switch.
 */
export function VersionComparisonView({
  versions,
  left,
  right,
  onlyDifferences,
  onChange,
  onClose,
}: {
  versions: AssetVersion[];
  left: string;
  right: string;
  onlyDifferences: boolean;
  onChange: (next: { left?: string; right?: string; onlyDifferences?: boolean }) => void;
  onClose: () => void;
}) {
  const s = useStyles();
  const byVersion = useMemo(() => new Map(versions.map((v) => [v.version, v])), [versions]);
  const a = byVersion.get(left);
  const b = byVersion.get(right);
  const comparison = useMemo(() => (a && b ? compareVersions(a, b) : null), [a, b]);
  // The server's HTML names only each picker's chosen version: a select changes nothing before the page's code runs,
  // and two lists of 100 options put 13 KB ahead of the comparison's tables in a deep link's HTML.
  const hydrated = useHydrated();
  // A native select: cheap with hundreds of versions, where a listbox of Option components is not.
  const picker = (value: string, side: "left" | "right") => (
    <Select
      aria-label={side === "left" ? "First version" : "Second version"}
      value={value}
      onChange={(_, d) => onChange({ [side]: d.value })}
      style={{ minWidth: "130px" }}
    >
      {(hydrated ? versions : versions.filter((v) => v.version === value)).map((v) => (
        // One text node: "Version {v.version}" would be two, with a comment between them in the server's HTML.
        <option key={v.version} value={v.version}>{`Version ${v.version}`}</option>
      ))}
    </Select>
  );
  return (
    <div
      className={s.root}
      data-testid="version-comparison"
      aria-label={`Comparison of version ${left} and version ${right}`}
      role="region"
    >
      <div className={s.bar}>
        <Text weight="semibold">Compare</Text>
        {picker(left, "left")}
        <Button
          appearance="subtle"
          icon={<ArrowSwapRegular />}
          aria-label="Swap the two versions"
          onClick={() => onChange({ left: right, right: left })}
        />
        {picker(right, "right")}
        <Switch
          label="Only differences"
          checked={onlyDifferences}
          onChange={(_, d) => onChange({ onlyDifferences: d.checked })}
        />
        {comparison ? (
          <Badge
            appearance="filled"
            color={comparison.differenceCount ? "warning" : "success"}
            data-testid="difference-count"
          >
            {comparison.differenceCount === 0
              ? "identical"
              : `${comparison.differenceCount} difference${comparison.differenceCount === 1 ? "" : "s"}`}
          </Badge>
        ) : null}
        <span className={s.grow} />
        <Button icon={<DismissRegular />} onClick={onClose}>
          Close comparison
        </Button>
      </div>
      {!a || !b ? (
        <Text role="alert">
          Version {!a ? left : right} does not exist
          {versions.length
            ? `; this asset has versions ${versions
                .slice(0, 10)
                .map((v) => v.version)
                .join(", ")}${versions.length > 10 ? ", …" : ""}`
            : ""}
          .
        </Text>
      ) : comparison ? (
        <>
          {(["metadata", "properties", "tags", "fields"] as const).map((id) => (
            <KeyValueSection
              key={id}
              id={id}
              rows={comparison[id]}
              onlyDifferences={onlyDifferences}
              left={left}
              right={right}
            />
          ))}
          {comparison.files.length || a.contents.files || b.contents.files ? (
            <FilesSection rows={comparison.files} onlyDifferences={onlyDifferences} left={left} right={right} />
          ) : null}
          {visibleRows(comparison.documents, onlyDifferences).map((d) => (
            <section key={d.name} className={s.section} aria-label={d.name} data-section={`document:${d.name}`}>
              <div className={s.bar}>
                <Subtitle2 as="h3">{d.name}</Subtitle2>
                <StatusBadge status={d.status} />
                {d.status !== "same" ? (
                  <Caption1>
                    +{d.added} −{d.removed} lines
                  </Caption1>
                ) : null}
              </div>
              <TextDiff
                rows={d.rows}
                onlyChanges={onlyDifferences}
                label={`${d.name}: version ${left} against version ${right}`}
              />
            </section>
          ))}
          {onlyDifferences &&
          comparison.documents.length > 0 &&
          visibleRows(comparison.documents, true).length === 0 ? (
            <Caption1>Documents ({comparison.documents.map((d) => d.name).join(", ")}): no differences.</Caption1>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
