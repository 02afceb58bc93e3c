"use client";
import type { ReactNode } from "react";
import {
  Button,
  Caption1,
  Combobox,
  Field,
  Input,
  Option,
  Select,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons/svg/add";
import { DeleteRegular } from "@fluentui/react-icons/svg/delete";
import type { WorkspaceRef } from "@/lib/domain/arm-names";
import { useComputes, VmSizePicker } from "@/features/compute";
import { useEnvironments } from "@/features/environments";
import {
  commandReferences,
  FORM_INPUT_TYPES,
  FORM_OUTPUT_TYPES,
  INPUT_MODES,
  OUTPUT_MODES,
  type CommandJobForm,
  type FormInputType,
  type NameValue,
} from "../command-form";
import { searchSpaceReferences } from "../sweep-form";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))",
    gap: tokens.spacingHorizontalM,
  },
  row: {
    display: "grid",
    gridTemplateColumns: "minmax(110px, 1fr) minmax(110px, 1fr) minmax(160px, 2fr) minmax(100px, 1fr) auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "end",
  },
  pair: {
    display: "grid",
    gridTemplateColumns: "1fr 2fr auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "end",
  },
  command: { fontFamily: tokens.fontFamilyMonospace, minHeight: "90px" },
  refs: { color: tokens.colorNeutralForeground2 },
  missing: { color: tokens.colorPaletteRedForeground1 },
});

const SERVERLESS = "";
const isLiteral = (t: FormInputType) => ["string", "number", "integer", "boolean"].includes(t);

type PartProps = { form: CommandJobForm; onChange: (form: CommandJobForm) => void };

/**
 * The fields of a command job: command (with what it references and what is not declared), code, environment over
 * the workspace's environments (curated and custom, a version or @latest; any azureml: reference may be typed),
 * compute (serverless or a compute of the workspace), inputs of every Azure ML type, outputs, environment variables,
 * distribution and resources, names and tags. A sweep's form uses the same parts (its trial and its job fields).
 */
export function CommandJobFormFields({
  workspace,
  form,
  onChange,
  codeField,
}: PartProps & {
  workspace: WorkspaceRef;
  /** The code folder picker (the dialog owns the picked files and their upload). */
  codeField: ReactNode;
}) {
  return (
    <>
      <CommandFields workspace={workspace} form={form} onChange={onChange} codeField={codeField} />
      <ComputeField workspace={workspace} form={form} onChange={onChange} />
      <InputOutputFields form={form} onChange={onChange} />
      <EnvironmentVariableFields form={form} onChange={onChange} />
      <ResourceFields workspace={workspace} form={form} onChange={onChange} showTimeout />
      <NameFields form={form} onChange={onChange} />
    </>
  );
}

/**
 * Command, environment and code. `searchSpace`: in a sweep's trial, the parameters the command may read as
 * `${{search_space.x}}` (the hint lists those it reads and those not declared).
 */
