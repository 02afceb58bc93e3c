/**
 * Sweep jobs (hyperparameter tuning) as Azure ML CLI v2 writes them (sweepJob.schema.json): an inline command trial
 * whose command reads `${{search_space.<name>}}`, a search space, a sampling algorithm, an objective, limits and an
 * early termination policy. Read with every problem's line and column, turned into the ARM SweepJob body
 * (2022-10-01: search space as Hyperdrive expressions such as ["uniform", [0.01, 0.9]]), read back and exported.
 */
import { stringify } from "yaml";
import type { ComponentSpec, Literal, YamlProblem } from "../pipeline/types";
import { parseRegisteredRef } from "../pipeline/import-yaml";
import { isRecord, YamlImportError, type YamlSource } from "../pipeline/yaml-source";
import {
  checkCommandJob,
  readJobFile,
  commandJobFromArm,
  commandJobToArm,
  commandJobToYamlObject,
  dropUndefined,
  durationSeconds,
  type CommandJobRefs,
  type CommandJobSpec,
} from "./command-job";

export const SWEEP_JOB_SCHEMA = "https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json";

export type SearchDistribution =
  | { type: "choice"; values: Literal[] }
  | { type: "uniform" | "loguniform"; min: number; max: number }
  | { type: "quniform" | "qloguniform"; min: number; max: number; q: number }
  | { type: "normal" | "lognormal"; mu: number; sigma: number }
  | { type: "qnormal" | "qlognormal"; mu: number; sigma: number; q: number }
  | { type: "randint"; upper: number };

export type SamplingAlgorithm = "random" | "grid" | "bayesian";

export type EarlyTermination =
  | {
      type: "bandit";
      evaluationInterval?: number;
      delayEvaluation?: number;
      slackFactor?: number;
      slackAmount?: number;
    }
  | { type: "median_stopping"; evaluationInterval?: number; delayEvaluation?: number }
  | {
      type: "truncation_selection";
      evaluationInterval?: number;
      delayEvaluation?: number;
      truncationPercentage: number;
    };

/** A sweep: the trial (a command job's command, environment, code, inputs, outputs, compute) and how to search. */
export interface SweepJobSpec {
  /**
   * The trial as a command job. For a registered component trial its command and environment are empty until the
   * submit binds the component (`bindComponentTrial`); its inputs, outputs, compute and names are the sweep's.
   */
  trial: CommandJobSpec;
  /** `azureml:name:version` or `azureml:name@latest` when the trial is a registered component. */
  trialComponent?: string;
  searchSpace: Record<string, SearchDistribution>;
  sampling: { type: SamplingAlgorithm; seed?: number };
  objective: { goal: "maximize" | "minimize"; primaryMetric: string };
  limits: { maxTotalTrials?: number; maxConcurrentTrials?: number; timeout?: number; trialTimeout?: number };
  earlyTermination?: EarlyTermination;
}

