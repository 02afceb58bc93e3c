/**
 * How a submitted job's steps bind together, read from the ARM job body (no I/O). The local service's runner
 * uses it to run the job and to refuse a bad one; the studio uses it to draw a job's graph.
 *
 * A PipelineJob's `jobs` dictionary is untyped in ARM: the Azure ML SDK v2 writes snake_case keys
 * (`job_input_type`, `job_output_type`), the REST examples camelCase (`jobInputType`); both are read.
 */

export const JOB_STATUSES = [
  "NotStarted",
  "Starting",
  "Provisioning",
  "Preparing",
  "Queued",
  "Running",
  "Finalizing",
  "CancelRequested",
  "Completed",
  "Failed",
  "Canceled",
  "NotResponding",
  "Paused",
  "Unknown",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: JobStatus[] = ["Completed", "Failed", "Canceled"];
export const isTerminal = (s: string) => (TERMINAL_STATUSES as string[]).includes(s);

/** Where a step input's value comes from. */
export type InputSource =
  | { kind: "literal"; value: string }
  | { kind: "data"; type: string; uri: string; mode?: string }
  | { kind: "step"; step: string; output: string };

export interface PlannedStep {
  name: string;
  componentId: string | null;
  computeId: string | null;
  inputs: Record<string, InputSource>;
  /** Output port → the pipeline output it is bound to (`${{parent.outputs.x}}`), or null. */
  outputs: Record<string, { parentOutput: string | null; mode?: string }>;
  dependsOn: string[];
  displayName: string | null;
}

export interface PlanProblem {
  message: string;
  target: string;
}

const STEP_REF_RE = /^\$\{\{\s*parent\.jobs\.([a-zA-Z_][a-zA-Z0-9_]*)\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
const PARENT_IN_RE = /^\$\{\{\s*parent\.inputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;
const PARENT_OUT_RE = /^\$\{\{\s*parent\.outputs\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}$/;

type Raw = Record<string, any>;

const inputType = (i: Raw) => String(i.jobInputType ?? i.job_input_type ?? i.type ?? "literal");

/** A job-level input (ARM JobInput) as a source; `null` when it carries nothing usable. */
export function sourceOfJobInput(i: Raw | null | undefined): InputSource | null {
  if (!i) return null;
  const t = inputType(i);
  if (t === "literal")
    return { kind: "literal", value: i.value === undefined || i.value === null ? "" : String(i.value) };
  if (typeof i.uri === "string" || typeof i.path === "string")
    return { kind: "data", type: t, uri: String(i.uri ?? i.path), ...(i.mode ? { mode: String(i.mode) } : {}) };
  return null;
}

/** A local path (`./data`, `data/x.csv`, `/home/…`): something on the submitter's machine, not in the workspace. */
export function isLocalPath(uri: string) {
  return !/^(azureml:|https?:\/\/|wasbs?:\/\/|abfss?:\/\/|adl:\/\/)/.test(uri);
}

/**
 * The steps of a PipelineJob with every binding resolved to a literal, a data uri or another step's output.
 * Problems (unknown steps or pipeline inputs, cycles) are all reported, not just the first.
 */
export function planPipeline(props: Raw): { steps: PlannedStep[]; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const jobs = (props.jobs ?? {}) as Record<string, Raw>;
  const parentInputs = (props.inputs ?? {}) as Record<string, Raw | null>;
  const steps: PlannedStep[] = [];
  for (const [name, step] of Object.entries(jobs)) {
    const at = `properties.jobs.${name}`;
    const inputs: Record<string, InputSource> = {};
    const deps = new Set<string>();
    for (const [port, raw] of Object.entries((step.inputs ?? {}) as Record<string, Raw | null>)) {
      if (!raw) continue;
      const value = typeof raw.value === "string" ? raw.value.trim() : null;
      const stepRef = value ? STEP_REF_RE.exec(value) : null;
      const parentRef = value ? PARENT_IN_RE.exec(value) : null;
      if (stepRef) {
        if (!(stepRef[1] in jobs))
          problems.push({
            message: `Step '${name}' input '${port}' uses ${value}, but the pipeline has no step '${stepRef[1]}'.`,
            target: `${at}.inputs.${port}`,
          });
        else {
          inputs[port] = { kind: "step", step: stepRef[1], output: stepRef[2] };
          deps.add(stepRef[1]);
        }
      } else if (parentRef) {
        const src = parentRef[1] in parentInputs ? sourceOfJobInput(parentInputs[parentRef[1]]) : null;
        if (!(parentRef[1] in parentInputs))
          problems.push({
            message: `Step '${name}' input '${port}' uses pipeline input '${parentRef[1]}', which properties.inputs does not declare.`,
            target: `${at}.inputs.${port}`,
          });
        else if (src) inputs[port] = src;
      } else {
        const src = sourceOfJobInput(raw);
        if (src) inputs[port] = src;
      }
    }
    const outputs: PlannedStep["outputs"] = {};
    for (const [port, raw] of Object.entries((step.outputs ?? {}) as Record<string, Raw | null>)) {
      const value = typeof raw?.value === "string" ? raw.value.trim() : "";
      const m = PARENT_OUT_RE.exec(value);
      outputs[port] = { parentOutput: m ? m[1] : null, ...(raw?.mode ? { mode: String(raw.mode) } : {}) };
    }
    const computeId = step.computeId ?? step.compute ?? null;
    steps.push({
      name,
      componentId: typeof step.componentId === "string" ? step.componentId : null,
      computeId: typeof computeId === "string" ? computeId : null,
      inputs,
      outputs,
      dependsOn: [...deps],
      displayName:
        typeof step.display_name === "string"
          ? step.display_name
          : typeof step.displayName === "string"
            ? step.displayName
            : null,
    });
  }
  for (const cycle of findCycles(steps))
    problems.push({
      message: `Steps ${cycle.map((s) => `'${s}'`).join(" → ")} depend on each other in a cycle.`,
      target: `properties.jobs.${cycle[0]}`,
    });
  return { steps, problems };
}

/** Each cycle once, as the list of steps around it (first step repeated at the end). */
export function findCycles(steps: { name: string; dependsOn: string[] }[]): string[][] {
  const deps = new Map(steps.map((s) => [s.name, s.dependsOn]));
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (!deps.has(d)) continue;
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const s of steps) if (!state.has(s.name)) visit(s.name);
  return cycles;
}

/** Name of a pipeline step's child job: the parent's name and the step's, as one ARM job name. */
export const stepJobName = (parent: string, step: string) => `${parent}-${step}`.slice(0, 255);