export function CommandFields({
  workspace,
  form,
  onChange,
  codeField,
  searchSpace,
}: PartProps & { workspace: WorkspaceRef; codeField: ReactNode; searchSpace?: string[] }) {
  const s = useStyles();
  const environments = useEnvironments(workspace, "exclude");
  const set = <K extends keyof CommandJobForm>(key: K, value: CommandJobForm[K]) => onChange({ ...form, [key]: value });
  const refs = commandReferences(form.command);
  const swept = searchSpace ? searchSpaceReferences(form.command) : [];
  const declaredInputs = new Set(form.inputs.map((i) => i.name.trim()));
  const declaredOutputs = new Set(form.outputs.map((o) => o.name.trim()));
  const undeclared = [
    ...refs.inputs.filter((n) => !declaredInputs.has(n)).map((n) => `inputs.${n}`),
    ...refs.outputs.filter((n) => !declaredOutputs.has(n)).map((n) => `outputs.${n}`),
    ...swept.filter((n) => !searchSpace?.includes(n)).map((n) => `search_space.${n}`),
  ];
  const used = [
    ...refs.inputs.map((n) => `inputs.${n}`),
    ...refs.outputs.map((n) => `outputs.${n}`),
    ...swept.map((n) => `search_space.${n}`),
  ];
  const environmentOptions = (environments.data?.data ?? []).flatMap((e) => [
    `azureml:${e.name}@latest`,
    ...(e.latestVersion ? [`azureml:${e.name}:${e.latestVersion}`] : []),
  ]);
  const shownEnvironments = environmentOptions
    .filter((o) => o.toLowerCase().includes(form.environment.toLowerCase().replace(/^azureml:/, "")))
    .slice(0, 50);

  return (
    <div className={s.section}>
      <Field
        label="Command"
        required
        hint={
          <span className={s.refs} data-testid="command-references">
            {used.length === 0
              ? `Refer to inputs as \${{inputs.name}} and outputs as \${{outputs.name}}${searchSpace ? ", search space parameters as ${{search_space.name}}" : ""}.`
              : `Uses ${used.join(", ")}.`}
            {undeclared.length ? (
              <span className={s.missing}> Not declared below: {undeclared.join(", ")}.</span>
            ) : null}
          </span>
        }
      >
        <Textarea
          className={s.command}
          value={form.command}
          onChange={(_, d) => set("command", d.value)}
          spellCheck={false}
          resize="vertical"
        />
      </Field>
      <div className={s.grid}>
        <Field
          label="Environment"
          required
          hint={
            form.inlineEnvironment
              ? "An inline environment from the job's file (edit it in the YAML tab)."
              : "A version, @latest, or any azureml: reference."
          }
        >
          <Combobox
            freeform
            disabled={form.inlineEnvironment !== null}
            value={form.inlineEnvironment ? "inline environment" : form.environment}
            placeholder="azureml:name@latest"
            onChange={(e) => set("environment", e.target.value)}
            onOptionSelect={(_, d) => d.optionValue && set("environment", d.optionValue)}
          >
            {shownEnvironments.map((o) => (
              <Option key={o} value={o}>
                {o}
              </Option>
            ))}
          </Combobox>
        </Field>
        <Field label="Code" hint="A local folder (uploaded first) or azureml:name:version; empty for none.">
          <Input value={form.code} placeholder="./src" onChange={(_, d) => set("code", d.value)} />
        </Field>
      </div>
      {codeField}
    </div>
  );
}

/** Serverless or a compute of the workspace (a job's, or a whole sweep's: every trial runs there). */
export function ComputeField({ workspace, form, onChange }: PartProps & { workspace: WorkspaceRef }) {
  const s = useStyles();
  const computes = useComputes(workspace);
  return (
    <div className={s.grid}>
      <Field label="Compute" hint="Serverless runs on an instance type of your choice.">
        <Select value={form.compute} onChange={(_, d) => onChange({ ...form, compute: d.value })}>
          <option value={SERVERLESS}>Serverless</option>
          {(computes.data?.data ?? []).map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.computeType}, {c.state})
            </option>
          ))}
          {form.compute && !computes.data?.data.some((c) => c.name === form.compute) ? (
            <option value={form.compute}>{form.compute} (not in this workspace)</option>
          ) : null}
        </Select>
      </Field>
    </div>
  );
}