/** Keys of the trial mapping; job-level keys (inputs, outputs, compute, names) sit at the top of the file. */
const TRIAL_KEYS = ["command", "code", "environment", "environment_variables", "distribution", "resources"];
const TOP_KEYS = new Set([
  "$schema",
  "type",
  "name",
  "display_name",
  "description",
  "experiment_name",
  "tags",
  "compute",
  "inputs",
  "outputs",
  "trial",
  "search_space",
  "sampling_algorithm",
  "objective",
  "limits",
  "early_termination",
  "identity",
]);
/** A search-space distribution's value keys in the YAML (the order a form shows them). */
export type SearchParameterField = "values" | "min_value" | "max_value" | "mu" | "sigma" | "q" | "upper";
export const DISTRIBUTION_PARAMS: Record<SearchDistribution["type"], readonly SearchParameterField[]> = {
  choice: ["values"],
  uniform: ["min_value", "max_value"],
  loguniform: ["min_value", "max_value"],
  quniform: ["min_value", "max_value", "q"],
  qloguniform: ["min_value", "max_value", "q"],
  normal: ["mu", "sigma"],
  lognormal: ["mu", "sigma"],
  qnormal: ["mu", "sigma", "q"],
  qlognormal: ["mu", "sigma", "q"],
  randint: ["upper"],
};
const SEARCH_REF_RE = /\$\{\{\s*search_space\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

/** Parses a sweep job YAML; throws YamlImportError listing every problem with its line and column. */
export function readSweepJobYaml(text: string): SweepJobSpec {
  return readJobFile(text, "sweep-job", checkSweepJob);
}

/** Checks a sweep given as a plain object (the create form's): the same rules, each problem with its key path. */
export function sweepJobFromObject(doc: Record<string, unknown>): SweepJobSpec {
  return checkSweepJob(
    { value: doc, positionOf: () => undefined, problem: (path, message) => ({ message, path: path.join(".") }) },
    doc,
  );
}

const isComponentReference = (ref: string) => {
  const parsed = parseRegisteredRef(ref);
  return !!parsed && (parsed.version !== undefined || parsed.label === "latest");
};

function checkSweepJob(src: YamlSource, doc: Record<string, any>): SweepJobSpec {
  const problems: YamlProblem[] = [];
  const p = (path: (string | number)[], message: string) => problems.push(src.problem(path, message));
  for (const key of Object.keys(doc))
    if (!TOP_KEYS.has(key))
      p([key], `"${key}" is not a key of a sweep job (sweepJob.schema.json); remove it or check its spelling.`);

  // The trial is checked as the command job it runs: its own keys under trial, the job's inputs and outputs on top.
  let trial: CommandJobSpec | undefined;
  const trialComponent = typeof doc.trial === "string" && isComponentReference(doc.trial) ? doc.trial : undefined;
  if (typeof doc.trial === "string" && !trialComponent)
    p(
      ["trial"],
      `trial "${doc.trial}" is not a registered component (azureml:<name>:<version> or azureml:<name>@latest); register a component file first, or write the trial inline (command, environment, code).`,
    );
  else if (!trialComponent && !isRecord(doc.trial))
    p(["trial"], "trial is required: a mapping with command and environment, or a registered component.");
  else {
    const merged: Record<string, unknown> = {};
    if (isRecord(doc.trial)) {
      for (const k of TRIAL_KEYS) if (doc.trial[k] !== undefined) merged[k] = doc.trial[k];
      for (const k of Object.keys(doc.trial))
        if (!TRIAL_KEYS.includes(k))
          p(["trial", k], `"${k}" is not a key of a sweep's trial (${TRIAL_KEYS.join(", ")}).`);
    }
    for (const k of [
      "name",
      "display_name",
      "description",
      "experiment_name",
      "tags",
      "compute",
      "inputs",
      "outputs",
      "identity",
    ])
      if (doc[k] !== undefined) merged[k] = doc[k];
    const at = (path: (string | number)[]) => (TRIAL_KEYS.includes(String(path[0])) ? ["trial", ...path] : path);
    const trialSrc: YamlSource = {
      value: merged,
      positionOf: (path) => src.positionOf(at(path)),
      problem: (path, message) => src.problem(at(path), message),
    };
    try {
      trial = checkCommandJob(trialSrc, merged, { fromComponent: !!trialComponent });
    } catch (e) {
      if (!(e instanceof YamlImportError)) throw e;
      problems.push(...e.problems);
    }
  }

  const searchSpace: Record<string, SearchDistribution> = {};
  if (!isRecord(doc.search_space) || Object.keys(doc.search_space).length === 0)
    p(
      ["search_space"],
      "search_space is required: a mapping of parameter name to distribution (type: choice, uniform, …).",
    );
  else
    for (const [name, raw] of Object.entries(doc.search_space)) {
      const d = readDistribution(raw);
      if (typeof d === "string") p(["search_space", name], `Search space parameter "${name}" ${d}`);
      else searchSpace[name] = d;
    }
  if (isRecord(doc.trial) && typeof doc.trial.command === "string")
    for (const m of doc.trial.command.matchAll(SEARCH_REF_RE))
      if (isRecord(doc.search_space) && !(m[1] in doc.search_space))
        p(["trial", "command"], `command uses \${{search_space.${m[1]}}}, which search_space does not declare.`);

  const rawSampling = doc.sampling_algorithm;
  const samplingType = String(isRecord(rawSampling) ? rawSampling.type : (rawSampling ?? "random")).toLowerCase();
  let sampling: SweepJobSpec["sampling"] = { type: "random" };
  if (!["random", "grid", "bayesian"].includes(samplingType))
    p(["sampling_algorithm"], `sampling_algorithm "${samplingType}" is not random, grid or bayesian.`);
  else {
    sampling = { type: samplingType as SamplingAlgorithm };
    if (isRecord(rawSampling) && rawSampling.seed !== undefined) {
      if (!Number.isInteger(rawSampling.seed)) p(["sampling_algorithm", "seed"], "seed must be a whole number.");
      else sampling.seed = rawSampling.seed as number;
    }
    if (samplingType === "grid")
      for (const [name, d] of Object.entries(searchSpace))
        if (d.type !== "choice")
          p(["search_space", name], `Grid sampling needs choice parameters; "${name}" is ${d.type}.`);
  }

  let objective: SweepJobSpec["objective"] = { goal: "maximize", primaryMetric: "" };
  const o = doc.objective;
  if (!isRecord(o)) p(["objective"], "objective is required: goal (maximize or minimize) and primary_metric.");
  else {
    const goal = String(o.goal ?? "").toLowerCase();
    if (goal !== "maximize" && goal !== "minimize")
      p(["objective", "goal"], "objective.goal must be maximize or minimize.");
    if (typeof o.primary_metric !== "string" || !o.primary_metric.trim())
      p(["objective", "primary_metric"], "objective.primary_metric is required: the metric the trials log.");
    objective = { goal: goal as "maximize" | "minimize", primaryMetric: String(o.primary_metric ?? "") };
  }

  const limits: SweepJobSpec["limits"] = {};
  if (doc.limits !== undefined && doc.limits !== null) {
    if (!isRecord(doc.limits)) p(["limits"], "limits must be a mapping.");
    else {
      const keys = {
        max_total_trials: "maxTotalTrials",
        max_concurrent_trials: "maxConcurrentTrials",
        timeout: "timeout",
        trial_timeout: "trialTimeout",
      } as const;
      for (const [yamlKey, key] of Object.entries(keys)) {
        const v = doc.limits[yamlKey];
        if (v === undefined || v === null) continue;
        if (!Number.isInteger(v) || (v as number) < 1)
          p(["limits", yamlKey], `limits.${yamlKey} must be a whole number of at least 1.`);
        else limits[key] = v as number;
      }
      for (const k of Object.keys(doc.limits))
        if (!(k in keys)) p(["limits", k], `"${k}" is not a sweep limit (${Object.keys(keys).join(", ")}).`);
      if (limits.maxConcurrentTrials && limits.maxTotalTrials && limits.maxConcurrentTrials > limits.maxTotalTrials)
        p(["limits", "max_concurrent_trials"], "limits.max_concurrent_trials is above max_total_trials.");
    }
  }

  let earlyTermination: EarlyTermination | undefined;
  if (doc.early_termination !== undefined && doc.early_termination !== null) {
    const e = doc.early_termination;
    const type = isRecord(e) ? String(e.type ?? "") : "";
    const num = (key: string, integer: boolean) => {
      const v = (e as Record<string, unknown>)[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== "number" || v < 0 || (integer && !Number.isInteger(v))) {
        p(
          ["early_termination", key],
          `early_termination.${key} must be a ${integer ? "whole " : ""}number of at least 0.`,
        );
        return undefined;
      }
      return v;
    };
    if (type === "bandit") {
      const bandit = dropUndefined({
        type: "bandit" as const,
        evaluationInterval: num("evaluation_interval", true),
        delayEvaluation: num("delay_evaluation", true),
        slackFactor: num("slack_factor", false),
        slackAmount: num("slack_amount", false),
      });
      if (bandit.slackFactor === undefined && bandit.slackAmount === undefined)
        p(["early_termination"], "A bandit policy needs slack_factor or slack_amount.");
      earlyTermination = bandit;
    } else if (type === "median_stopping")
      earlyTermination = dropUndefined({
        type: "median_stopping" as const,
        evaluationInterval: num("evaluation_interval", true),
        delayEvaluation: num("delay_evaluation", true),
      });
    else if (type === "truncation_selection") {
      const pct = num("truncation_percentage", true);
      if (pct === undefined || pct < 1 || pct > 99)
        p(["early_termination", "truncation_percentage"], "truncation_percentage must be a whole number from 1 to 99.");
      earlyTermination = dropUndefined({
        type: "truncation_selection" as const,
        evaluationInterval: num("evaluation_interval", true),
        delayEvaluation: num("delay_evaluation", true),
        truncationPercentage: pct ?? 0,
      });
    } else p(["early_termination"], "early_termination needs type bandit, median_stopping or truncation_selection.");
  }

  if (problems.length) throw new YamlImportError(problems);
  return {
    trial: trial!,
    ...(trialComponent ? { trialComponent } : {}),
    searchSpace,
    sampling,
    objective,
    limits,
    ...(earlyTermination ? { earlyTermination } : {}),
  };
}

/**
 * A registered component as the sweep's trial, the way Azure ML binds one: its command, code and environment become
 * the trial's; an input the search space names is swept (`${{inputs.x}}` becomes `${{search_space.x}}`); the
 * others take the sweep's inputs or the component's defaults. Every binding problem is returned, with its key path.
 */
export function bindComponentTrial(
  spec: SweepJobSpec,
  component: ComponentSpec,
): { spec: SweepJobSpec; problems: YamlProblem[] } {
  const problems: YamlProblem[] = [];
  const ref = spec.trialComponent ?? `azureml:${component.name}`;
  for (const name of Object.keys(spec.searchSpace))
    if (!(name in component.inputs))
      problems.push({
        message: `Search space parameter "${name}" is not an input of ${ref} (it has ${Object.keys(component.inputs).join(", ") || "none"}).`,
        path: `search_space.${name}`,
      });
  const inputs = { ...spec.trial.inputs };
  for (const [name, input] of Object.entries(component.inputs)) {
    if (name in spec.searchSpace) {
      if (name in inputs)
        problems.push({
          message: `Input "${name}" is set and swept: leave it out of inputs, the search space gives its values.`,
          path: `inputs.${name}`,
        });
      continue;
    }
    if (name in inputs) continue;
    if (input.default !== undefined) inputs[name] = { kind: "literal", value: input.default };
    else if (!input.optional)
      problems.push({
        message: `${ref} needs input "${name}" (${input.type}): set it under inputs or sweep it in the search space.`,
        path: "inputs",
      });
  }
  for (const name of Object.keys(spec.trial.inputs))
    if (!(name in component.inputs))
      problems.push({ message: `Input "${name}" is not an input of ${ref}.`, path: `inputs.${name}` });
  const outputs = { ...spec.trial.outputs };
  for (const [name, output] of Object.entries(component.outputs))
    if (!(name in outputs)) outputs[name] = { type: output.type };
  const swept = (text: string) =>
    text.replace(/\$\{\{\s*inputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (m, name: string) =>
      name in spec.searchSpace ? `\${{search_space.${name}}}` : m,
    );
  const code = component.code?.startsWith("/subscriptions/") ? `azureml:${component.code}` : component.code;
  const { trialComponent: _bound, ...rest } = spec;
  return {
    spec: {
      ...rest,
      trial: {
        ...spec.trial,
        command: swept(component.command),
        environment: component.environment,
        ...(code ? { code } : {}),
        inputs,
        outputs,
      },
    },
    problems,
  };
}

function readDistribution(raw: unknown): SearchDistribution | string {
  if (!isRecord(raw)) return "must be a mapping with type (choice, uniform, loguniform, normal, randint, …).";
  const type = String(raw.type ?? "") as SearchDistribution["type"];
  const params = DISTRIBUTION_PARAMS[type];
  if (!params) return `has type "${type || "(none)"}"; expected ${Object.keys(DISTRIBUTION_PARAMS).join(", ")}.`;
  const missing = params.filter((k) => raw[k] === undefined);
  if (missing.length) return `(${type}) needs ${missing.join(" and ")}.`;
  if (type === "choice") {
    if (
      !Array.isArray(raw.values) ||
      raw.values.length === 0 ||
      raw.values.some((v) => isRecord(v) || Array.isArray(v))
    )
      return "(choice) needs values: a non-empty list of numbers or text.";
    return { type, values: raw.values as Literal[] };
  }
  for (const k of params) if (typeof raw[k] !== "number") return `(${type}): ${k} must be a number.`;
  const n = (k: string) => raw[k] as number;
  if (type === "randint")
    return n("upper") >= 1 && Number.isInteger(n("upper"))
      ? { type, upper: n("upper") }
      : "(randint): upper must be a whole number of at least 1.";
  if ("min_value" in raw && n("min_value") >= n("max_value")) return `(${type}): min_value must be below max_value.`;
  if ("sigma" in raw && n("sigma") <= 0) return `(${type}): sigma must be above 0.`;
  if ("q" in raw && n("q") <= 0) return `(${type}): q must be above 0.`;
  if (type === "uniform" || type === "loguniform") return { type, min: n("min_value"), max: n("max_value") };
  if (type === "quniform" || type === "qloguniform")
    return { type, min: n("min_value"), max: n("max_value"), q: n("q") };
  if (type === "normal" || type === "lognormal") return { type, mu: n("mu"), sigma: n("sigma") };
  return { type, mu: n("mu"), sigma: n("sigma"), q: n("q") };
}

/** A distribution as the Hyperdrive expression ARM stores: ["uniform", [0.01, 0.9]], ["choice", [[1, 2]]]. */
export function distributionExpression(d: SearchDistribution): [string, unknown[]] {
  switch (d.type) {
    case "choice":
      return ["choice", [d.values]];
    case "uniform":
    case "loguniform":
      return [d.type, [d.min, d.max]];
    case "quniform":
    case "qloguniform":
      return [d.type, [d.min, d.max, d.q]];
    case "normal":
    case "lognormal":
      return [d.type, [d.mu, d.sigma]];
    case "qnormal":
    case "qlognormal":
      return [d.type, [d.mu, d.sigma, d.q]];
    case "randint":
      return ["randint", [d.upper]];
  }
}

/** The reverse of distributionExpression (undefined for an expression the studio does not know). */
export function distributionFromExpression(e: unknown): SearchDistribution | undefined {
  if (!Array.isArray(e) || typeof e[0] !== "string" || !Array.isArray(e[1])) return undefined;
  const [type, a] = e as [string, any[]];
  if (type === "choice") return { type, values: Array.isArray(a[0]) ? a[0] : a };
  if (type === "uniform" || type === "loguniform") return { type, min: a[0], max: a[1] };
  if (type === "quniform" || type === "qloguniform") return { type, min: a[0], max: a[1], q: a[2] };
  if (type === "normal" || type === "lognormal") return { type, mu: a[0], sigma: a[1] };
  if (type === "qnormal" || type === "qlognormal") return { type, mu: a[0], sigma: a[1], q: a[2] };
  if (type === "randint") return { type, upper: a[0] };
  return undefined;
}

const SAMPLING_ARM = { random: "Random", grid: "Grid", bayesian: "Bayesian" } as const;
const POLICY_ARM = {
  bandit: "Bandit",
  median_stopping: "MedianStopping",
  truncation_selection: "TruncationSelection",
} as const;

/** The ARM SweepJob properties (2022-10-01). The trial carries the command job's own keys. */
export function sweepJobToArm(spec: SweepJobSpec, refs: CommandJobRefs) {
  if (spec.trialComponent)
    throw new Error(`The trial ${spec.trialComponent} must be bound (bindComponentTrial) first.`);
  const command = commandJobToArm(spec.trial, refs);
  const et = spec.earlyTermination;
  return {
    jobType: "Sweep" as const,
    ...(command.displayName ? { displayName: command.displayName } : {}),
    ...(command.description ? { description: command.description } : {}),
    experimentName: command.experimentName,
    ...(command.tags ? { tags: command.tags } : {}),
    ...(command.computeId ? { computeId: command.computeId } : {}),
    ...(command.identity ? { identity: command.identity } : {}),
    inputs: command.inputs,
    outputs: command.outputs,
    trial: dropUndefined({
      command: command.command,
      codeId: command.codeId,
      environmentId: command.environmentId,
      environmentVariables: command.environmentVariables,
      distribution: command.distribution,
      resources: command.resources,
    }),
    searchSpace: Object.fromEntries(Object.entries(spec.searchSpace).map(([k, d]) => [k, distributionExpression(d)])),
    samplingAlgorithm: {
      samplingAlgorithmType: SAMPLING_ARM[spec.sampling.type],
      ...(spec.sampling.seed !== undefined ? { seed: spec.sampling.seed } : {}),
    },
    objective: {
      goal: spec.objective.goal === "maximize" ? "Maximize" : "Minimize",
      primaryMetric: spec.objective.primaryMetric,
    },
    limits: dropUndefined({
      jobLimitsType: "Sweep",
      maxTotalTrials: spec.limits.maxTotalTrials,
      maxConcurrentTrials: spec.limits.maxConcurrentTrials,
      timeout: spec.limits.timeout !== undefined ? `PT${spec.limits.timeout}S` : undefined,
      trialTimeout: spec.limits.trialTimeout !== undefined ? `PT${spec.limits.trialTimeout}S` : undefined,
    }),
    ...(et
      ? {
          earlyTermination: dropUndefined({
            policyType: POLICY_ARM[et.type],
            evaluationInterval: et.evaluationInterval,
            delayEvaluation: et.delayEvaluation,
            ...(et.type === "bandit" ? { slackFactor: et.slackFactor, slackAmount: et.slackAmount } : {}),
            ...(et.type === "truncation_selection" ? { truncationPercentage: et.truncationPercentage } : {}),
          }),
        }
      : {}),
  };
}

/** A sweep read back from its ARM body (for export and resubmit). */
export function sweepJobFromArm(name: string, props: Record<string, any>): SweepJobSpec {
  const t = props.trial ?? {};
  const trial = commandJobFromArm(name, { ...props, ...t, limits: undefined });
  const sampling = Object.entries(SAMPLING_ARM).find(
    ([, v]) => v === props.samplingAlgorithm?.samplingAlgorithmType,
  )?.[0];
  const et = props.earlyTermination;
  const policy = et ? Object.entries(POLICY_ARM).find(([, v]) => v === et.policyType)?.[0] : undefined;
  const seconds = (v: unknown) => (typeof v === "string" ? durationSeconds(v) : undefined);
  return {
    trial,
    searchSpace: Object.fromEntries(
      Object.entries((props.searchSpace ?? {}) as Record<string, unknown>).flatMap(([k, e]) => {
        const d = distributionFromExpression(e);
        return d ? [[k, d]] : [];
      }),
    ),
    sampling: dropUndefined({
      type: (sampling ?? "random") as SamplingAlgorithm,
      seed: props.samplingAlgorithm?.seed ?? undefined,
    }),
    objective: {
      goal: props.objective?.goal === "Minimize" ? "minimize" : "maximize",
      primaryMetric: String(props.objective?.primaryMetric ?? ""),
    },
    limits: dropUndefined({
      maxTotalTrials: props.limits?.maxTotalTrials ?? undefined,
      maxConcurrentTrials: props.limits?.maxConcurrentTrials ?? undefined,
      timeout: seconds(props.limits?.timeout),
      trialTimeout: seconds(props.limits?.trialTimeout),
    }),
    ...(policy
      ? {
          earlyTermination: dropUndefined({
            type: policy,
            evaluationInterval: et.evaluationInterval ?? undefined,
            delayEvaluation: et.delayEvaluation ?? undefined,
            ...(policy === "bandit"
              ? { slackFactor: et.slackFactor ?? undefined, slackAmount: et.slackAmount ?? undefined }
              : {}),
            ...(policy === "truncation_selection" ? { truncationPercentage: et.truncationPercentage } : {}),
          }) as EarlyTermination,
        }
      : {}),
  };
}

/** The sweep as CLI v2 YAML text. */
export function exportSweepJobYaml(spec: SweepJobSpec): string {
  const flat = commandJobToYamlObject(spec.trial);
  const trial =
    spec.trialComponent ?? Object.fromEntries(TRIAL_KEYS.filter((k) => flat[k] !== undefined).map((k) => [k, flat[k]]));
  const top = Object.fromEntries(
    Object.entries(flat).filter(([k]) => !TRIAL_KEYS.includes(k) && k !== "$schema" && k !== "type" && k !== "limits"),
  );
  const et = spec.earlyTermination;
  const doc = dropUndefined({
    $schema: SWEEP_JOB_SCHEMA,
    type: "sweep",
    ...top,
    trial,
    sampling_algorithm:
      spec.sampling.seed !== undefined ? { type: spec.sampling.type, seed: spec.sampling.seed } : spec.sampling.type,
    search_space: Object.fromEntries(
      Object.entries(spec.searchSpace).map(([k, d]) => [
        k,
        d.type === "choice"
          ? { type: d.type, values: d.values }
          : d.type === "randint"
            ? { type: d.type, upper: d.upper }
            : "min" in d
              ? dropUndefined({ type: d.type, min_value: d.min, max_value: d.max, q: "q" in d ? d.q : undefined })
              : dropUndefined({ type: d.type, mu: d.mu, sigma: d.sigma, q: "q" in d ? d.q : undefined }),
      ]),
    ),
    objective: { goal: spec.objective.goal, primary_metric: spec.objective.primaryMetric },
    limits: Object.keys(spec.limits).length
      ? dropUndefined({
          max_total_trials: spec.limits.maxTotalTrials,
          max_concurrent_trials: spec.limits.maxConcurrentTrials,
          timeout: spec.limits.timeout,
          trial_timeout: spec.limits.trialTimeout,
        })
      : undefined,
    early_termination: et
      ? dropUndefined({
          type: et.type,
          evaluation_interval: et.evaluationInterval,
          delay_evaluation: et.delayEvaluation,
          ...(et.type === "bandit" ? { slack_factor: et.slackFactor, slack_amount: et.slackAmount } : {}),
          ...(et.type === "truncation_selection" ? { truncation_percentage: et.truncationPercentage } : {}),
        })
      : undefined,
  });
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
