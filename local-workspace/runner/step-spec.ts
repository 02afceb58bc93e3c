/** What one step runs, and how a command job's (or a sweep trial's) ARM body becomes one. */
import { sourceOfJobInput, type PlannedStep } from "../../lib/domain/jobs/plan";

/** What one step runs: a component's command (pipeline steps) or the job's own (command jobs, sweep trials). */
export interface StepSpec {
  command: string;
  codeRef: string | null;
  environment: string | Record<string, unknown> | null;
  inputs: Record<string, { type: string; optional?: boolean; default?: unknown }>;
  outputs: Record<string, { type: string }>;
  environmentVariables?: Record<string, string>;
}

/**
 * The step of a command job: its own command, code, environment, inputs and outputs. A sweep passes its trial's
 * fields over the sweep's (the trial carries command, code, environment; the sweep inputs, outputs and compute).
 */
export function commandStepOf(name: string, props: Record<string, any>): { step: PlannedStep; spec: StepSpec } {
  const inputs = (props.inputs ?? {}) as Record<string, any>;
  const outputs = (props.outputs ?? {}) as Record<string, any>;
  return {
    step: {
      name,
      componentId: null,
      computeId: props.computeId ?? null,
      inputs: Object.fromEntries(
        Object.entries(inputs).flatMap(([k, v]) => {
          const s = sourceOfJobInput(v);
          return s ? [[k, s]] : [];
        }),
      ),
      outputs: Object.fromEntries(Object.keys(outputs).map((k) => [k, { parentOutput: null }])),
      dependsOn: [],
      displayName: props.displayName ?? null,
    },
    spec: {
      command: props.command,
      codeRef: props.codeId ?? null,
      environment: props.environmentId ?? null,
      inputs: Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [k, { type: String(v?.jobInputType ?? "literal") }]),
      ),
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([k, v]) => [k, { type: String(v?.jobOutputType ?? "uri_folder") }]),
      ),
      environmentVariables: props.environmentVariables ?? undefined,
    },
  };
}
