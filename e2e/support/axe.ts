/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) over what a page shows now, for the accessibility spec and for states
 * that only a feature's own spec reaches (a sweep's Trials tab after its trials ran).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "./test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe on what the page shows now; every violation is reported (soft), so one run lists them all. */
export async function audit(page: Page, where: string) {
  // A dialog that has just opened is still fading in: axe would measure its text's contrast at part opacity. Wait
  // for every finite animation running now (a spinner's endless one is not waited for).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.playState === "running" && a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const { violations } = await new AxeBuilder({ page })
    // Experimental in axe, so off by default; the issue found it on every page (WCAG 2.5.3, label in name).
    // Before withTags: options() replaces the whole options object.
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .withTags(WCAG_TAGS)
    // Fluent's focus manager (Tabster) puts aria-hidden <i tabindex=0> sentinels around arrow-key groups and
    // dialogs; they hand focus on at once and must stay hidden from screen readers (microsoft/tabster#288, a
    // documented false positive that Accessibility Insights also suppresses). Everything else is audited.
    .exclude("[data-tabster-dummy]")
    .analyze();
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(" ")} — ${v.help}`),
  );
  expect.soft(lines, `axe violations on ${where}`).toEqual([]);
}
