// The workspaces feature's server surface.
export {
  activeJobs,
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
  type ActiveJob,
  type WorkspaceSummary,
} from "./workspaces";
export * from "./schemas";
