/**
 * Runs submitted jobs on this machine: a CommandJob as one step, a PipelineJob as a DAG of command steps
 * (each step also an ARM job of its own, a child of the pipeline). Built on runDag (order and skipping),
 * bindCommand (safe `${{inputs.x}}` binding) and runStepProcess (a process group per step, live log file).
 *
 * Per step: Queued (waiting for a node of its compute) → Preparing (code, inputs) → Running → Finalizing
 * (outputs and logs uploaded to workspaceblobstore) → Completed | Failed | Canceled, each change stored
 * with its time. A crashing step only fails itself; a failed step's working folder stays on disk.
 *
 * State lives in the store: the job's ARM body (status) and its private `sim` (history, errors), so a
 * restarted service finds what was left running and ends it as Failed (recover()).
 */
import { ATTACHED_LOCAL_CONCURRENCY } from "../../lib/domain/attached-compute";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { setMaxListeners } from "node:events";
import { SignJWT } from "jose";
import { componentFromSpec, type ComponentSpec } from "../../lib/domain/pipeline";
import { isTerminal, planPipeline, stepJobName, type InputSource, type PlannedStep } from "../../lib/domain/jobs/plan";
import type { JobTimeline, StatusChange, StepTimeline } from "../../lib/domain/jobs/timeline";
import { childId, PROVIDER } from "../arm";
import type { Caller, Ctx } from "../context";
import type { StoredResource } from "../store";
import type { LocalStorage } from "../storage";
import { setSteady } from "../simulator";
import { mlflowTrackingUri, wsKey, type MlflowStore } from "../resources/mlflow";
import { resolveVersionRef } from "../resources/assets";
import { DEFAULT_DATASTORE } from "../resources/datastores";
import { bindCommand, stripOptionalBlocks } from "./command";
import { commandStepOf, type StepSpec } from "./step-spec";
import { runSweep, type SweepHost } from "./sweep";
import { runStepProcess, type StepProcessResult } from "./process";
import { runDag, type StepOutcome } from "./scheduler";
import {
  downloadData,
  logBlobPath,
  CodeSnapshots,
  outputBlobPrefix,
  shipLog,
  uploadFolder,
  workspaceBlobstore,
} from "./job-storage";

export const RESTART_REASON = "The local workspace service restarted while this step was running.";
const ACTIVE = [
  "NotStarted",
  "Starting",
  "Provisioning",
  "Preparing",
  "Queued",
  "Running",
  "Finalizing",
  "CancelRequested",
];

export interface JobSim {
  history: { status: string; at: number }[];
  error?: string;
  exitCode?: number | null;
  logPath?: string;
  dependsOn?: string[];
  step?: string;
  computeName?: string | null;
  outputs?: Record<string, string>;
  submittedBy?: Caller;
  /** A sweep trial's parameter values. */
  hyperparameters?: Record<string, string | number | boolean>;
  /** A sweep trial's last reported primary metric. */
  primaryMetric?: number | null;
  /** A sweep's best trial so far (its job name). */
  bestTrial?: string | null;
}

const iso = (t: number) => new Date(t).toISOString();

/** Per compute: how many steps may run at once, first come first served, shared by every job. */
class ComputeSlots {
  private used = new Map<string, number>();
  private waiters = new Map<string, (() => void)[]>();
  async acquire(key: string, capacity: () => number, signal: AbortSignal): Promise<boolean> {
    while ((this.used.get(key) ?? 0) >= Math.max(1, capacity())) {
      if (signal.aborted) return false;
      await new Promise<void>((resolve) => {
        const list = this.waiters.get(key) ?? [];
        const wake = () => {
          signal.removeEventListener("abort", wake);
          resolve();
        };
        list.push(wake);
        this.waiters.set(key, list);
        signal.addEventListener("abort", wake, { once: true });
      });
    }
    if (signal.aborted) return false;
    this.used.set(key, (this.used.get(key) ?? 0) + 1);
    return true;
  }
  release(key: string) {
    this.used.set(key, Math.max(0, (this.used.get(key) ?? 0) - 1));
    const list = this.waiters.get(key) ?? [];
    this.waiters.set(key, []);
    for (const w of list) w();
  }
  inUse(key: string) {
    return this.used.get(key) ?? 0;
  }
}

