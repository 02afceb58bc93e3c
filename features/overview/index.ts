// The overview feature's client surface: a workspace's landing page.
export { WorkspaceOverview } from "./components/WorkspaceOverview";
// What a workspace holds, for the Delete workspace dialog (app/ hands it to the workspaces feature).
export { WorkspaceContents } from "./components/WorkspaceContents";
