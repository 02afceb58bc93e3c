/**
 * The busy pass: a user's laptop is never quiet, so the figures are taken again with one core kept busy by a
 * bounded loop of the bench's own (`busyCore`), in the same world and against the same `next start`, and printed
 * beside their quiet value. Targets apply to the quiet run; a busy figure may be at most BUSY_FACTOR × its quiet one.
 * The cheap steps are paired (`paired`): their quiet twin is taken in the pass, just before the busy run, so the
 * ratio compares the same minutes of a shared machine; the others compare with the main run's figure.
 * Most figures take fewer samples than in the quiet run: the pass runs inside the first start's idle window
 * (bench/run.ts), so the whole bench stays within its 5 minutes; the lineage and palette figures, whose samples
 * take ~10–25 ms each, take as many as their quiet twins. The datastore figures take their busy twins in bench/datastores.ts.
 */
import type { World } from "./lib/env";
import type { NextServer } from "./lib/next-server";
import { busyCore, cpuByProcessName, cpuGrowth, type BusyLoad } from "./lib/cpu";
import { signedInPage } from "./lib/chromium";
import { nowMs, summarize, type Summary } from "./lib/stats";

export const BUSY_FACTOR = 2;

export interface BusyFigure {
  label: string;
  /** Which statistic the pair compares (single-load figures compare their one value). */
  stat: "p95" | "max";
  busy: Summary | null;
  error?: string;
  /** What the figure's own note says (e.g. BENCH_PROFILE=log's split of a log line's time). */
  note?: string;
  /** The quiet twin taken in this pass just before the busy run (paired steps); else the main run's figure counts. */
  quiet?: Summary | null;
}

type Measured = Summary | number[] | { summary: Summary; note?: string };
type Step = {
  label: string;
  stat: BusyFigure["stat"];
} & (
  | {
      /**
       * Taken twice, quiet and then busy, back to back: a step of a few seconds whose ratio should not depend on
       * how the shared machine's speed drifted between the main run's figure and this pass, minutes later (the
       * history render moved 163 → 391 ms between two consecutive runs of the same code).
       */
      paired?: boolean;
      run: () => Promise<Measured>;
    }
  | {
      /** Takes its quiet and busy figures itself, starting the busy load with `busy()` (and stopping it) between. */
      pairsItself: (busy: () => Promise<BusyLoad>) => Promise<{ quiet: number[]; busy: number[] }>;
    }
);

type StepResult = { summary: Summary; note?: string };
const resultOf = (r: Measured): StepResult =>
  Array.isArray(r) ? { summary: summarize(r) } : "summary" in r ? r : { summary: r };