/** A step while it runs: where it works and logs. */
interface StepRun {
  job: RunningJob;
  stepJobId: string;
  /** The step job's name (MLflow run id, blob prefixes). */
  stepName: string;
  root: string;
  logFile: string;
  log: (line: string) => void;
  container: Awaited<ReturnType<typeof workspaceBlobstore>>;
  shipper: ReturnType<typeof shipLog>;
}

/** What preparing produced: the spec run and the local paths bound into its command. */
interface PreparedStep {
  spec: StepSpec;
  codeDir: string;
  inputs: Record<string, string | undefined>;
  outputs: Record<string, string>;
  outputUris: Record<string, string>;
}

export interface RunningJob {
  id: string;
  wsId: string;
  ws: { sub: string; rg: string; name: string };
  name: string;
  experimentName: string;
  dir: string;
  abort: AbortController;
  caller: Caller;
  token: string;
  /** `<step>/<output>` → local folder of that output (steps read their upstream outputs from here). */
  outputDirs: Map<string, string>;
  done: Promise<void>;
}

/** A pipeline's step jobs in the order the pipeline declares its steps (they are created in the same millisecond). */
export function stepJobsInOrder(ctx: Ctx, parent: StoredResource) {
  const order = new Map(Object.keys(parent.body.properties.jobs ?? {}).map((k, i) => [k, i]));
  return ctx.store
    .list("jobs", parent.id)
    .sort(
      (a, b) =>
        (order.get((a.sim as JobSim | null)?.step ?? "") ?? 0) - (order.get((b.sim as JobSim | null)?.step ?? "") ?? 0),
    );
}

export class JobRunner {
  private running = new Map<string, RunningJob>();
  private slots = new ComputeSlots();
  private closed = false;
  /** The service's own address, for MLFLOW_TRACKING_URI (set once it listens). */
  baseUrl = "";
  private pythonNote: string | null = null;

  constructor(
    private readonly o: {
      ctx: Ctx;
      storage: LocalStorage | null;
      mlflow: MlflowStore;
      dataDir: string;
      tokenKey: Uint8Array;
      issuer: string;
      audience: string;
    },
  ) {
    this.codeSnapshots = new CodeSnapshots(path.join(o.dataDir, "local-workspace", "code-snapshots"));
  }

  private readonly codeSnapshots: CodeSnapshots;

  private get ctx() {
    return this.o.ctx;
  }

  // ---- state ---------------------------------------------------------------------------------------

  /** Records a state change with its time; terminal states are final. */
  setStatus(id: string, status: string, extra: { error?: string; exitCode?: number | null } = {}) {
    if (this.closed) return;
    const res = this.ctx.store.get(id);
    if (!res) return;
    const cur = res.body.properties.status;
    if (isTerminal(cur) || cur === status) return;
    const now = this.ctx.now();
    const sim: JobSim = res.sim ?? { history: [] };
    sim.history = [...(sim.history ?? []), { status, at: now }];
    if (extra.error !== undefined) sim.error = extra.error;
    if (extra.exitCode !== undefined) sim.exitCode = extra.exitCode;
    const body = res.body;
    body.properties.status = status;
    const props = (body.properties.properties ??= {});
    if ((status === "Preparing" || status === "Running") && !props.StartTimeUtc) props.StartTimeUtc = iso(now);
    if (isTerminal(status)) props.EndTimeUtc = iso(now);
    if (extra.error) props.Error = extra.error.slice(0, 1000);
    this.ctx.store.put({ ...res, body, sim }, now);
  }

  private patch(id: string, fn: (body: any, sim: JobSim) => void) {
    if (this.closed) return;
    const res = this.ctx.store.get(id);
    if (!res) return;
    const sim: JobSim = res.sim ?? { history: [] };
    fn(res.body, sim);
    this.ctx.store.put({ ...res, sim }, this.ctx.now());
  }

