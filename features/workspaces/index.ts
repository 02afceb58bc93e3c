// The workspaces feature's client surface (app/ and later features import only this and server/index.ts).
export { WorkspaceHome } from "./components/WorkspaceHome";
export { WorkspaceShell } from "./components/WorkspaceShell";
export { useWorkspaces } from "./hooks";
export type { WorkspaceSummary } from "./server/workspaces";
