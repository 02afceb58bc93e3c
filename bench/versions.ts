/**
 * Version histories in Chromium (Debian's, driven by Playwright) against `next start`:
 * - history.render: a model with 500 versions; from the page's response (its navigation timing's responseStart: the
 *   first page of the history is rendered on the server) to the frame that paints the timeline's first version
 *   with the selected version beside it, timed in the page; the note gives the load event (the page's code run).
 * - compare.render: with that history shown, from `history.pushState(?compare=a,b)` to the frame after the
 *   comparison's sections are in the DOM (the comparison itself plus its rendering).
 * - compare.pure: compareVersions() of two versions with conda-sized documents, in Node (the logic alone).
 * - list.render / list.scroll: 10,000 models; first rows after the list response, and frame times while
 *   scrolling the virtualized list top to bottom (p95 frame interval), with the number of rows in the DOM.
 * - list.afterWrite: 10,000 models, right after a write dropped the cached list: navigation → first rows painted.
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../playwright.config";
import { chromium, type Browser, type Page } from "@playwright/test";
import type { World } from "./lib/env";
import type { NextServer } from "./lib/next-server";
import { nowMs, summarize, type Summary } from "./lib/stats";
import {
  DATA_ROW,
  evalFn,
  firstPaintMs,
  markFirstPaint,
  trackRequests,
  waitUntilHydrated,
  WAIT_FOR_RENDER,
} from "./lib/page-timing";
import { bulkCreateModelVersions, bulkCreateModels } from "../local-workspace/seed-models";
import { workspaceId } from "../local-workspace/arm";
import { compareVersions } from "../lib/domain/version-compare";
import type { AssetVersion } from "../lib/domain/versions";

export type VersionsFigure = { id: string; label: string; summary: Summary; note?: string };

const HISTORY_MODEL = "bench-history";
const LIST_READY = `const DATA_ROW = '${DATA_ROW}'; const el = document.querySelector('[data-testid="model-list-scroller"]');
return !!el && el.querySelectorAll(DATA_ROW).length > 5;`;

const COMPARISON_SHOWN = `(document.querySelector('[data-testid="version-comparison"]')?.getAttribute("aria-label") ?? "no comparison") + ", " + location.search`;

/** From pushState(?compare=a,b) to the frame after the comparison's sections are in the DOM. */
const COMPARE = `([x, y]) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("the comparison of " + x + " and " + y + " did not render within 30 s from the URL; the page shows: " + ${COMPARISON_SHOWN})), 30000);
  const want = () => {
    const region = document.querySelector('[data-testid="version-comparison"]');
    return !!region && region.getAttribute("aria-label") === "Comparison of version " + x + " and version " + y && !!region.querySelector('[data-section="properties"]');
  };
  const t0 = performance.now();
  const mo = new MutationObserver(() => {
    if (!want()) return;
    mo.disconnect();
    requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now() - t0); });
  });
  mo.observe(document.body, { childList: true, subtree: true, attributes: true });
  const url = new URL(location.href);
  url.searchParams.set("compare", x + "," + y);
  url.searchParams.delete("version");
  history.pushState(null, "", url.toString().replace(/%2C/g, ","));
})`;

/** A person picking another second version in the open comparison: from the select's change to the frame after. */
const PICK = `([x, y]) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("the comparison of " + x + " and " + y + " did not render within 30 s of picking " + y + "; the page shows: " + ${COMPARISON_SHOWN})), 30000);
  const want = () => {
    const region = document.querySelector('[data-testid="version-comparison"]');
    return !!region && region.getAttribute("aria-label") === "Comparison of version " + x + " and version " + y && !!region.querySelector('[data-section="properties"]');
  };
  const select = document.querySelector('select[aria-label="Second version"]');
  if (!select) return reject(new Error("no second-version select"));
  const t0 = performance.now();
  const mo = new MutationObserver(() => {
    if (!want()) return;
    mo.disconnect();
    requestAnimationFrame(() => { clearTimeout(timer); resolve(performance.now() - t0); });
  });
  mo.observe(document.body, { childList: true, subtree: true, attributes: true });
  select.value = y;
  select.dispatchEvent(new Event("change", { bubbles: true }));
})`;

