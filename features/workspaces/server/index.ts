// The workspaces feature's server surface.
export {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
  type WorkspaceSummary,
} from "./workspaces";
export * from "./schemas";
