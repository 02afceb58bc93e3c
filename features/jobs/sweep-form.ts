/**
 * The "Create job" form's sweep (hyperparameter tuning) model: the trial (the command form's own fields, or a
 * registered component), search space rows, sampling, objective, limits and early termination, as editable text.
 * Written as the CLI v2 sweep job YAML that the file path submits, so a form and a file go through one reader, one
 * set of checks and one submit; the live check is the sweep reader itself run over the form, each problem with the
 * key path it is about so the form shows it at its field.
 */
import { parse, stringify } from "yaml";
import {
  bindComponentTrial,
  DISTRIBUTION_PARAMS,
  readSweepJobYaml,
  SWEEP_JOB_SCHEMA,
  sweepJobFromObject,
  type SamplingAlgorithm,
  type SearchDistribution,
  type SearchParameterField,
  type SweepJobSpec,
} from "@/lib/domain/jobs/sweep-job";
import { YamlImportError } from "@/lib/domain/pipeline/yaml-source";
import { parseRegisteredRef } from "@/lib/domain/pipeline/import-yaml";
import type { ComponentSpec } from "@/lib/domain/pipeline/types";
import {
  commandJobFormFromSpec,
  commandJobFormToObject,
  emptyCommandJobForm,
  type CommandJobForm,
} from "./command-form";

/** The distributions the form offers; a file's q/log variants (qloguniform, lognormal, …) are kept and shown too. */
export const FORM_DISTRIBUTIONS = ["choice", "uniform", "loguniform", "normal", "quniform", "randint"] as const;
export const SAMPLING_ALGORITHMS: readonly SamplingAlgorithm[] = ["random", "grid", "bayesian"];
export const POLICIES = ["", "bandit", "median_stopping", "truncation_selection"] as const;
export type Policy = (typeof POLICIES)[number];

export type { SearchParameterField };

/** One search space parameter: its distribution and the text of each of its value fields. */
export interface SearchParameterRow {
  name: string;
  type: SearchDistribution["type"];
  /** Keyed by the YAML key; `values` is a choice's list written as `0.1, 0.01` or `gbdt, "a, b"`. */
  fields: Partial<Record<SearchParameterField, string>>;
}

export interface SweepJobForm {
  trialKind: "command" | "component";
  /**
   * The command trial's fields, and what a sweep shares with a command job whatever its trial is: compute, inputs,
   * outputs, names and tags (the sweep's own, at the top of its file).
   */
  trial: CommandJobForm;
  /** The registered component trial: `azureml:name:version` or `azureml:name@latest`. */
  component: string;
  searchSpace: SearchParameterRow[];
  sampling: SamplingAlgorithm;
  seed: string;
  goal: "maximize" | "minimize";
  primaryMetric: string;
  maxTotalTrials: string;
  maxConcurrentTrials: string;
  /** Seconds, the whole sweep. */
  timeout: string;
  /** Seconds, each trial. */
  trialTimeout: string;
  policy: Policy;
  evaluationInterval: string;
  delayEvaluation: string;
  slackFactor: string;
  slackAmount: string;
  truncationPercentage: string;
}

export function emptySearchParameter(): SearchParameterRow {
  return { name: "", type: "choice", fields: {} };
}

export function emptySweepJobForm(trial: CommandJobForm = emptyCommandJobForm()): SweepJobForm {
  return {
    trialKind: "command",
    trial,
    component: "",
    searchSpace: [emptySearchParameter()],
    sampling: "random",
    seed: "",
    goal: "maximize",
    primaryMetric: "",
    maxTotalTrials: "",
    maxConcurrentTrials: "",
    timeout: "",
    trialTimeout: "",
    policy: "",
    evaluationInterval: "",
    delayEvaluation: "",
    slackFactor: "",
    slackAmount: "",
    truncationPercentage: "",
  };
}

/** A choice's values as the one-line list the form edits (`0.1, gbdt, "a, b"`): YAML flow items, so types survive. */
export function choiceValuesText(values: readonly unknown[]): string {
  return stringify(values, { collectionStyle: "flow", lineWidth: 0 })
    .trim()
    .replace(/^\[\s*|\s*\]$/g, "");
}

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

