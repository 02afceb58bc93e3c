/**
 * A sweep on this machine: the runner samples the search space (grid, random; Bayesian sampled at random, said in
 * the sweep's log), starts each trial as a child command job `<sweep>_<n>` (its command with this trial's
 * `${{search_space.x}}` values, the sweep's inputs, outputs and compute), at most maxConcurrentTrials at once
 * (and no more than the compute's nodes, like every step), reads each trial's primary metric from its MLflow run
 * as it reports, stops trials by the sweep's early-termination policy and by trial_timeout, stops the whole sweep
 * at its timeout, and records the best trial (timeline `bestTrial`, property `best_child_run_id`).
 */
import { sweepJobFromArm } from "../../lib/domain/jobs/sweep-job";
import {
  bestTrialOf,
  bindSearchSpace,
  earlyTerminationReason,
  readSearchSpace,
  sampleTrials,
  type ParameterSet,
} from "../../lib/domain/jobs/sweep-run";
import type { PlannedStep } from "../../lib/domain/jobs/plan";
import { childId, PROVIDER } from "../arm";
import type { Ctx } from "../context";
import type { JobSim, RunningJob } from "./job-runner";
import type { StepOutcome } from "./scheduler";
import { commandStepOf, type StepSpec } from "./step-spec";

/** What the sweep loop may do with the job runner. */
export interface SweepHost {
  ctx: Ctx;
  setStatus(id: string, status: string, extra?: { error?: string }): void;
  patch(id: string, fn: (body: any, sim: JobSim) => void): void;
  runTrial(trialJob: RunningJob, trialId: string, step: PlannedStep, spec: StepSpec): Promise<StepOutcome>;
  metricValues(runId: string, key: string): number[];
  log(line: string): void;
}

/** Azure ML's default when a sweep sets no max_total_trials. */
const DEFAULT_MAX_TRIALS = 1000;
const METRIC_POLL_MS = 500;

interface Trial {
  index: number;
  name: string;
  id: string;
  values: ParameterSet;
  reports: number[];
  outcome?: StepOutcome;
}