  /**
   * After a restart: jobs and steps left in an active state by the previous process end as Failed, saying why.
   * (Their processes died with that process: each ran in a process group of its own, killed on exit.)
   */
  recover(): number {
    const rows = this.ctx.store.db.prepare("SELECT id FROM resources WHERE kind = 'jobs'").all() as { id: string }[];
    let n = 0;
    for (const { id } of rows) {
      const res = this.ctx.store.get(id);
      if (!res || !ACTIVE.includes(res.body.properties.status)) continue;
      const isStep = !!res.body.properties.properties?.["azureml.parentJobName"];
      const reason =
        res.body.properties.status === "NotStarted" && isStep
          ? "Not run: the local workspace service restarted before this step started."
          : res.body.properties.status === "NotStarted"
            ? "The local workspace service restarted before this job started; submit it again."
            : isStep
              ? RESTART_REASON
              : "The local workspace service restarted while this job was running.";
      this.setStatus(id, "Failed", { error: reason });
      n++;
    }
    return n;
  }

  timeline(id: string): JobTimeline | null {
    const res = this.ctx.store.get(id);
    if (!res) return null;
    const view = (sim: JobSim | null) => {
      const history: StatusChange[] = (sim?.history ?? []).map((h) => ({ status: h.status, at: iso(h.at) }));
      const started = sim?.history?.find((h) => h.status === "Preparing" || h.status === "Running");
      const ended = sim?.history?.find((h) => isTerminal(h.status));
      return {
        history,
        error: sim?.error ?? null,
        startedAt: started ? iso(started.at) : null,
        endedAt: ended ? iso(ended.at) : null,
      };
    };
    const steps: StepTimeline[] = stepJobsInOrder(this.ctx, res).map((c) => {
      const sim = c.sim as JobSim | null;
      return {
        step: sim?.step ?? c.name,
        jobName: c.name,
        displayName: c.body.properties.displayName ?? null,
        status: c.body.properties.status,
        ...view(sim),
        computeName: sim?.computeName ?? null,
        dependsOn: sim?.dependsOn ?? [],
        exitCode: sim?.exitCode ?? null,
        logPath: sim?.logPath ?? null,
        outputs: sim?.outputs ?? {},
        ...(sim?.hyperparameters
          ? { hyperparameters: sim.hyperparameters, primaryMetric: sim.primaryMetric ?? null }
          : {}),
      };
    });
    const sim = res.sim as JobSim | null;
    return {
      name: res.name,
      jobType: res.body.properties.jobType,
      status: res.body.properties.status,
      ...view(sim),
      logPath: sim?.logPath ?? null,
      steps,
      ...(res.body.properties.jobType === "Sweep" ? { bestTrial: sim?.bestTrial ?? null } : {}),
    };
  }

  // ---- submission ----------------------------------------------------------------------------------

