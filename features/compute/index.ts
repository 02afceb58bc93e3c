// The compute feature's client surface (app/ and later features import only this and server/index.ts).
export { ComputeDashboard } from "./components/ComputeDashboard";
export { useComputes } from "./hooks";
export type { ComputeSummary } from "./model";
// The VM size picker with the quota left per size, for any form that chooses a size (a serverless job's too).
export { VmSizePicker } from "./components/VmSizePicker";
