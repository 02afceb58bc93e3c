// The overview feature's client surface: a workspace's landing page.
export { WorkspaceOverview } from "./components/WorkspaceOverview";
