// The compute feature's client surface (app/ and later features import only this and server/index.ts).
export { ComputeDashboard } from "./components/ComputeDashboard";
export { useComputes } from "./hooks";
export type { ComputeSummary } from "./model";