  /** Starts a stored job (status NotStarted) in the background. */
  async submit(id: string, caller: Caller) {
    const res = this.ctx.store.get(id)!;
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/workspaces\/([^/]+)\//i.exec(
      res.id,
    )!;
    const token = await new SignJWT({
      oid: caller.oid,
      name: caller.name,
      preferred_username: caller.username,
      roles: caller.roles,
    })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setIssuer(this.o.issuer)
      .setAudience(this.o.audience)
      .setExpirationTime("7d")
      .sign(this.o.tokenKey);
    const job: RunningJob = {
      id,
      wsId: res.parent,
      ws: { sub: m[1], rg: m[2], name: m[3] },
      name: res.name,
      experimentName: res.body.properties.experimentName ?? "Default",
      dir: path.join(this.o.dataDir, "local-workspace", "jobs", res.name),
      abort: cancelController(),
      caller,
      token,
      outputDirs: new Map(),
      done: Promise.resolve(),
    };
    this.patch(id, (_b, sim) => {
      sim.submittedBy = caller;
    });
    this.running.set(id.toLowerCase(), job);
    job.done = this.runJob(job)
      .catch((e) => {
        console.error(`[runner] job ${job.name} crashed:`, e);
        this.setStatus(id, "Failed", { error: `The runner failed: ${(e as Error).message}` });
      })
      .finally(() => this.running.delete(id.toLowerCase()));
  }

  /** Cancels a running job: its steps' processes are killed, waiting steps never start. Resolves when it has ended. */
  async cancel(id: string) {
    const job = this.running.get(id.toLowerCase());
    if (!job) return;
    this.setStatus(id, "CancelRequested");
    job.abort.abort();
    await job.done;
  }

  isRunning(id: string) {
    return this.running.has(id.toLowerCase());
  }

  /** Stops every process without recording anything (like a crash): the next start's recover() settles the states. */
  async close() {
    this.closed = true;
    for (const j of this.running.values()) j.abort.abort();
    await Promise.race([
      Promise.all([...this.running.values()].map((j) => j.done)),
      new Promise((r) => setTimeout(r, 5000)),
    ]);
  }

  private async runJob(job: RunningJob) {
    const res = this.ctx.store.get(job.id)!;
    const props = res.body.properties;
    fs.mkdirSync(job.dir, { recursive: true });
    this.o.mlflow.ensureRun(
      wsKey({ sub: job.ws.sub, rg: job.ws.rg, ws: job.ws.name }),
      job.name,
      job.experimentName,
      job.caller.username,
    );
    let outcome: StepOutcome;
    if (props.jobType === "Command") {
      this.setStatus(job.id, "Queued");
      const { step, spec } = commandStepOf(job.name, props);
      outcome = await this.runStep(job, job.id, step, spec);
    } else if (props.jobType === "Sweep") {
      outcome = await runSweep(this.sweepHost(job), job, props);
    } else {
      const { steps } = planPipeline(props);
      // Every step is a child job from the start, so the graph shows all of them NotStarted.
      for (const s of steps) this.createStepJob(job, res, s);
      this.setStatus(job.id, "Running");
      const byName = new Map(steps.map((s) => [s.name, s]));
      const results = await runDag({
        steps: steps.map((s) => ({ id: s.name, dependsOn: s.dependsOn })),
        maxParallel: 10_000, // the computes' node counts are the real limit (ComputeSlots)
        signal: job.abort.signal,
        run: async (name) => {
          const s = byName.get(name)!;
          const childJobId = childId(job.wsId, "jobs", stepJobName(job.name, name));
          return this.runStep(
            job,
            childJobId,
            { ...s, computeId: s.computeId ?? props.settings?.default_compute ?? props.computeId ?? null },
            null,
          );
        },
        onSkip: (name, reason) =>
          this.setStatus(childId(job.wsId, "jobs", stepJobName(job.name, name)), "Canceled", { error: reason }),
      });
      const values = [...results.values()];
      outcome = values.includes("Failed")
        ? "Failed"
        : job.abort.signal.aborted || values.includes("Canceled")
          ? "Canceled"
          : "Completed";
    }
    const failedSteps = this.ctx.store
      .list("jobs", job.id)
      .filter((c) => c.body.properties.status === "Failed")
      .map((c) => (c.sim as JobSim).step);
    this.setStatus(
      job.id,
      outcome,
      outcome === "Failed" && props.jobType === "Pipeline"
        ? { error: `Step${failedSteps.length > 1 ? "s" : ""} ${failedSteps.join(", ")} failed.` }
        : outcome === "Failed" && props.jobType === "Sweep"
          ? { error: "No trial completed: every trial failed or was stopped. See the trials' logs." }
          : {},
    );
    this.o.mlflow.setStatus(
      job.name,
      outcome === "Completed" ? "FINISHED" : outcome === "Failed" ? "FAILED" : "KILLED",
      this.ctx.now(),
    );
  }

  /** What the sweep loop (runner/sweep.ts) may do with this runner. */
  private sweepHost(job: RunningJob): SweepHost {
    return {
      ctx: this.ctx,
      setStatus: (id, status, extra) => this.setStatus(id, status, extra),
      patch: (id, fn) => this.patch(id, fn),
      runTrial: (trialJob, trialId, step, spec) => this.runStep(trialJob, trialId, step, spec),
      metricValues: (runId, key) => this.o.mlflow.values(runId, key),
      log: (line) => {
        const file = path.join(job.dir, "user_logs", "std_log.txt");
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.appendFileSync(file, `[sweep ${iso(this.ctx.now())}] ${line}\n`);
      },
    };
  }

  private createStepJob(job: RunningJob, parent: { body: any }, s: PlannedStep) {
    const name = stepJobName(job.name, s.name);
    const id = childId(job.wsId, "jobs", name);
    const now = this.ctx.now();
    const pp = parent.body.properties;
    const body = {
      id,
      name,
      type: `${PROVIDER}/workspaces/jobs`,
      properties: {
        jobType: "Command",
        displayName: s.displayName ?? s.name,
        description: null,
        tags: {},
        // ARM has no parent field in 2022-10-01: the parent and step are recorded here (Azure ML keeps the same in run properties).
        properties: { "azureml.parentJobName": job.name, "azureml.stepName": s.name },
        status: "NotStarted",
        experimentName: job.experimentName,
        computeId: s.computeId ?? pp.settings?.default_compute ?? pp.computeId ?? null,
        componentId: s.componentId,
        isArchived: false,
        services: null,
        inputs: {},
        outputs: {},
      },
      systemData: parent.body.systemData,
    };
    const sim: JobSim = {
      history: [{ status: "NotStarted", at: now }],
      step: s.name,
      dependsOn: s.dependsOn,
      logPath: logBlobPath(name),
    };
    this.ctx.store.put({ id, kind: "jobs", parent: job.id, name, body, sim, dueAt: null }, now);
  }

  // ---- computes ------------------------------------------------------------------------------------

  private computeOf(
    wsId: string,
    computeId: string | null,
  ): { key: string; name: string | null; capacity: () => number; resId: string | null; problem?: string } {
    const name = computeId
      ? computeId
          .replace(/^azureml:/, "")
          .split("/")
          .pop()!
      : null;
    if (!name || name.toLowerCase() === "serverless")
      return { key: `${wsId}/serverless`, name: name ?? "serverless", capacity: () => 4, resId: null };
    const resId = childId(wsId, "computes", name);
    const capacity = () => {
      const c = this.ctx.store.get(resId)?.body.properties;
      if (!c) return 1;
      if (c.computeType === "AmlCompute") return c.properties?.scaleSettings?.maxNodeCount ?? 1;
      if (c.computeType === "ComputeInstance") return 1;
      // An attached Kubernetes cluster or VM (and the rest) stands in with a concurrency of its own.
      return ATTACHED_LOCAL_CONCURRENCY;
    };
    const c = this.ctx.store.get(resId)?.body.properties;
    let problem: string | undefined;
    if (!c) problem = `Compute '${name}' does not exist in this workspace.`;
    else if (c.computeType === "AmlCompute" && (c.properties?.scaleSettings?.maxNodeCount ?? 0) < 1)
      problem = `Cluster '${name}' has a maximum of 0 nodes: no step can run on it.`;
    else if (c.computeType === "ComputeInstance" && c.properties?.state !== "Running")
      problem = `Compute instance '${name}' is ${c.properties?.state ?? "not running"}; start it to run steps on it.`;
    return { key: resId.toLowerCase(), name, capacity, resId, problem };
  }

  /** Running steps show as busy nodes of their cluster (the cluster grows to hold them, up to its maximum). */
  private showBusyNodes(resId: string | null, busy: number) {
    if (!resId || this.closed) return;
    const res = this.ctx.store.get(resId);
    if (!res || res.body.properties.computeType !== "AmlCompute") return;
    const props = res.body.properties.properties;
    const sim = res.sim ?? {};
    sim.busy = busy;
    if (!sim.pending && props) {
      const c = props.nodeStateCounts ?? {};
      const steady =
        (c.idleNodeCount ?? 0) + (c.runningNodeCount ?? 0) + (c.unusableNodeCount ?? 0) + (c.preemptedNodeCount ?? 0);
      setSteady(props, sim, Math.min(Math.max(steady, busy), props.scaleSettings?.maxNodeCount ?? busy));
    }
    this.ctx.store.put({ ...res, sim }, this.ctx.now());
  }

  // ---- one step ------------------------------------------------------------------------------------

  private environmentNote(env: StepSpec["environment"], wsId: string): { note: string; record: string } {
    let requested: string;
    if (!env) requested = "none given";
    else if (typeof env === "string") {
      const v = resolveVersionRef(this.ctx, wsId, "environments", env);
      const p = v?.body.properties;
      requested = p
        ? `${env} (${p.image ? `image ${p.image}` : p.build ? `build context ${p.build.contextUri}` : "no image"}${p.condaFile ? ", with a conda file" : ""})`
        : `${env} (not registered in this workspace)`;
    } else {
      requested =
        `inline: ${env.image ? `image ${String(env.image)}` : ""}${env.conda_file ? ` conda file ${typeof env.conda_file === "string" ? env.conda_file : "(inline)"}` : ""}${env.build ? " build context" : ""}`.trim();
    }
    if (this.pythonNote === null) {
      try {
        const out = execFileSync("python3", ["-c", "import sys; print(sys.version.split()[0], sys.executable)"], {
          encoding: "utf8",
          timeout: 5000,
        })
          .trim()
          .split(" ");
        this.pythonNote = `python3 ${out[0]} at ${out[1]}`;
      } catch {
        this.pythonNote = "no python3 found";
      }
    }
    return {
      record: requested,
      note: `Environment requested: ${requested}. The local workspace runs steps on this machine's interpreters (${this.pythonNote}), not in that image or conda environment.`,
    };
  }

  /**
   * One step, in phases: open its log → wait for a node → prepare (spec, environment, code, inputs, output
   * folders) → run the command → finalize (outputs and status). Any thrown problem fails the step with its message.
   */
  private async runStep(
    job: RunningJob,
    stepJobId: string,
    step: PlannedStep,
    commandSpec: StepSpec | null,
  ): Promise<StepOutcome> {
    const run = await this.openStep(job, stepJobId, step);
    const compute = this.computeOf(job.wsId, step.computeId);
    this.patch(stepJobId, (_b, sim) => {
      sim.computeName = compute.name;
    });
    let acquired = false;
    try {
      if (compute.problem) throw new Error(compute.problem);
      this.setStatus(stepJobId, "Queued");
      if (!(await this.slots.acquire(compute.key, compute.capacity, job.abort.signal))) {
        this.setStatus(stepJobId, "Canceled", { error: "The job was canceled before this step started." });
        return "Canceled";
      }
      acquired = true;
      this.showBusyNodes(compute.resId, this.slots.inUse(compute.key));
      this.setStatus(stepJobId, "Preparing");
      const prepared = await this.prepareStep(run, step, commandSpec);
      const result = await this.executeStep(run, prepared, compute.name);
      if (result.canceled) {
        run.log("Canceled: the step's processes were stopped.");
        this.setStatus(stepJobId, "Canceled", { error: "The job was canceled while this step was running." });
        this.o.mlflow.setStatus(run.stepName, "KILLED", this.ctx.now());
        return "Canceled";
      }
      return await this.finalizeStep(run, step, prepared, result, !commandSpec);
    } catch (e) {
      const message = (e as Error).message;
      try {
        run.log(`Failed: ${message}`);
      } catch {
        /* the folder may be gone */
      }
      await run.shipper.stop();
      this.setStatus(stepJobId, "Failed", { error: message });
      return "Failed";
    } finally {
      if (acquired) {
        this.slots.release(compute.key);
        this.showBusyNodes(compute.resId, this.slots.inUse(compute.key));
      }
      await run.shipper.stop();
    }
  }

  /** The step's working folder and log: a local file shipped to workspaceblobstore while the step runs. */
  private async openStep(job: RunningJob, stepJobId: string, step: PlannedStep): Promise<StepRun> {
    const ctx = this.ctx;
    const stepName = ctx.store.get(stepJobId)!.name;
    // A command job works in its own folder; pipeline steps and sweep trials each in a folder of their own under it.
    const root = stepJobId === job.id ? job.dir : path.join(job.dir, step.name);
    const logFile = path.join(root, "user_logs", "std_log.txt");
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const log = (line: string) => fs.appendFileSync(logFile, `[runner ${iso(ctx.now())}] ${line}\n`);
    let container = null;
    try {
      container = await workspaceBlobstore(ctx, this.o.storage, job.wsId);
    } catch (e) {
      log(`Logs and outputs stay on this machine only: ${(e as Error).message}`);
    }
    const logPath = logBlobPath(stepName);
    this.patch(stepJobId, (_b, sim) => {
      sim.logPath = logPath;
    });
    return { job, stepJobId, stepName, root, logFile, log, container, shipper: shipLog(container, logFile, logPath) };
  }

  /** What the step runs: the command job's own spec, or its registered component's. */
  private stepSpec(job: RunningJob, step: PlannedStep, commandSpec: StepSpec | null): StepSpec {
    if (commandSpec) return commandSpec;
    const version = step.componentId ? resolveVersionRef(this.ctx, job.wsId, "components", step.componentId) : null;
    if (!version) throw new Error(`Component '${step.componentId}' is not registered in this workspace.`);
    const c: ComponentSpec = componentFromSpec(version.body.properties.componentSpec);
    return {
      command: c.command,
      codeRef: c.code ?? null,
      environment: c.environment,
      inputs: c.inputs,
      outputs: c.outputs,
      environmentVariables:
        (version.body.properties.componentSpec?.environment_variables as Record<string, string>) ?? undefined,
    };
  }

  /** Preparing: records the environment, downloads code and inputs, makes the output folders. */
  private async prepareStep(run: StepRun, step: PlannedStep, commandSpec: StepSpec | null): Promise<PreparedStep> {
    const { job, stepJobId, root, log } = run;
    const ctx = this.ctx;
    const spec = this.stepSpec(job, step, commandSpec);
    const env = this.environmentNote(spec.environment, job.wsId);
    log(env.note);
    this.patch(stepJobId, (b) => {
      b.properties.properties["azureml.environment"] = env.record;
      if (typeof spec.environment === "string") b.properties.environmentId = spec.environment;
      b.properties.command = spec.command;
      if (spec.codeRef) b.properties.codeId = spec.codeRef;
    });

    const codeDir = path.join(root, "code");
    fs.mkdirSync(codeDir, { recursive: true });
    if (spec.codeRef)
      log(
        `Code: ${await this.codeSnapshots.copyTo(ctx, this.o.storage, job.wsId, spec.codeRef, codeDir)} files from ${spec.codeRef}.`,
      );

    const inputs: Record<string, string | undefined> = {};
    const inputRecord: Record<string, unknown> = {};
    for (const [port, decl] of Object.entries(spec.inputs)) {
      const src: InputSource | undefined = step.inputs[port];
      if (!src) {
        if (decl.default !== undefined) inputs[port] = String(decl.default);
        else if (decl.optional) inputs[port] = undefined;
        else throw new Error(`Input '${port}' is required and not bound.`);
        continue;
      }
      if (src.kind === "literal") {
        inputs[port] = src.value;
        inputRecord[port] = { jobInputType: "literal", value: src.value };
      } else if (src.kind === "step") {
        const dir = job.outputDirs.get(`${src.step}/${src.output}`);
        if (!dir)
          throw new Error(
            `Input '${port}' reads output '${src.output}' of step '${src.step}', which did not produce it.`,
          );
        inputs[port] = dir;
        inputRecord[port] = {
          jobInputType: decl.type,
          uri: `azureml://datastores/${DEFAULT_DATASTORE}/paths/${outputBlobPrefix(stepJobName(job.name, src.step), src.output)}/`,
        };
      } else {
        const got = await downloadData(
          ctx,
          this.o.storage,
          job.wsId,
          src.uri,
          src.type,
          path.join(root, "inputs", port),
        );
        log(`Input '${port}': ${src.uri} (${got.files} file${got.files === 1 ? "" : "s"}) → ${got.path}`);
        inputs[port] = got.path;
        inputRecord[port] = { jobInputType: src.type, uri: src.uri, ...(src.mode ? { mode: src.mode } : {}) };
      }
    }
    const outputs: Record<string, string> = {};
    const outputUris: Record<string, string> = {};
    for (const [port, decl] of Object.entries(spec.outputs)) {
      const dir = path.join(root, "outputs", port);
      fs.mkdirSync(dir, { recursive: true });
      outputs[port] = decl.type === "uri_file" ? path.join(dir, port) : dir;
      outputUris[port] = `azureml://datastores/${DEFAULT_DATASTORE}/paths/${outputBlobPrefix(run.stepName, port)}/`;
    }
    this.patch(stepJobId, (b, sim) => {
      b.properties.inputs = inputRecord;
      b.properties.outputs = Object.fromEntries(
        Object.entries(outputUris).map(([k, uri]) => [k, { jobOutputType: spec.outputs[k].type, uri }]),
      );
      sim.outputs = outputUris;
    });
    return { spec, codeDir, inputs, outputs, outputUris };
  }

  /** Running: the bound command in its own process group, with the MLflow run it reports to. */
  private async executeStep(run: StepRun, prepared: PreparedStep, computeName: string | null) {
    const { job, stepName, log } = run;
    const { spec, inputs, outputs } = prepared;
    const bound = bindCommand(
      stripOptionalBlocks(spec.command, (n) => inputs[n] !== undefined),
      { inputs, outputs },
    );
    const wsRef = { sub: job.ws.sub, rg: job.ws.rg, ws: job.ws.name };
    this.o.mlflow.ensureRun(wsKey(wsRef), stepName, job.experimentName, job.caller.username);
    log(`Running on ${computeName}: ${spec.command.trim()}`);
    this.setStatus(run.stepJobId, "Running");
    return runStepProcess({
      script: bound.script,
      cwd: prepared.codeDir,
      logFile: run.logFile,
      signal: job.abort.signal,
      env: {
        ...(spec.environmentVariables ?? {}),
        ...bound.env,
        MLFLOW_TRACKING_URI: mlflowTrackingUri(this.baseUrl, job.ws.sub, job.ws.rg, job.ws.name),
        MLFLOW_TRACKING_TOKEN: job.token,
        MLFLOW_RUN_ID: stepName,
        MLFLOW_EXPERIMENT_NAME: job.experimentName,
        AZUREML_RUN_ID: stepName,
        AZUREML_ROOT_RUN_ID: job.name,
      },
    });
  }

  /** Finalizing: uploads outputs (on failure too), binds pipeline outputs, records the outcome. */
  private async finalizeStep(
    run: StepRun,
    step: PlannedStep,
    prepared: PreparedStep,
    result: StepProcessResult,
    inPipeline: boolean,
  ): Promise<StepOutcome> {
    const { job, stepJobId, stepName, root, log, container } = run;
    const { spec, outputs, outputUris } = prepared;
    const ok = result.exitCode === 0;
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    log(ok ? "The command exited with code 0." : `The command ${how}.`);
    this.setStatus(stepJobId, "Finalizing");
    // Outputs are uploaded on failure too: a failed step's output folder is what one debugs with.
    for (const port of Object.keys(outputs)) {
      job.outputDirs.set(`${step.name}/${port}`, path.join(root, "outputs", port));
      if (container) {
        const n = await uploadFolder(container, path.join(root, "outputs", port), outputBlobPrefix(stepName, port));
        log(`Output '${port}': ${n} file${n === 1 ? "" : "s"} uploaded to ${outputUris[port]}`);
      }
      const parentOut = step.outputs[port]?.parentOutput;
      if (parentOut && inPipeline)
        this.patch(job.id, (b) => {
          b.properties.outputs = {
            ...(b.properties.outputs ?? {}),
            [parentOut]: {
              ...(b.properties.outputs?.[parentOut] ?? { jobOutputType: spec.outputs[port].type }),
              uri: outputUris[port],
            },
          };
        });
    }
    this.o.mlflow.setStatus(stepName, ok ? "FINISHED" : "FAILED", this.ctx.now());
    // The whole log is in storage before the step says it ended: whoever reads it after "Completed" reads all of it.
    await run.shipper.stop();
    this.setStatus(
      stepJobId,
      ok ? "Completed" : "Failed",
      ok
        ? { exitCode: 0 }
        : {
            exitCode: result.exitCode,
            error: `The command ${how}. See the step's log; its working folder is kept at ${root}.`,
          },
    );
    return ok ? "Completed" : "Failed";
  }
}

/**
 * The controller of a job's cancel signal. Every step waiting for a node and every running step's process listens on it, so a wide
 * pipeline has hundreds of listeners by design (each removed when its step starts or ends), past Node's warning at 10.
 */
function cancelController(): AbortController {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  return abort;
}
