// The environments feature's client surface.
export { EnvironmentList } from "./components/EnvironmentList";
export { EnvironmentDetail } from "./components/EnvironmentDetail";
export { useEnvironments } from "./hooks";
export type { EnvironmentSummary } from "./model";
