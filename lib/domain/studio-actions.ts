import type { Action } from "./roles";

/**
 * The studio's common actions. Each opens the page that owns its dialog with `?do=<action>`
 * (lib/client/requested-action.ts reads it there once); the command palette and the workspace overview's quick
 * actions both offer them from this one list, each only to a role its action allows.
 */
export type StudioAction = { name: string; detail: string; path: string; action: Action };

export const STUDIO_ACTIONS: StudioAction[] = [
  {
    name: "Create job",
    detail: "A command job from the form or a CLI v2 file",
    path: "jobs?do=create-job",
    action: "job.write",
  },
  {
    name: "New pipeline",
    detail: "An empty draft in the designer",
    path: "designer?do=new-pipeline",
    action: "pipeline.write",
  },
  {
    name: "Create compute",
    detail: "An instance, cluster or other compute",
    path: "compute?do=create-compute",
    action: "compute.write",
  },
  {
    name: "Upload data",
    detail: "Files into workspaceblobstore",
    path: "datastores/workspaceblobstore?do=upload",
    action: "datastore.write",
  },
  {
    name: "Register model",
    detail: "A model from files, a datastore or a job",
    path: "models?do=register-model",
    action: "model.write",
  },
];

/** The quick actions a workspace's overview page offers (the three: run something, design, bring data). */
export const OVERVIEW_ACTIONS = ["Create job", "New pipeline", "Upload data"].map((name) =>
  STUDIO_ACTIONS.find((a) => a.name === name)!,
);
