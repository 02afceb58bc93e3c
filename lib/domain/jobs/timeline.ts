/**
 * A job's run timeline as the local workspace service reports it (`GET …/jobs/{name}/timeline`, not part of
 * ARM): every state change with its time, per step of a pipeline, with where each step's log and outputs are.
 */
export interface StatusChange {
  status: string;
  /** ISO time */
  at: string;
}

export interface StepTimeline {
  step: string;
  /** The step's child job name (an ARM job of its own). */
  jobName: string;
  displayName: string | null;
  status: string;
  history: StatusChange[];
  error: string | null;
  computeName: string | null;
  dependsOn: string[];
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  /** Path of the step's log in workspaceblobstore. */
  logPath: string | null;
  /** Output name → `azureml://datastores/<ds>/paths/<p>` */
  outputs: Record<string, string>;
}

export interface JobTimeline {
  name: string;
  jobType: string;
  status: string;
  history: StatusChange[];
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** A command job's own log (pipelines: see each step). */
  logPath: string | null;
  steps: StepTimeline[];
}