function rowFromDistribution(name: string, d: SearchDistribution): SearchParameterRow {
  switch (d.type) {
    case "choice":
      return { name, type: d.type, fields: { values: choiceValuesText(d.values) } };
    case "randint":
      return { name, type: d.type, fields: { upper: text(d.upper) } };
    default:
      return {
        name,
        type: d.type,
        fields:
          "min" in d
            ? { min_value: text(d.min), max_value: text(d.max), ...("q" in d ? { q: text(d.q) } : {}) }
            : { mu: text(d.mu), sigma: text(d.sigma), ...("q" in d ? { q: text(d.q) } : {}) },
      };
  }
}

/** A sweep (read from its YAML) as the form. */
export function sweepJobFormFromSpec(spec: SweepJobSpec): SweepJobForm {
  const et = spec.earlyTermination;
  return {
    trialKind: spec.trialComponent ? "component" : "command",
    trial: commandJobFormFromSpec(spec.trial),
    component: spec.trialComponent ?? "",
    searchSpace: Object.entries(spec.searchSpace).map(([name, d]) => rowFromDistribution(name, d)),
    sampling: spec.sampling.type,
    seed: text(spec.sampling.seed),
    goal: spec.objective.goal,
    primaryMetric: spec.objective.primaryMetric,
    maxTotalTrials: text(spec.limits.maxTotalTrials),
    maxConcurrentTrials: text(spec.limits.maxConcurrentTrials),
    timeout: text(spec.limits.timeout),
    trialTimeout: text(spec.limits.trialTimeout),
    policy: et?.type ?? "",
    evaluationInterval: text(et?.evaluationInterval),
    delayEvaluation: text(et?.delayEvaluation),
    slackFactor: et?.type === "bandit" ? text(et.slackFactor) : "",
    slackAmount: et?.type === "bandit" ? text(et.slackAmount) : "",
    truncationPercentage: et?.type === "truncation_selection" ? text(et.truncationPercentage) : "",
  };
}

/** "Edit and resubmit": a sweep's own YAML as the form, or null when it is not a sweep the reader accepts. */
export function sweepJobFormFromYaml(yaml: string): SweepJobForm | null {
  try {
    return sweepJobFormFromSpec(readSweepJobYaml(yaml));
  } catch {
    return null;
  }
}

/**
 * A number typed into the form as its YAML value; text that is not a number is written as it is, so the reader
 * names the problem with the key it belongs to (one set of rules and words for a form and a file).
 */
function numberOrText(value: string | undefined): number | string | undefined {
  const t = (value ?? "").trim();
  if (!t) return undefined;
  return Number.isFinite(Number(t)) ? Number(t) : t;
}

function choiceValues(value: string | undefined): unknown {
  const t = (value ?? "").trim();
  if (!t) return undefined;
  try {
    return parse(`[${t}]`);
  } catch {
    return t;
  }
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The sweep's keys in a command job file that belong to its trial (the rest sit at the top of a sweep's file). */
const TRIAL_KEYS = ["command", "code", "environment", "environment_variables", "distribution", "resources"];

/**
 * The form as the CLI v2 sweep mapping plus the problems only the form can have (a row without a name, a name given
 * twice, the command form's own), each with the key path it is about.
 */
