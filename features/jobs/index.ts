// The jobs feature's client surface (app/ imports only this and server/index.ts).
export { JobList } from "./components/JobList";
export { JobDetailPage } from "./components/JobDetailPage";
export { JobComparePage } from "./components/JobComparePage";
export { useSubmitPipeline, type JobPageSeed } from "./hooks";
export type { SubmittedJob } from "./server/submit";
