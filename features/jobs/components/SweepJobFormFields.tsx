"use client";
import type { ReactNode } from "react";
import {
  Button,
  Combobox,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Select,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { DISTRIBUTION_PARAMS, type SearchDistribution } from "@/lib/domain/jobs/sweep-job";
import { useComponents } from "@/features/components";
import type { CommandJobForm } from "../command-form";
import {
  emptySearchParameter,
  FORM_DISTRIBUTIONS,
  POLICIES,
  problemsAt,
  SAMPLING_ALGORITHMS,
  type FormProblem,
  type Policy,
  type SearchParameterField,
  type SearchParameterRow,
  type SweepJobForm,
} from "../sweep-form";
import {
  CommandFields,
  ComputeField,
  EnvironmentVariableFields,
  InputOutputFields,
  NameFields,
  ResourceFields,
} from "./CommandJobFormFields";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))",
    gap: tokens.spacingHorizontalM,
    alignItems: "start",
  },
  parameter: {
    display: "grid",
    gridTemplateColumns: "minmax(120px, 1fr) minmax(130px, 1fr) minmax(220px, 3fr) auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "start",
  },
  values: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(90px, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  remove: { marginTop: tokens.spacingVerticalXXL },
});

const FIELD_LABELS: Record<SearchParameterField, string> = {
  values: "Values",
  min_value: "Min value",
  max_value: "Max value",
  mu: "Mu (mean)",
  sigma: "Sigma (std. dev.)",
  q: "Q (step)",
  upper: "Upper (exclusive)",
};
const POLICY_LABELS: Record<Policy, string> = {
  "": "None",
  bandit: "Bandit",
  median_stopping: "Median stopping",
  truncation_selection: "Truncation selection",
};

/**
 * A sweep's fields: the trial (the command form's own command, environment and code fields, or a registered
 * component), compute, inputs and outputs, the search space, sampling, objective, limits, early termination, names
 * and tags. Each problem of the live check is shown at the field it is about.
 */