/** Inputs of every Azure ML type (typed literals, data by reference or path) and outputs with their mode. */
export function InputOutputFields({ form, onChange }: PartProps) {
  const s = useStyles();
  const set = <K extends keyof CommandJobForm>(key: K, value: CommandJobForm[K]) => onChange({ ...form, [key]: value });
  return (
    <>
      <Rows
        title="Inputs"
        addLabel="Add input"
        onAdd={() => set("inputs", [...form.inputs, { name: "", type: "string", value: "", mode: "" }])}
      >
        {form.inputs.map((input, n) => {
          const put = (patch: Partial<typeof input>) => set("inputs", replaceAt(form.inputs, n, patch));
          const literal = isLiteral(input.type);
          return (
            <div className={s.row} key={n} data-testid="form-input">
              <Field label={`Input ${n + 1} name`}>
                <Input value={input.name} onChange={(_, d) => put({ name: d.value })} />
              </Field>
              <Field label="Type">
                <Select value={input.type} onChange={(_, d) => put({ type: d.value as FormInputType })}>
                  {FORM_INPUT_TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Select>
              </Field>
              <Field label={literal ? "Value" : "Path"}>
                {input.type === "boolean" ? (
                  <Select value={input.value.toLowerCase()} onChange={(_, d) => put({ value: d.value })}>
                    <option value="">choose</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </Select>
                ) : (
                  <Input
                    value={input.value}
                    placeholder={literal ? "" : "azureml:name:version or azureml://datastores/…"}
                    onChange={(_, d) => put({ value: d.value })}
                  />
                )}
              </Field>
              <ModeField modes={INPUT_MODES} disabled={literal} value={input.mode} onChange={(mode) => put({ mode })} />
              <RemoveButton
                label={`Remove input ${input.name || n + 1}`}
                onClick={() => set("inputs", removeAt(form.inputs, n))}
              />
            </div>
          );
        })}
      </Rows>

      <Rows
        title="Outputs"
        addLabel="Add output"
        onAdd={() => set("outputs", [...form.outputs, { name: "", type: "uri_folder", mode: "", path: "" }])}
      >
        {form.outputs.map((output, n) => {
          const put = (patch: Partial<typeof output>) => set("outputs", replaceAt(form.outputs, n, patch));
          return (
            <div className={s.row} key={n} data-testid="form-output">
              <Field label={`Output ${n + 1} name`}>
                <Input value={output.name} onChange={(_, d) => put({ name: d.value })} />
              </Field>
              <Field label="Type">
                <Select
                  value={output.type}
                  onChange={(_, d) => put({ type: d.value as (typeof FORM_OUTPUT_TYPES)[number] })}
                >
                  {FORM_OUTPUT_TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Select>
              </Field>
              <Field label="Path (optional)">
                <Input
                  value={output.path}
                  placeholder="azureml://datastores/…"
                  onChange={(_, d) => put({ path: d.value })}
                />
              </Field>
              <ModeField modes={OUTPUT_MODES} value={output.mode} onChange={(mode) => put({ mode })} />
              <RemoveButton
                label={`Remove output ${output.name || n + 1}`}
                onClick={() => set("outputs", removeAt(form.outputs, n))}
              />
            </div>
          );
        })}
      </Rows>
    </>
  );
}

export function EnvironmentVariableFields({ form, onChange }: PartProps) {
  return (
    <NameValueRows
      title="Environment variables"
      what="Variable"
      rows={form.environmentVariables}
      onChange={(rows) => onChange({ ...form, environmentVariables: rows })}
    />
  );
}

/** Instance type and count, distribution, and the job's timeout (`showTimeout`: a sweep's trials time out by its limits). */
export function ResourceFields({
  workspace,
  form,
  onChange,
  showTimeout,
}: PartProps & { workspace: WorkspaceRef; showTimeout: boolean }) {
  const s = useStyles();
  const set = <K extends keyof CommandJobForm>(key: K, value: CommandJobForm[K]) => onChange({ ...form, [key]: value });
  return (
    <div className={s.section}>
      <Subtitle2 as="h3">Resources and distribution</Subtitle2>
      {form.compute ? null : (
        // Serverless runs on a cluster size and counts against its family's quota: the same picker and quota left
        // as a new cluster's.
        <VmSizePicker
          workspace={workspace}
          computeType="AmlCompute"
          value={form.instanceType}
          onChange={(size) => set("instanceType", size === form.instanceType ? "" : size)}
          required={false}
          hint="The serverless size; none picked runs on the default size. Pick it again to clear it."
        />
      )}
      <div className={s.grid}>
        {form.compute ? (
          <Field label="Instance type" hint="Where the compute allows one (a Kubernetes compute's instance types).">
            <Input
              value={form.instanceType}
              placeholder="defaultinstancetype"
              onChange={(_, d) => set("instanceType", d.value)}
            />
          </Field>
        ) : null}
        <Field label="Instance count">
          <Input value={form.instanceCount} inputMode="numeric" onChange={(_, d) => set("instanceCount", d.value)} />
        </Field>
        <Field label="Distribution">
          <Select
            value={form.distribution}
            onChange={(_, d) => set("distribution", d.value as CommandJobForm["distribution"])}
          >
            <option value="">none</option>
            <option value="pytorch">PyTorch</option>
            <option value="mpi">MPI</option>
            <option value="tensorflow">TensorFlow</option>
          </Select>
        </Field>
        <Field label={form.distribution === "tensorflow" ? "Worker count" : "Processes per node"}>
          <Input
            disabled={!form.distribution}
            value={form.processCount}
            inputMode="numeric"
            onChange={(_, d) => set("processCount", d.value)}
          />
        </Field>
        {showTimeout ? (
          <Field label="Timeout (seconds)">
            <Input
              value={form.timeoutSeconds}
              inputMode="numeric"
              onChange={(_, d) => set("timeoutSeconds", d.value)}
            />
          </Field>
        ) : null}
      </div>
    </div>
  );
}

/** Display name, experiment, description and tags. */
export function NameFields({ form, onChange }: PartProps) {
  const s = useStyles();
  const set = <K extends keyof CommandJobForm>(key: K, value: CommandJobForm[K]) => onChange({ ...form, [key]: value });
  return (
    <>
      <div className={s.section}>
        <Subtitle2 as="h3">Names</Subtitle2>
        <div className={s.grid}>
          <Field label="Display name">
            <Input value={form.displayName} onChange={(_, d) => set("displayName", d.value)} />
          </Field>
          <Field label="Experiment name">
            <Input value={form.experimentName} onChange={(_, d) => set("experimentName", d.value)} />
          </Field>
          <Field label="Description">
            <Input value={form.description} onChange={(_, d) => set("description", d.value)} />
          </Field>
        </div>
      </div>
      <NameValueRows title="Tags" what="Tag" rows={form.tags} onChange={(rows) => set("tags", rows)} />
    </>
  );
}

function Rows({
  title,
  addLabel,
  onAdd,
  children,
}: {
  title: string;
  addLabel: string;
  onAdd: () => void;
  children: ReactNode;
}) {
  const s = useStyles();
  return (
    <div className={s.section}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {Array.isArray(children) && children.length === 0 ? <Caption1>None.</Caption1> : children}
      <div>
        <Button size="small" icon={<AddRegular />} onClick={onAdd}>
          {addLabel}
        </Button>
      </div>
    </div>
  );
}

const replaceAt = <T,>(rows: T[], n: number, patch: Partial<T>): T[] =>
  rows.map((x, k) => (k === n ? { ...x, ...patch } : x));
const removeAt = <T,>(rows: T[], n: number): T[] => rows.filter((_, k) => k !== n);

/** An input's or output's mode; empty is the default Azure ML picks for the type. */
function ModeField({
  modes,
  value,
  disabled,
  onChange,
}: {
  modes: readonly string[];
  value: string;
  disabled?: boolean;
  onChange: (mode: string) => void;
}) {
  return (
    <Field label="Mode">
      <Select disabled={disabled} value={value} onChange={(_, d) => onChange(d.value)}>
        {modes.map((m) => (
          <option key={m} value={m}>
            {m || "default"}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return <Button aria-label={label} title={label} icon={<DeleteRegular />} appearance="subtle" onClick={onClick} />;
}

function NameValueRows({
  title,
  what,
  rows,
  onChange,
}: {
  title: string;
  what: string;
  rows: NameValue[];
  onChange: (rows: NameValue[]) => void;
}) {
  const s = useStyles();
  return (
    <Rows
      title={title}
      addLabel={`Add ${what.toLowerCase()}`}
      onAdd={() => onChange([...rows, { name: "", value: "" }])}
    >
      {rows.map((r, n) => (
        <div className={s.pair} key={n}>
          <Field label={`${what} ${n + 1} name`}>
            <Input value={r.name} onChange={(_, d) => onChange(replaceAt(rows, n, { name: d.value }))} />
          </Field>
          <Field label="Value">
            <Input value={r.value} onChange={(_, d) => onChange(replaceAt(rows, n, { value: d.value }))} />
          </Field>
          <RemoveButton
            label={`Remove ${what.toLowerCase()} ${r.name || n + 1}`}
            onClick={() => onChange(removeAt(rows, n))}
          />
        </div>
      ))}
    </Rows>
  );
}
