/**
 * The pipeline designer in Chromium (Playwright, /usr/bin/chromium) against `next start`:
 * - load: a saved draft of a generated 1,000-step / 1,500-edge pipeline that was never laid out, from navigation to
 *   nodes on screen (the designer lays such a draft out as it opens);
 * - layout: the Layout button (layered auto-layout, fit to view) until the next painted frame, as the page
 *   measures it (`designer:layout`), and wall time from the click;
 * - panning and zooming: requestAnimationFrame deltas while the pointer drags the canvas at 100 % and zoomed out to
 *   about a quarter (onlyRenderVisibleElements keeps only what is on screen in the DOM), and while wheel-zooming.
 */
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../playwright.config";
import type { BusyLoad } from "./lib/cpu";
import { firstPaintMs, markFirstPaint } from "./lib/page-timing";
import { packGraph } from "../lib/domain/pipeline";
import { generatePipeline } from "./designer-graph";
import { quantileSorted } from "./lib/stats";
import type { NextServer } from "./lib/next-server";

export interface FrameStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  fps: number;
}
export interface DesignerFigures {
  nodes: number;
  edges: number;
  loadMs: number;
  phases: { domContentLoaded: number; draftFetchEnd: number; draftFetchMs: number; editorMounted: number };
  layoutMs: number;
  layoutWallMs: number;
  renderedNodesAt100: number;
  pan100: FrameStats;
  zoomedOut: number;
  renderedNodesZoomedOut: number;
  panOut: FrameStats;
  zoom: FrameStats;
}

const frameStats = (deltas: number[]): FrameStats => {
  const s = [...deltas].sort((a, b) => a - b);
  const total = deltas.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    p50: quantileSorted(s, 0.5),
    p95: quantileSorted(s, 0.95),
    max: s[s.length - 1] ?? NaN,
    fps: total ? (s.length * 1000) / total : NaN,
  };
};