export function sweepJobFormToObject(form: SweepJobForm): { doc: Record<string, unknown>; problems: FormProblem[] } {
  // A sweep's timeouts are its limits: the command form's own timeout field is not shown for a trial.
  const command = commandJobFormToObject({ ...form.trial, timeoutSeconds: "" });
  const problems: FormProblem[] = command.problems.map((message) => ({ message, path: "trial" }));
  const flat = command.doc;
  const trial =
    form.trialKind === "component"
      ? // An empty component is the reader's problem to name ("trial is required").
        form.component.trim() || undefined
      : Object.fromEntries(TRIAL_KEYS.filter((k) => flat[k] !== undefined).map((k) => [k, flat[k]]));
  const top = Object.fromEntries(
    Object.entries(flat).filter(([k]) => !TRIAL_KEYS.includes(k) && k !== "$schema" && k !== "type" && k !== "limits"),
  );

  const searchSpace: Record<string, unknown> = {};
  form.searchSpace.forEach((row, n) => {
    const name = row.name.trim();
    if (!name) {
      problems.push({ message: `Search space parameter ${n + 1} needs a name.`, path: `search_space.#${n}` });
      return;
    }
    if (name in searchSpace)
      problems.push({ message: `Search space parameter "${name}" is named twice.`, path: `search_space.${name}` });
    searchSpace[name] = defined({
      type: row.type,
      ...Object.fromEntries(
        DISTRIBUTION_PARAMS[row.type].map((k) => [
          k,
          k === "values" ? choiceValues(row.fields[k]) : numberOrText(row.fields[k]),
        ]),
      ),
    });
  });

  const seed = numberOrText(form.seed);
  const primaryMetric = form.primaryMetric.trim();
  const policy = form.policy;
  const doc = defined({
    $schema: SWEEP_JOB_SCHEMA,
    type: "sweep",
    ...top,
    trial,
    sampling_algorithm: seed !== undefined ? { type: form.sampling, seed } : form.sampling,
    search_space: searchSpace,
    // An empty metric is the reader's problem to name ("objective.primary_metric is required").
    objective: defined({ goal: form.goal, primary_metric: primaryMetric || undefined }),
    limits: emptyToUndefined(
      defined({
        max_total_trials: numberOrText(form.maxTotalTrials),
        max_concurrent_trials: numberOrText(form.maxConcurrentTrials),
        timeout: numberOrText(form.timeout),
        trial_timeout: numberOrText(form.trialTimeout),
      }),
    ),
    early_termination: policy
      ? defined({
          type: policy,
          evaluation_interval: numberOrText(form.evaluationInterval),
          delay_evaluation: numberOrText(form.delayEvaluation),
          ...(policy === "bandit"
            ? { slack_factor: numberOrText(form.slackFactor), slack_amount: numberOrText(form.slackAmount) }
            : {}),
          ...(policy === "truncation_selection"
            ? { truncation_percentage: numberOrText(form.truncationPercentage) }
            : {}),
        })
      : undefined,
  });
  return { doc, problems };
}

const emptyToUndefined = (o: Record<string, unknown>) => (Object.keys(o).length ? o : undefined);

/** A problem of the form: its words, and the key path (`search_space.lr`, `limits.max_total_trials`) it is about. */
export interface FormProblem {
  message: string;
  path: string;
}

/**
 * The live check: every problem of the form as the sweep reader words it (the rules the server applies on submit),
 * plus the form's own. `trialComponent`: the component trial's spec when the studio has it, so its binding (swept
 * parameters that are no input, required inputs left unset) is checked by the same rule the submit applies. Empty
 * when the form would be accepted as far as the studio can tell before submitting.
 */
export function sweepJobFormProblems(form: SweepJobForm, trialComponent?: ComponentSpec | null): FormProblem[] {
  const { doc, problems } = sweepJobFormToObject(form);
  try {
    const spec = sweepJobFromObject(doc);
    if (spec.trialComponent && trialComponent)
      problems.push(
        ...bindComponentTrial(spec, trialComponent).problems.map((p) => ({ message: p.message, path: p.path ?? "" })),
      );
  } catch (e) {
    if (!(e instanceof YamlImportError)) throw e;
    problems.push(...e.problems.map((p) => ({ message: p.message, path: p.path ?? "" })));
  }
  return problems;
}

/**
 * The spec a component trial reference names, from the workspace's component list (which carries each latest
 * version's spec): known for `@latest` and for the latest version's number, else null (the submit checks it).
 */
export function componentSpecOf(
  components: readonly { name: string; latestVersion: string | null; spec: ComponentSpec | null }[],
  reference: string,
): ComponentSpec | null {
  const ref = parseRegisteredRef(reference.trim());
  const component = ref && components.find((c) => c.name === ref.name);
  if (!ref || !component) return null;
  const latest = ref.label === "latest" || (ref.version !== undefined && ref.version === component.latestVersion);
  return latest ? component.spec : null;
}

/** The problems a field shows: those about its key path or anything under it. */
export function problemsAt(problems: readonly FormProblem[], path: string): string | undefined {
  const mine = problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => p.message);
  return mine.length ? mine.join(" ") : undefined;
}

/** The YAML the form submits (what `az ml job create -f` would be given). */
export function sweepJobFormToYaml(form: SweepJobForm): string {
  return stringify(sweepJobFormToObject(form).doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The `${{search_space.x}}` references of a trial command, for the form's hints. */
export function searchSpaceReferences(command: string): string[] {
  return [
    ...new Set([...command.matchAll(/\$\{\{\s*search_space\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)].map((m) => m[1])),
  ];
}
