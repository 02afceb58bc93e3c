"use client";
import type { ReactNode } from "react";
import { Card, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    padding: tokens.spacingHorizontalL,
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground2,
  },
  card: { width: "min(480px, 100%)", padding: tokens.spacingHorizontalXXL },
  art: { width: "100%", height: "auto" },
});

/** The (auth) pages' frame: one centred card. */
export function AuthCard({ children }: { children: ReactNode }) {
  const s = useStyles();
  return (
    <main className={s.page}>
      <Card className={s.card}>
        {/* Decorative artwork from public/ (a plain img: a static SVG needs no image optimisation). */}
        <img className={s.art} src="/sign-in-art.svg" alt="" width={432} height={96} />
        {children}
      </Card>
    </main>
  );
}