async function recordFrames(page: Page, act: () => Promise<void>): Promise<FrameStats> {
  // A string, not a function: tsx (esbuild keepNames) would wrap named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
  })()`);
  await act();
  const deltas = (await page.evaluate("(() => { window.__stop = true; return window.__frames; })()")) as number[];
  return frameStats(deltas);
}

/** Drags the empty canvas in small steps for about `ms`, back and forth. */
async function pan(page: Page, ms: number) {
  const box = (await page.getByTestId("canvas").boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  const end = Date.now() + ms;
  let i = 0;
  while (Date.now() < end) {
    const phase = (i++ % 120) / 120;
    const dx = Math.sin(phase * Math.PI * 2) * box.width * 0.3;
    const dy = Math.cos(phase * Math.PI * 2) * box.height * 0.2;
    await page.mouse.move(cx + dx, cy + dy);
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
}

async function zoom(page: Page, ms: number) {
  const box = (await page.getByTestId("canvas").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const end = Date.now() + ms;
  let i = 0;
  while (Date.now() < end) {
    await page.mouse.wheel(0, i++ % 40 < 20 ? -60 : 60);
    await page.waitForTimeout(16);
  }
}

export type DesignerLoad = Pick<DesignerFigures, "nodes" | "edges" | "loadMs" | "phases"> & {
  /** The load again, in the same page, while `busy`'s load runs (the busy pass's pair). */
  busyLoadMs?: number;
};

/** Every designer figure: the load, the layout button, panning and zooming. */
export function benchDesigner(server: NextServer, ref: { sub: string; rg: string; ws: string }) {
  return runDesigner(server, ref, { loadOnly: false }) as Promise<DesignerFigures>;
}

/**
 * The load of the 1,000-step draft alone, then (the busy pass) again in the same page once `busy()` has started a
 * load of its own, which is stopped after: a quiet and a busy load of one pipeline, back to back.
 */
export function benchDesignerLoad(
  server: NextServer,
  ref: { sub: string; rg: string; ws: string },
  busy?: () => Promise<BusyLoad>,
) {
  return runDesigner(server, ref, { loadOnly: true, busy }) as Promise<DesignerLoad>;
}

async function runDesigner(
  server: NextServer,
  ref: { sub: string; rg: string; ws: string },
  opts: { nodes?: number; edges?: number; loadOnly: boolean; busy?: () => Promise<BusyLoad> },
): Promise<DesignerFigures | DesignerLoad> {
  const graph = generatePipeline(opts.nodes ?? 1000, opts.edges ?? 1500);
  const api = `${server.url}/api/ws/${ref.sub}/${ref.rg}/${ref.ws}`;
  const res = await fetch(`${api}/pipeline-drafts`, {
    method: "POST",
    headers: { cookie: server.cookie, "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ name: "bench 1000", graph: packGraph(graph) }),
  });
  if (res.status !== 201) throw new Error(`creating the bench draft answered ${res.status}: ${await res.text()}`);
  const draft = (await res.json()).data as { id: string };

  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const [name, value] = server.cookie.split(/=(.*)/s);
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // Warm the route and its JS once, so the figure is the designer's work, not the first compile of a cold cache.
    await page.goto(`${server.url}/w/${ref.sub}/${ref.rg}/${ref.ws}/designer?draft=${draft.id}`);
    await page.locator(".react-flow__node").first().waitFor({ timeout: 60_000 });

    const mark = await markFirstPaint(page, ".react-flow__node");
    const reloadMs = async () => {
      await page.reload();
      return firstPaintMs(page);
    };
    const loadMs = await reloadMs();
    // Where the load went, in the page's own clock (ms since navigation start).
    const phases = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const ready = performance.getEntriesByName("designer:ready")[0];
      const draft = performance.getEntriesByType("resource").find((r) => r.name.includes("/pipeline-drafts/"));
      return { domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN, draftFetchEnd: draft ? draft.responseEnd : NaN, draftFetchMs: draft ? draft.duration : NaN, editorMounted: ready ? ready.startTime : NaN };
    })()`)) as DesignerFigures["phases"];

    if (opts.loadOnly) {
      let busyLoadMs: number | undefined;
      if (opts.busy) {
        const load = await opts.busy();
        try {
          busyLoadMs = await reloadMs();
        } finally {
          await load.stop();
        }
      }
      await mark.dispose();
      if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
      return { nodes: graph.nodes.length, edges: graph.edges.length, loadMs, phases, busyLoadMs };
    }
    await mark.dispose();
    await page.evaluate(() => performance.clearMeasures("designer:layout"));
    const t1 = Date.now();
    await page.getByRole("button", { name: "Layout" }).click();
    await page.waitForFunction(() => performance.getEntriesByName("designer:layout").length > 0, null, {
      timeout: 60_000,
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const layoutWallMs = Date.now() - t1;
    const layoutMs = await page.evaluate(() => performance.getEntriesByName("designer:layout")[0].duration);
    const renderedNodesAt100 = await page.locator(".react-flow__node").count();
    const pan100 = await recordFrames(page, () => pan(page, 2500));
    // Zoomed out to about a quarter (wheel steps), where far more of the pipeline is on screen.
    const box = (await page.getByTestId("canvas").boundingBox())!;
    await page.mouse.move(box.x + 80, box.y + 80);
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(300);
    const zoomedOut = (await page.evaluate(
      "(() => { const t = document.querySelector('.react-flow__viewport').style.transform; const m = /scale\\(([0-9.]+)\\)/.exec(t); return m ? Number(m[1]) : NaN; })()",
    )) as number;
    const renderedNodesZoomedOut = await page.locator(".react-flow__node").count();
    const panOut = await recordFrames(page, () => pan(page, 2500));
    const zoomStats = await recordFrames(page, () => zoom(page, 2000));
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
    return {
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      loadMs,
      phases,
      layoutMs,
      layoutWallMs,
      renderedNodesAt100,
      pan100,
      zoomedOut,
      renderedNodesZoomedOut,
      panOut,
      zoom: zoomStats,
    };
  } finally {
    await browser.close();
    await fetch(`${api}/pipeline-drafts/${draft.id}`, {
      method: "DELETE",
      headers: { cookie: server.cookie, origin: server.url },
    }).catch(() => {});
  }
}
