"use client";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { collapseUnchanged, type LineDiffRow } from "@/lib/domain/version-compare";

const useStyles = makeStyles({
  table: {
    width: "100%",
    borderCollapse: "collapse",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: "18px",
  },
  num: {
    width: "1%",
    whiteSpace: "nowrap",
    textAlign: "right",
    padding: "0 6px",
    color: tokens.colorNeutralForeground3,
    userSelect: "none",
    verticalAlign: "top",
  },
  sign: { width: "1%", padding: "0 4px", userSelect: "none", verticalAlign: "top" },
  text: { whiteSpace: "pre-wrap", wordBreak: "break-all", padding: "0 6px" },
  added: { backgroundColor: tokens.colorPaletteGreenBackground1 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1 },
  gap: {
    color: tokens.colorNeutralForeground3,
    backgroundColor: tokens.colorNeutralBackground3,
    fontStyle: "italic",
    padding: "0 6px",
  },
  frame: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: "auto",
    maxHeight: "420px",
  },
});

/** A unified line-by-line diff: line numbers of both sides, +/- marks; with `onlyChanges`, unchanged runs fold. */
export function TextDiff({ rows, onlyChanges, label }: { rows: LineDiffRow[]; onlyChanges: boolean; label: string }) {
  const s = useStyles();
  const shown = onlyChanges ? collapseUnchanged(rows, 2) : rows;
  return (
    <div className={s.frame} tabIndex={0} role="region" aria-label={label}>
      <table className={s.table} aria-label={label}>
        <tbody>
          {shown.map((r, i) =>
            r.kind === "gap" ? (
              <tr key={i}>
                <td colSpan={4} className={s.gap}>
                  … {r.hidden} unchanged line{r.hidden === 1 ? "" : "s"}
                </td>
              </tr>
            ) : (
              <tr
                key={i}
                className={mergeClasses(r.kind === "added" && s.added, r.kind === "removed" && s.removed)}
                data-diff={r.kind}
              >
                <td className={s.num}>{r.leftLine ?? ""}</td>
                <td className={s.num}>{r.rightLine ?? ""}</td>
                <td className={s.sign} aria-label={r.kind === "same" ? undefined : r.kind}>
                  {r.kind === "added" ? "+" : r.kind === "removed" ? "−" : " "}
                </td>
                <td className={s.text}>{r.text}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