export function SweepJobFormFields({
  workspace,
  form,
  problems,
  onChange,
  codeField,
}: {
  workspace: WorkspaceRef;
  form: SweepJobForm;
  problems: readonly FormProblem[];
  onChange: (form: SweepJobForm) => void;
  /** The code folder picker (the dialog owns the picked files and their upload). */
  codeField: ReactNode;
}) {
  const s = useStyles();
  const set = <K extends keyof SweepJobForm>(key: K, value: SweepJobForm[K]) => onChange({ ...form, [key]: value });
  const setTrial = (trial: CommandJobForm) => onChange({ ...form, trial });
  const at = (path: string) => problemsAt(problems, path);
  const parameterNames = form.searchSpace.map((r) => r.name.trim()).filter(Boolean);
  const numberField = (key: keyof SweepJobForm, label: string, path: string, hint?: string) => (
    <Field label={label} hint={hint} validationMessage={at(path)}>
      <Input
        value={form[key] as string}
        inputMode="decimal"
        onChange={(_, d) => onChange({ ...form, [key]: d.value })}
      />
    </Field>
  );

  return (
    <>
      <div className={s.section}>
        <Subtitle2 as="h3">Trial</Subtitle2>
        <Field label="Each trial runs">
          <RadioGroup
            layout="horizontal"
            value={form.trialKind}
            onChange={(_, d) => set("trialKind", d.value as SweepJobForm["trialKind"])}
          >
            <Radio value="command" label="A command" />
            <Radio value="component" label="A registered component" />
          </RadioGroup>
        </Field>
        {form.trialKind === "command" ? (
          <CommandFields
            workspace={workspace}
            form={form.trial}
            onChange={setTrial}
            codeField={codeField}
            searchSpace={parameterNames}
          />
        ) : (
          <ComponentField workspace={workspace} form={form} onChange={onChange} validationMessage={at("trial")} />
        )}
      </div>
      <ComputeField workspace={workspace} form={form.trial} onChange={setTrial} />
      <InputOutputFields form={form.trial} onChange={setTrial} />

      <div className={s.section}>
        <Subtitle2 as="h3">Search space</Subtitle2>
        {form.searchSpace.map((row, n) => (
          <SearchParameter
            key={n}
            n={n}
            row={row}
            problem={at(row.name.trim() ? `search_space.${row.name.trim()}` : `search_space.#${n}`)}
            onChange={(next) =>
              set(
                "searchSpace",
                form.searchSpace.map((r, k) => (k === n ? next : r)),
              )
            }
            onRemove={() =>
              set(
                "searchSpace",
                form.searchSpace.filter((_, k) => k !== n),
              )
            }
          />
        ))}
        <div>
          <Button
            size="small"
            icon={<AddRegular />}
            onClick={() => set("searchSpace", [...form.searchSpace, emptySearchParameter()])}
          >
            Add parameter
          </Button>
        </div>
      </div>

      <div className={s.section}>
        <Subtitle2 as="h3">Sampling and objective</Subtitle2>
        <div className={s.grid}>
          <Field
            label="Sampling algorithm"
            validationMessage={at("sampling_algorithm")}
            hint={
              form.sampling === "grid"
                ? "Every combination of choice values (grid takes choice parameters only)."
                : form.sampling === "bayesian"
                  ? "The local workspace service samples at random instead (its log says so)."
                  : undefined
            }
          >
            <Select value={form.sampling} onChange={(_, d) => set("sampling", d.value as SweepJobForm["sampling"])}>
              {SAMPLING_ALGORITHMS.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </Select>
          </Field>
          {form.sampling !== "grid" ? numberField("seed", "Seed (optional)", "sampling_algorithm.seed") : null}
          <Field
            label="Primary metric"
            required
            hint="The metric each trial logs through MLflow."
            validationMessage={at("objective.primary_metric")}
          >
            <Input value={form.primaryMetric} onChange={(_, d) => set("primaryMetric", d.value)} />
          </Field>
          <Field label="Goal" validationMessage={at("objective.goal")}>
            <Select value={form.goal} onChange={(_, d) => set("goal", d.value as SweepJobForm["goal"])}>
              <option value="maximize">maximize</option>
              <option value="minimize">minimize</option>
            </Select>
          </Field>
        </div>
      </div>

      <div className={s.section}>
        <Subtitle2 as="h3">Limits</Subtitle2>
        <div className={s.grid}>
          {numberField("maxTotalTrials", "Max total trials", "limits.max_total_trials")}
          {numberField("maxConcurrentTrials", "Max concurrent trials", "limits.max_concurrent_trials")}
          {numberField("timeout", "Sweep timeout (seconds)", "limits.timeout")}
          {numberField("trialTimeout", "Trial timeout (seconds)", "limits.trial_timeout")}
        </div>
      </div>

      <div className={s.section}>
        <Subtitle2 as="h3">Early termination</Subtitle2>
        <div className={s.grid}>
          <Field label="Policy" validationMessage={problemsAtExactly(problems, "early_termination")}>
            <Select value={form.policy} onChange={(_, d) => set("policy", d.value as Policy)}>
              {POLICIES.map((p) => (
                <option key={p} value={p}>
                  {POLICY_LABELS[p]}
                </option>
              ))}
            </Select>
          </Field>
          {form.policy === "bandit" ? (
            <>
              {numberField("slackFactor", "Slack factor", "early_termination.slack_factor", "Or a slack amount.")}
              {numberField("slackAmount", "Slack amount", "early_termination.slack_amount")}
            </>
          ) : null}
          {form.policy === "truncation_selection"
            ? numberField(
                "truncationPercentage",
                "Truncation percentage",
                "early_termination.truncation_percentage",
                "1 to 99.",
              )
            : null}
          {form.policy
            ? numberField(
                "evaluationInterval",
                "Evaluation interval",
                "early_termination.evaluation_interval",
                "Apply the policy every this many metric reports.",
              )
            : null}
          {form.policy
            ? numberField(
                "delayEvaluation",
                "Delay evaluation",
                "early_termination.delay_evaluation",
                "Reports to wait before the first evaluation.",
              )
            : null}
        </div>
      </div>

      {form.trialKind === "command" ? (
        <>
          <EnvironmentVariableFields form={form.trial} onChange={setTrial} />
          <ResourceFields workspace={workspace} form={form.trial} onChange={setTrial} showTimeout={false} />
        </>
      ) : null}
      <NameFields form={form.trial} onChange={setTrial} />
    </>
  );
}

const problemsAtExactly = (problems: readonly FormProblem[], path: string) =>
  problems
    .filter((p) => p.path === path)
    .map((p) => p.message)
    .join(" ") || undefined;

/** The registered component each trial runs, from the workspace's components (any azureml: reference may be typed). */
function ComponentField({
  workspace,
  form,
  onChange,
  validationMessage,
}: {
  workspace: WorkspaceRef;
  form: SweepJobForm;
  onChange: (form: SweepJobForm) => void;
  validationMessage?: string;
}) {
  const components = useComponents(workspace);
  const all = components.data?.data ?? [];
  const options = all.flatMap((c) => [
    `azureml:${c.name}@latest`,
    ...(c.latestVersion ? [`azureml:${c.name}:${c.latestVersion}`] : []),
  ]);
  const typed = form.component.toLowerCase().replace(/^azureml:/, "");
  const shown = options.filter((o) => o.toLowerCase().includes(typed)).slice(0, 50);
  const picked = all.find((c) => form.component.replace(/^azureml:/, "").split(/[:@]/)[0] === c.name);
  const inputs = Object.entries(picked?.spec?.inputs ?? {});
  return (
    <Field
      label="Component"
      required
      validationMessage={validationMessage}
      hint={
        picked?.spec
          ? `Inputs: ${inputs.map(([n, i]) => `${n} (${i.type}${i.default !== undefined ? ` = ${String(i.default)}` : ""}${i.optional ? ", optional" : ""})`).join(", ") || "none"}. Name a parameter like an input to sweep it; set the others under Inputs.`
          : "A version or @latest of a registered component."
      }
    >
      <Combobox
        freeform
        value={form.component}
        placeholder="azureml:name@latest"
        onChange={(e) => onChange({ ...form, component: e.target.value })}
        onOptionSelect={(_, d) => d.optionValue && onChange({ ...form, component: d.optionValue })}
      >
        {shown.map((o) => (
          <Option key={o} value={o}>
            {o}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

/** One search space parameter: its name, its distribution and that distribution's value fields. */
function SearchParameter({
  n,
  row,
  problem,
  onChange,
  onRemove,
}: {
  n: number;
  row: SearchParameterRow;
  problem?: string;
  onChange: (row: SearchParameterRow) => void;
  onRemove: () => void;
}) {
  const s = useStyles();
  const label = row.name.trim() || String(n + 1);
  // A file's distribution the form does not offer (qlognormal, …) is shown as it is.
  const distributions: readonly SearchDistribution["type"][] = (FORM_DISTRIBUTIONS as readonly string[]).includes(
    row.type,
  )
    ? FORM_DISTRIBUTIONS
    : [...FORM_DISTRIBUTIONS, row.type];
  return (
    <div className={s.parameter} data-testid="search-parameter">
      <Field label={`Parameter ${n + 1} name`} required>
        <Input value={row.name} onChange={(_, d) => onChange({ ...row, name: d.value })} />
      </Field>
      <Field label="Distribution" validationMessage={problem}>
        <Select value={row.type} onChange={(_, d) => onChange({ ...row, type: d.value as SearchDistribution["type"] })}>
          {distributions.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Select>
      </Field>
      <div className={s.values}>
        {DISTRIBUTION_PARAMS[row.type].map((key) => (
          <Field
            key={key}
            label={FIELD_LABELS[key]}
            required
            hint={key === "values" ? 'Comma-separated: 0.01, 0.1 or gbdt, "a, b"' : undefined}
          >
            <Input
              value={row.fields[key] ?? ""}
              inputMode={key === "values" ? "text" : "decimal"}
              onChange={(_, d) => onChange({ ...row, fields: { ...row.fields, [key]: d.value } })}
            />
          </Field>
        ))}
      </div>
      <Button
        className={s.remove}
        aria-label={`Remove parameter ${label}`}
        title={`Remove parameter ${label}`}
        icon={<DeleteRegular />}
        appearance="subtle"
        onClick={onRemove}
      />
    </div>
  );
}