/** Scrolls the virtualized list top to bottom one step per frame; frame intervals and the most rows in the DOM. */
const SCROLL = `() => new Promise((resolve) => {
  const DATA_ROW = '${DATA_ROW}';
  const el = document.querySelector('[data-testid="model-list-scroller"]');
  const frames = [];
  let last = performance.now();
  let maxRows = 0;
  const step = Math.max(200, Math.floor(el.scrollHeight / 300));
  const tick = () => {
    const now = performance.now();
    frames.push(now - last);
    last = now;
    maxRows = Math.max(maxRows, el.querySelectorAll(DATA_ROW).length);
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return resolve({ frames: frames.slice(1), maxRowsInDom: maxRows });
    el.scrollTop += step;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

/** The history's first version row, with the version's detail beside it, on screen. */
const HISTORY_SHOWN = 'body:has([data-testid="version-detail"]) [data-testid="version-timeline"] [role="listitem"]';

/**
 * The page's response (its first byte) → the frame that paints the history, on the page's own clock, and → the load
 * event. The history is in the server's HTML, on screen before the page's scripts have run; timed from after
 * page.goto (which waits for the load event) it counted their download and execution too, 155–391 ms over runs.
 */
async function measureHistoryRender(page: Page, url: string): Promise<{ rendered: number; load: number }> {
  const marks = await markFirstPaint(page, HISTORY_SHOWN);
  try {
    await page.goto(url);
    const painted = await firstPaintMs(page);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { responseStart: n.responseStart, loadEnd: n.loadEventEnd };
    });
    return { rendered: painted - nav.responseStart, load: nav.loadEnd - nav.responseStart };
  } finally {
    await marks.dispose();
  }
}

async function measureCompare(page: Page, a: string, b: string): Promise<number> {
  return evalFn<number>(page, COMPARE, [[a, b]]);
}

export async function benchVersions(
  world: World,
  server: NextServer,
  opts: { samples: number; models: number; versions: number },
): Promise<VersionsFigure[]> {
  const figures: VersionsFigure[] = [];
  const ctx = world.service.ctx;
  const wsId = workspaceId(world.ref.sub, world.ref.rg, world.ref.ws);
  bulkCreateModelVersions(ctx, wsId, HISTORY_MODEL, opts.versions);
  bulkCreateModels(ctx, wsId, opts.models);

  // compare.pure: two versions with realistic documents, in Node.
  const conda = (extra: string) =>
    `name: env\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip:\n${Array.from({ length: 120 }, (_, i) => `    - pkg${i}==1.${i}.0`).join("\n")}\n${extra}`;
  const mk = (v: string, extra: string): AssetVersion => ({
    id: v,
    version: v,
    tags: { stage: "Development", run: v },
    properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`metric_${i}`, String(Math.random())])),
    archived: false,
    contents: {
      fields: { type: "mlflow_model", uri: `azureml://datastores/workspaceblobstore/paths/models/x/${v}/` },
      files: Array.from({ length: 200 }, (_, i) => ({
        path: `f${i}.bin`,
        size: i * (v === "1" ? 10 : 11),
        md5: String(i),
      })),
      documents: [{ name: "conda.yaml", language: "yaml", text: conda(extra) }],
    },
  });
  const a = mk("1", "");
  const b = mk("2", "    - extra==1.0\n");
  const pure: number[] = [];
  for (let i = 0; i < 20; i++) compareVersions(a, b);
  for (let i = 0; i < opts.samples; i++) {
    const t = nowMs();
    compareVersions(a, b);
    pure.push(nowMs() - t);
  }
  figures.push({
    id: "compare.pure",
    label: "compareVersions (Node; 40 props, 200 files, 125-line YAML)",
    summary: summarize(pure),
  });

  const base = `${server.url}/w/${world.ref.sub}/${world.ref.rg}/${world.ref.ws}`;
  const headers = { cookie: server.cookie };
  // Warm the studio's cache so the page measures rendering, not the first upstream read of 10,000 models.
  // Once more if the connection drops: a kept-alive socket the studio closed meanwhile fails the first try.
  const get = (url: string) => fetch(url, { headers }).catch(() => fetch(url, { headers }));
  const api = base.replace("/w/", "/api/ws/");
  const warmList = await get(`${api}/models?archived=exclude`);
  if (!warmList.ok) throw new Error(`models list answered ${warmList.status}`);
  // Cached reads answer the data itself as the body (cache metadata in headers).
  const listBody = (await warmList.json()) as unknown[] | { data?: unknown[] };
  const listItems = Array.isArray(listBody) ? listBody : listBody.data;
  if (!Array.isArray(listItems)) throw new Error(`models list answered ${JSON.stringify(listBody).slice(0, 300)}`);
  const listCount = listItems.length;
  const warmHistory = await get(`${base.replace("/w/", "/api/ws/")}/models/${HISTORY_MODEL}/versions`);
  if (!warmHistory.ok) throw new Error(`versions answered ${warmHistory.status}`);

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const [name, value] = server.cookie.split("=");
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();

    const history: number[] = [];
    const historyLoad: number[] = [];
    const historyUrl = `${base}/models/${HISTORY_MODEL}`;
    await measureHistoryRender(page, historyUrl); // warm-up: code and fonts
    // Five samples of each: a Chromium page load of 500 versions or 10,000 models costs seconds, and the run has 5 minutes.
    const n = Math.min(opts.samples, 5);
    for (let i = 0; i < n; i++) {
      const t = await measureHistoryRender(page, historyUrl);
      history.push(t.rendered);
      historyLoad.push(t.load);
    }
    figures.push({
      id: "history.render",
      label: `history of ${opts.versions} versions: page response → rendered`,
      summary: summarize(history),
      note: `load event (scripts run) p50 ${summarize(historyLoad).p50.toFixed(0)} ms after the response`,
    });

    const compare: number[] = [];
    const pairs: [string, string][] = [];
    // A comparison costs tens of milliseconds, so it takes 20 samples: the p95 of five is their maximum, and one GC
    // pause decided it. Each starts once the page has nothing in flight, as a person looks before picking again:
    // 20 picks in a second queued their versions' files behind each other (1.1–1.5 s each), and their answers,
    // arriving during later picks, were counted in those.
    const comparisons = Math.min(opts.samples, 20);
    // Both on the first page (the newest 100): this figure is the comparison's rendering; a link to versions beyond
    // it, which are read one by one, is bench/cold-nav.ts's.
    for (let i = 0; i < comparisons + 2; i++) {
      const x = opts.versions - 1 - ((i * 37) % Math.min(99, opts.versions - 1));
      const y = opts.versions - ((i * 11) % Math.min(50, opts.versions));
      pairs.push([String(x === y ? x - 1 : x), String(y)]);
    }
    await measureHistoryRender(page, historyUrl);
    // The history is on screen from the server's HTML before React hydrates it, and Next's router writes its own
    // URL back when it takes over: a pushState before that would be lost.
    await waitUntilHydrated(page, '[data-testid="version-timeline"]');
    // Each sample starts with nothing in flight: the files and MLmodel of the versions before it are in.
    const requests = trackRequests(page);
    for (const [i, [x, y]] of pairs.entries()) {
      await requests.idle();
      const t = await measureCompare(page, x, y);
      if (i >= 2) compare.push(t);
    }
    figures.push({
      id: "compare.url",
      label: "open a comparison from the URL: pushState → rendered",
      summary: summarize(compare),
    });

    // With a comparison open, pick another second version, as a person does: one on the first page (100 versions),
    // which the select offers before more are loaded.
    const picks: number[] = [];
    const left = pairs[pairs.length - 1][0];
    for (let i = 0; i < comparisons + 2; i++) {
      const candidate = opts.versions - 1 - ((i * 7) % 90);
      const right = String(String(candidate) === left ? candidate - 1 : candidate);
      await requests.idle();
      const t = await evalFn<number>(page, PICK, [[left, right]]);
      if (i >= 2) picks.push(t);
    }
    requests.dispose();
    figures.push({
      id: "compare.render",
      label: "compare two versions: pick a version → rendered",
      summary: summarize(picks),
    });

    const listRender: number[] = [];
    let scroll: { frames: number[]; maxRowsInDom: number } | null = null;
    for (let i = 0; i < Math.min(n, 3) + 1; i++) {
      await page.goto(`${base}/models`);
      // From the page's own response: the first rows are in the server's HTML (past the server's cap, the list's
      // fetch brings them, and the wait for them includes it).
      const t = await evalFn<number>(page, WAIT_FOR_RENDER, ["/models(\\?archived=|$)", LIST_READY, 60_000]);
      if (i > 0) listRender.push(t);
      if (i === 1) {
        // Scrolling renders rows only once React owns the list.
        await waitUntilHydrated(page, '[data-testid="model-list-scroller"]');
        scroll = await evalFn<{ frames: number[]; maxRowsInDom: number }>(page, SCROLL, []);
      }
    }
    figures.push({
      id: "list.render",
      label: `list of ${listCount} models: response → first rows`,
      summary: summarize(listRender),
    });

    // After a write, which drops the kind's cached rows (a version's description edited): navigation → the first
    // rows painted, as the list's next visitor sees it. The page reads the containers (one paged list) and the type
    // and stage of the first rows' latest versions, not every model's.
    const afterWrite: number[] = [];
    const marks = await markFirstPaint(page, `[data-testid="model-list-scroller"] ${DATA_ROW}`);
    try {
      for (let i = 0; i < Math.min(n, 3); i++) {
        const edit = await fetch(`${api}/models/${HISTORY_MODEL}/versions/1`, {
          method: "PATCH",
          headers: { ...headers, "content-type": "application/json", origin: server.url },
          body: JSON.stringify({ description: `edited by the bench (${i})` }),
        });
        if (!edit.ok) throw new Error(`editing a version answered ${edit.status}: ${await edit.text()}`);
        await page.goto(`${base}/models`);
        afterWrite.push(await firstPaintMs(page));
      }
    } finally {
      await marks.dispose();
    }
    figures.push({
      id: "list.afterWrite",
      label: `list of ${listCount} models after a write: navigation → first rows`,
      summary: summarize(afterWrite),
    });
    if (scroll)
      figures.push({
        id: "list.scroll",
        label: `list of ${listCount} models: frame interval while scrolling`,
        summary: summarize(scroll.frames),
        note: `at most ${scroll.maxRowsInDom} rows in the DOM`,
      });
  } finally {
    await browser?.close();
  }
  return figures;
}
