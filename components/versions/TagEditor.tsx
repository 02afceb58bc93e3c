"use client";
import { Button, Input, makeStyles, tokens } from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";

const useStyles = makeStyles({
  row: {
    display: "grid",
    gridTemplateColumns: "1fr 1fr auto",
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalXS,
  },
});

export type TagRow = { key: string; value: string };
export const toRows = (tags: Record<string, string>): TagRow[] =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));
export const fromRows = (rows: TagRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));

/** Key/value rows for tags or properties. */
export function TagEditor({
  rows,
  onChange,
  label,
}: {
  rows: TagRow[];
  onChange: (rows: TagRow[]) => void;
  label: string;
}) {
  const s = useStyles();
  return (
    <div role="group" aria-label={label}>
      {rows.map((r, i) => (
        <div key={i} className={s.row}>
          <Input
            aria-label={`${label} key ${i + 1}`}
            placeholder="key"
            value={r.key}
            onChange={(_, d) => onChange(rows.map((x, j) => (j === i ? { ...x, key: d.value } : x)))}
          />
          <Input
            aria-label={`${label} value ${i + 1}`}
            placeholder="value"
            value={r.value}
            onChange={(_, d) => onChange(rows.map((x, j) => (j === i ? { ...x, value: d.value } : x)))}
          />
          <Button
            appearance="subtle"
            icon={<DeleteRegular />}
            aria-label={`Remove ${label.toLowerCase()} ${r.key || i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button size="small" icon={<AddRegular />} onClick={() => onChange([...rows, { key: "", value: "" }])}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </Button>
    </div>
  );
}
