// The workspaces feature's server surface.
export { getWorkspace, listWorkspaces, type WorkspaceSummary } from "./workspaces";
