/**
 * Runs a DAG of steps in dependency order with at most `maxParallel` at once. A step whose dependency failed or
 * was canceled does not run: it is reported as skipped with the reason. Pure orchestration: what a step does is
 * the caller's `run`.
 */
export type StepOutcome = "Completed" | "Failed" | "Canceled";

export type SchedulerStep = { id: string; dependsOn: string[] };

export async function runDag(opts: {
  steps: SchedulerStep[];
  maxParallel: number;
  run: (id: string) => Promise<StepOutcome>;
  onSkip: (id: string, reason: string) => void;
  signal: AbortSignal;
}): Promise<Map<string, StepOutcome>> {
  const outcome = new Map<string, StepOutcome>();
  const pending = new Map(opts.steps.map((s) => [s.id, s]));
  const running = new Map<string, Promise<void>>();
  const limit = Math.max(1, opts.maxParallel);

  const skipBlocked = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const step of pending.values()) {
        const bad = step.dependsOn.find((d) => outcome.has(d) && outcome.get(d) !== "Completed");
        if (bad || opts.signal.aborted) {
          pending.delete(step.id);
          outcome.set(step.id, "Canceled");
          opts.onSkip(
            step.id,
            opts.signal.aborted
              ? "The job was canceled."
              : `Not run: step "${bad}" ${outcome.get(bad!) === "Failed" ? "failed" : "was canceled"}.`,
          );
          changed = true;
        }
      }
    }
  };

  while (pending.size > 0 || running.size > 0) {
    skipBlocked();
    for (const step of [...pending.values()]) {
      if (running.size >= limit) break;
      if (step.dependsOn.every((d) => outcome.get(d) === "Completed")) {
        pending.delete(step.id);
        const p = opts
          .run(step.id)
          .catch((): StepOutcome => "Failed")
          .then((o) => {
            outcome.set(step.id, o);
            running.delete(step.id);
          });
        running.set(step.id, p);
      }
    }
    if (running.size === 0) {
      if (pending.size > 0) {
        // Nothing can start and nothing runs: the remaining steps wait on each other (a cycle) or on unknown steps.
        for (const step of pending.values()) {
          outcome.set(step.id, "Canceled");
          opts.onSkip(step.id, `Not run: its dependencies (${step.dependsOn.join(", ")}) can never complete.`);
        }
        pending.clear();
      }
      break;
    }
    await Promise.race(running.values());
  }
  return outcome;
}
