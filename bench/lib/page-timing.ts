/**
 * Timing inside a Chromium page for the benchmarks. Scripts go to the page as strings: tsx's keepNames helpers
 * (__name) do not exist there.
 */
import type { Disposable, Page, Request } from "@playwright/test";

/** A table row with cells: a row of data, not the header row (which has column headers) of the same table. */
export const DATA_ROW = `[role="row"]:has(> [role="cell"])`;

/**
 * Navigation → the frame that first paints a visible element matching `selector`, on the page's own clock (ms after its
 * navigation started). Install before the navigations it times, read with `firstPaintMs` after each, and dispose of
 * it after the last: left installed, it would watch every later page of the same tab.
 * Timed in the page, not by the bench: the bench process also hosts the local workspace service, and when it is busy
 * (a 1,000-step pipeline starting) its late event loop added 0.5–1 s of Playwright round trips to such figures.
 */
export function markFirstPaint(page: Page, selector: string): Promise<Disposable> {
  return page.addInitScript(`(() => {
    // Visible, not only in the DOM: React Flow renders a node hidden until it has measured it.
    const shown = () => [...document.querySelectorAll(${JSON.stringify(selector)})].some((e) =>
      e.checkVisibility({ visibilityProperty: true, opacityProperty: true }));
    const mo = new MutationObserver(() => {
      if (!shown()) return;
      mo.disconnect();
      requestAnimationFrame(() => { window.__firstPaint = performance.now(); });
    });
    mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["style", "class"] });
  })()`);
}

/** The mark `markFirstPaint` set on the current document, once it is set (rounded ms after navigation start). */
export async function firstPaintMs(page: Page, timeoutMs = 60_000): Promise<number> {
  // A function, not a string: a string predicate is compiled with eval, which the studio's CSP forbids.
  await page.waitForFunction(() => (window as { __firstPaint?: number }).__firstPaint !== undefined, null, {
    timeout: timeoutMs,
  });
  return Math.round(await page.evaluate(() => (window as { __firstPaint?: number }).__firstPaint!));
}

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

/**
 * Waits until React owns the element matched by `selector` (its fiber is attached: server-rendered HTML is on screen
 * before hydration), the page's first fetches have settled, and two more frames have run (the router's effects).
 */
export async function waitUntilHydrated(page: Page, selector: string): Promise<void> {
  // A function's source, not an expression: Playwright calls it, where an expression would be eval'd (the CSP forbids).
  await page.waitForFunction(
    `() => { const el = document.querySelector(${JSON.stringify(selector)}); return !!el && Object.keys(el).some((k) => k.startsWith("__reactFiber")); }`,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForLoadState("networkidle");
  await page.evaluate(`new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))`);
}

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

/**
 * Tracks the page's requests so a bench can wait, between samples, until none is in flight (a person looks at what
 * they picked before picking again): otherwise the answers to the samples before arrive during the next one and are
 * counted in it. Page loads and server-sent event streams are not counted.
 */
export function trackRequests(page: Page) {
  const inFlight = new Set<Request>();
  const counted = (r: Request) => r.resourceType() === "fetch" && !r.headers()["accept"]?.includes("text/event-stream");
  const start = (r: Request) => void (counted(r) && inFlight.add(r));
  const end = (r: Request) => void inFlight.delete(r);
  page.on("request", start);
  page.on("requestfinished", end);
  page.on("requestfailed", end);
  return {
    /** Resolves once no request has been in flight for `quietMs`; rejects after `timeoutMs`. */
    async idle(quietMs = 50, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      let quietSince = inFlight.size ? 0 : Date.now();
      while (!quietSince || Date.now() - quietSince < quietMs) {
        if (Date.now() > until) throw new Error(`${inFlight.size} requests still in flight after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
        if (inFlight.size) quietSince = 0;
        else if (!quietSince) quietSince = Date.now();
      }
    },
    dispose() {
      page.off("request", start);
      page.off("requestfinished", end);
      page.off("requestfailed", end);
    },
  };
}
