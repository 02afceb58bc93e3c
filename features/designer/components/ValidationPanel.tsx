"use client";
import React from "react";
import { Button, Caption1, makeStyles, shorthands, tokens } from "@fluentui/react-components";
import { CheckmarkCircleRegular } from "@fluentui/react-icons/svg/checkmark-circle";
import { ErrorCircleRegular } from "@fluentui/react-icons/svg/error-circle";
import { WarningRegular } from "@fluentui/react-icons/svg/warning";
import type { ValidationProblem } from "@/lib/domain/pipeline";

const useStyles = makeStyles({
  root: { ...shorthands.overflow("auto"), height: "100%", ...shorthands.padding("4px", tokens.spacingHorizontalS) },
  row: {
    display: "flex",
    alignItems: "flex-start",
    gap: "6px",
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "left",
    fontWeight: tokens.fontWeightRegular,
  },
  ok: { display: "flex", alignItems: "center", gap: "6px", color: tokens.colorPaletteGreenForeground1 },
  err: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
});

/** Problems, errors first; clicking one focuses the node it is about. */
export function ValidationPanel({
  problems,
  onFocus,
}: {
  problems: ValidationProblem[];
  onFocus(nodeId: string): void;
}) {
  const s = useStyles();
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  return (
    <section className={s.root} aria-label="Validation" data-testid="validation">
      {errors.length === 0 ? (
        <div className={s.ok} role="status">
          <CheckmarkCircleRegular /> The pipeline is valid
          {warnings.length ? ` (${warnings.length} warning${warnings.length > 1 ? "s" : ""})` : ""}.
        </div>
      ) : (
        <Caption1 role="status">
          {errors.length} error{errors.length > 1 ? "s" : ""}
          {warnings.length ? `, ${warnings.length} warning${warnings.length > 1 ? "s" : ""}` : ""}
        </Caption1>
      )}
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {[...errors, ...warnings].slice(0, 200).map((p, i) => (
          <li key={i}>
            <Button
              appearance="subtle"
              size="small"
              className={s.row}
              disabled={!p.nodeId}
              onClick={() => p.nodeId && onFocus(p.nodeId)}
            >
              {p.severity === "error" ? (
                <ErrorCircleRegular className={s.err} aria-label="Error" />
              ) : (
                <WarningRegular className={s.warn} aria-label="Warning" />
              )}
              <span>{p.message}</span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
