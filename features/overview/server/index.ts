// The overview feature's server surface: what app/api routes use.
export { getWorkspaceOverview } from "./overview";
