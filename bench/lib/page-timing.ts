/**
 * Timing inside a Chromium page for the benchmarks. Scripts go to the page as strings: tsx's keepNames helpers
 * (__name) do not exist there.
 */
import type { Page } from "@playwright/test";

/** Resolves with the time from a resource's (or the page's own) responseEnd to the frame after `ready()` holds. */
export const WAIT_FOR_RENDER = `(resourceRe, readySrc, timeoutMs) => new Promise((resolve, reject) => {
  const ready = new Function(readySrc);
  const timer = setTimeout(() => reject(new Error("not rendered within " + timeoutMs + " ms")), timeoutMs);
  const finish = () => requestAnimationFrame(() => {
    const painted = performance.now();
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    const entry = entries.find((e) => new RegExp(resourceRe).test(e.name));
    clearTimeout(timer);
    if (!entry) reject(new Error("no resource timing matching " + resourceRe));
    else resolve(painted - entry.responseEnd);
  });
  if (ready()) return finish();
  const mo = new MutationObserver(() => { if (ready()) { mo.disconnect(); finish(); } });
  mo.observe(document.body, { childList: true, subtree: true });
})`;

/** Calls an in-page function given as source with the arguments spread from `args`. */
export async function evalFn<T>(page: Page, fnSource: string, args: unknown[]): Promise<T> {
  return page.evaluate(`(${fnSource})(...${JSON.stringify(args)})`) as Promise<T>;
}

/** requestAnimationFrame gaps recorded in the page until `stop()`. */
export async function frameGaps(page: Page, during: () => Promise<void>): Promise<number[]> {
  // Scripts go to the page as strings: tsx's keepNames helpers (__name) do not exist there.
  await page.evaluate(`(() => {
    window.__gaps = []; window.__stop = false;
    let last = performance.now();
    const tick = (t) => { window.__gaps.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await during();
  return page.evaluate(`(() => { window.__stop = true; return window.__gaps.slice(1); })()`) as Promise<number[]>;
}
