"use client";
import { useState, type ReactNode } from "react";
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  ToggleButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { TableRegular } from "@fluentui/react-icons/svg/table";

const useStyles = makeStyles({
  bar: { display: "flex", justifyContent: "flex-end", marginBottom: tokens.spacingVerticalXS },
});

/**
 * A chart or graph with a "Table" toggle that shows the same numbers as a table: the form a screen reader can read
 * and a keyboard can walk, and the one that stays usable when the picture is too large to take in.
 */
export function TableToggle({
  label,
  columns,
  rows,
  children,
}: {
  /** Names the table (and the toggle), e.g. "Steps of the pipeline". */
  label: string;
  columns: string[];
  /** One entry per row: a key and its cells, in the order of `columns`. */
  rows: { key: string; cells: ReactNode[] }[];
  /** The chart. */
  children: ReactNode;
}) {
  const s = useStyles();
  const [asTable, setAsTable] = useState(false);
  return (
    <div>
      <div className={s.bar}>
        <ToggleButton size="small" icon={<TableRegular />} checked={asTable} onClick={() => setAsTable((t) => !t)}>
          Table
        </ToggleButton>
      </div>
      {asTable ? (
        <Table size="small" aria-label={label}>
          <TableHeader>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell key={c}>{c}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                {r.cells.map((c, i) => (
                  <TableCell key={columns[i]}>{c}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        children
      )}
    </div>
  );
}