function seedOf(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

export async function runSweep(host: SweepHost, job: RunningJob, props: Record<string, any>): Promise<StepOutcome> {
  const sweep = sweepJobFromArm(job.name, props);
  const goal = props.objective?.goal === "Minimize" ? "Minimize" : "Maximize";
  const metric = String(props.objective?.primaryMetric ?? "");
  const algorithm = (props.samplingAlgorithm?.samplingAlgorithmType ?? "Random") as "Grid" | "Random" | "Bayesian";
  const { space } = readSearchSpace(props.searchSpace ?? {});
  const maxTotal = sweep.limits.maxTotalTrials ?? DEFAULT_MAX_TRIALS;
  const sets = sampleTrials(space, algorithm, maxTotal, props.samplingAlgorithm?.seed ?? seedOf(job.name));
  const maxConcurrent = Math.max(1, Math.min(sweep.limits.maxConcurrentTrials ?? sets.length, sets.length));
  if (algorithm === "Bayesian")
    host.log(
      "Bayesian sampling: the local workspace service has no Bayesian optimiser, so it samples the space at random " +
        "(seeded by the sweep's name or its seed). Azure ML runs Bayesian optimisation.",
    );
  host.log(
    `${sets.length} trial${sets.length === 1 ? "" : "s"} (${algorithm.toLowerCase()} sampling), at most ${maxConcurrent} at once; ` +
      `objective: ${goal.toLowerCase()} ${metric}` +
      (sweep.earlyTermination ? `; early termination: ${sweep.earlyTermination.type}` : "") +
      ".",
  );
  host.setStatus(job.id, "Running");

  // The trial is a command job: the trial's own keys over the sweep's (inputs, outputs, compute, names).
  const trialProps = { ...props, ...(props.trial ?? {}), jobType: "Command" };
  const trials: Trial[] = [];
  let stopReason: string | null = null;
  const controllers = new Set<AbortController>();
  const sweepTimer =
    sweep.limits.timeout !== undefined
      ? setTimeout(() => {
          stopReason = `The sweep reached its timeout (${sweep.limits.timeout} s).`;
          host.log(stopReason);
          for (const c of controllers) c.abort();
        }, sweep.limits.timeout * 1000)
      : null;
  const onCancel = () => {
    for (const c of controllers) c.abort();
  };
  job.abort.signal.addEventListener("abort", onCancel);

  const recordBest = () => {
    const best = bestTrialOf(
      trials.map((t) => ({ name: t.name, metric: t.reports.length ? t.reports[t.reports.length - 1] : null })),
      goal,
    );
    if (!best) return;
    host.patch(job.id, (b, sim) => {
      sim.bestTrial = best.name;
      b.properties.properties = { ...(b.properties.properties ?? {}), best_child_run_id: best.name };
    });
  };

  const readReports = (t: Trial) => {
    const values = host.metricValues(t.name, metric);
    if (values.length === t.reports.length) return false;
    t.reports = values;
    host.patch(t.id, (_b, sim) => {
      sim.primaryMetric = values[values.length - 1];
    });
    return true;
  };

  const runOne = async (index: number) => {
    const values = sets[index];
    const name = `${job.name}_${index}`.slice(0, 255);
    const id = childId(job.wsId, "jobs", name);
    const trial: Trial = { index, name, id, values, reports: [] };
    trials.push(trial);
    createTrialJob(host.ctx, job, props, trial);
    const abort = new AbortController();
    controllers.add(abort);
    const stop = (why: string) => {
      host.setStatus(id, "Canceled", { error: why });
      abort.abort();
    };
    const trialTimer =
      sweep.limits.trialTimeout !== undefined
        ? setTimeout(
            () => stop(`The trial reached its timeout (${sweep.limits.trialTimeout} s).`),
            sweep.limits.trialTimeout * 1000,
          )
        : null;
    const watcher = setInterval(() => {
      if (!readReports(trial) || !sweep.earlyTermination) return;
      const others = trials.filter((o) => o !== trial).map((o) => o.reports);
      const reason = earlyTerminationReason(sweep.earlyTermination, goal, trial.reports, others);
      if (reason) {
        host.log(`${name}: early terminated. ${reason}`);
        stop(`Early terminated: ${reason}`);
      }
    }, METRIC_POLL_MS);
    try {
      const { step, spec } = commandStepOf(name, trialProps);
      spec.command = bindSearchSpace(spec.command, values);
      step.displayName = `trial ${index}`;
      trial.outcome = await host.runTrial({ ...job, abort }, id, step, spec);
    } finally {
      clearInterval(watcher);
      if (trialTimer) clearTimeout(trialTimer);
      controllers.delete(abort);
      readReports(trial);
      recordBest();
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < sets.length && !stopReason && !job.abort.signal.aborted) await runOne(next++);
  };
  try {
    await Promise.all(Array.from({ length: maxConcurrent }, worker));
  } finally {
    if (sweepTimer) clearTimeout(sweepTimer);
    job.abort.signal.removeEventListener("abort", onCancel);
  }
  const completed = trials.filter((t) => t.outcome === "Completed").length;
  host.log(
    `${trials.length} trial${trials.length === 1 ? "" : "s"} run, ${completed} completed` +
      (sets.length > trials.length ? `, ${sets.length - trials.length} not started` : "") +
      ".",
  );
  if (job.abort.signal.aborted) return "Canceled";
  return completed > 0 ? "Completed" : "Failed";
}

/** The trial's child job, NotStarted, linked to the sweep as pipeline steps are. */
function createTrialJob(ctx: Ctx, job: RunningJob, props: Record<string, any>, trial: Trial) {
  const now = ctx.now();
  const parent = ctx.store.get(job.id)!;
  const t = props.trial ?? {};
  const body = {
    id: trial.id,
    name: trial.name,
    type: `${PROVIDER}/workspaces/jobs`,
    properties: {
      jobType: "Command",
      displayName: `trial ${trial.index}`,
      description: null,
      tags: {},
      properties: {
        "azureml.parentJobName": job.name,
        "azureml.stepName": trial.name,
        hyperparameters: JSON.stringify(trial.values),
      },
      status: "NotStarted",
      experimentName: job.experimentName,
      computeId: props.computeId ?? null,
      command: bindSearchSpace(String(t.command ?? ""), trial.values),
      codeId: t.codeId ?? null,
      environmentId: t.environmentId,
      environmentVariables: t.environmentVariables ?? {},
      isArchived: false,
      services: null,
      inputs: props.inputs ?? {},
      outputs: {},
    },
    systemData: parent.body.systemData,
  };
  const sim: JobSim = {
    history: [{ status: "NotStarted", at: now }],
    step: trial.name,
    hyperparameters: trial.values,
    primaryMetric: null,
  };
  ctx.store.put({ id: trial.id, kind: "jobs", parent: job.id, name: trial.name, body, sim, dueAt: null }, now);
}
