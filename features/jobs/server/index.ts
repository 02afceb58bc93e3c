// The jobs feature's server surface: submitting (every kind), listing, following and acting on jobs.
export * from "./jobs";
export * from "./logs";
export * from "./metrics";
export * from "./schemas";
export * from "./submit";
export * from "./job-files";
export { graphTabSeed } from "../model";