export async function benchBusy(
  world: World,
  server: NextServer,
  opts: { budgetMs: number },
): Promise<{ figures: BusyFigure[]; seconds: number }> {
  const started = nowMs();
  const cl = await import("./compute-list");
  const jobs = await import("./jobs");
  const { benchPalette } = await import("./palette");
  const { benchInlineImport } = await import("./job-kinds");
  const { benchDesignerLoad } = await import("./designer");
  const { benchLineageFirstHop } = await import("./lineage");
  const deadline = () => nowMs() + 6_000;
  const short = { samples: 200, warmup: 10, budgetMs: 4_000, uncachedBudgetMs: 1_500, cachedOnly: true };
  const browser = await signedInPage(server);
  let logJobs = 0;
  // The longest steps (lineage seeds and indexes 1,000 jobs; the designer lays out 1,000 steps) go last, so a slow
  // machine runs out of the pass's budget on them rather than on the issue's own figures.
  const steps: Step[] = [
    {
      label: "compute list, route HTTP (next start), cached",
      stat: "p95",
      paired: true,
      run: async () =>
        figure(await cl.benchRouteHttp(world, server, { ...short, deadline: deadline() }), "HTTP (next start).cached"),
    },
    {
      label: "compute list, route in-process, cached",
      stat: "p95",
      paired: true,
      run: async () =>
        figure(await cl.benchRouteInProcess(world, { ...short, deadline: deadline() }), "in-process.cached"),
    },
    {
      label: "command palette search (HTTP)",
      stat: "p95",
      paired: true,
      // As many samples as the quiet figure (120, ~25 ms each): a p95 of 40 is their second largest.
      run: async () => (await benchPalette(world, server, browser.page, 120)).summary!,
    },
    {
      label: "100-step inline pipeline: import + layout",
      stat: "p95",
      paired: true,
      // 40 samples (~50 ms each): a p95 of 15 was their largest, so one garbage collection decided the ratio (2.3×
      // in one run, 0.9–1.0× in the four before it).
      run: async () => benchInlineImport(40).summary!,
    },
    {
      label: "1,000-step graph: navigation to first nodes",
      stat: "max",
      run: async () => (await jobs.graphFirstNodes(server, browser.page, 1)).firstNodes,
    },
    {
      label: "log line → SSE client (next start)",
      stat: "p95",
      // Paired (~7 s each way): its quiet figure is the main run's first jobs figure, taken before the 1,000-step
      // pipeline, the 10,000 jobs and the browser's pages of this pass (2.2× and 2.3× in two runs).
      paired: true,
      run: async () => {
        const f = await jobs.logLatency(world, server, `bench_log_latency_busy_${++logJobs}`);
        return { summary: f.summary!, note: f.note };
      },
    },
    {
      label: "lineage: first hop (1002 nodes)",
      stat: "p95",
      paired: true,
      // 200 samples each way (~10 ms each): with 50, the p95 was their third largest, and two or three samples that
      // waited on a descheduled GC helper thread decided the ratio (2.04×, 1.6×, 1.96×, 2.9×, paired 3.7×).
      run: async () => (await benchLineageFirstHop(world, { samples: 200, deadline: deadline() })).summary,
    },
    {
      label: "designer: 1,000 steps load and lay out",
      stat: "max",
      // Paired within one page: the quiet load and the busy one reload the same 1,000-step draft back to back (a
      // second draft, browser and warm-up each way took the pass from 36 to 56 s). One load each way: compared with
      // the main run's load instead, the ratio went 0.7–2.4× over runs.
      pairsItself: async (busy) => {
        const d = await benchDesignerLoad(server, world.ref, busy);
        return { quiet: [d.loadMs], busy: [d.busyLoadMs!] };
      },
    },
  ];
  const figures: BusyFigure[] = [];
  try {
    for (const step of steps) {
      if (nowMs() - started > opts.budgetMs) {
        figures.push({ label: step.label, stat: step.stat, busy: null, error: "not taken (the pass's time budget)" });
        continue;
      }
      const t0 = nowMs();
      const cpuBefore = cpuByProcessName([process.pid]);
      let quiet: Summary | null | undefined;
      try {
        if ("pairsItself" in step) {
          const r = await withDeadline(
            step.pairsItself(() => busyCore(STEP_TIMEOUT_MS + 5_000).spinning()),
            STEP_TIMEOUT_MS,
          );
          figures.push({ label: step.label, stat: step.stat, busy: summarize(r.busy), quiet: summarize(r.quiet) });
        } else {
          if (step.paired) quiet = resultOf(await withDeadline(step.run(), STEP_TIMEOUT_MS)).summary;
          const busy = await busyCore(STEP_TIMEOUT_MS + 5_000).spinning();
          try {
            const r = resultOf(await withDeadline(step.run(), STEP_TIMEOUT_MS));
            figures.push({ label: step.label, stat: step.stat, busy: r.summary, note: r.note, quiet });
          } finally {
            await busy.stop();
          }
        }
      } catch (e) {
        const error = (e as Error).message.split("\n")[0];
        figures.push({ label: step.label, stat: step.stat, busy: null, error, quiet });
      }
      // A page a step leaves open (the 1,000-step graph, the palette's page) would go on working during the next.
      await browser.page.goto("about:blank").catch(() => {});
      console.error(
        `[bench] busy: ${step.label} took ${((nowMs() - t0) / 1000).toFixed(1)} s; CPU: ${cpuGrowth(cpuBefore, cpuByProcessName([process.pid]))}`,
      );
    }
  } finally {
    await browser.close().catch(() => {});
  }
  return { figures, seconds: (nowMs() - started) / 1000 };
}

/** A step that has not answered by then is reported as not taken; the pass goes on (its work is abandoned). */
const STEP_TIMEOUT_MS = 25_000;

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function figure(figures: { id: string; result: { summary: Summary } }[], id: string): Summary {
  const f = figures.find((x) => x.id === id);
  if (!f) throw new Error(`no ${id} figure`);
  return f.result.summary;
}
