// The designer's server surface: drafts (and a draft from a submitted job) and pipeline YAML import.
export {
  createDraft,
  createDraftFromJob,
  deleteDraft,
  getDraft,
  listDrafts,
  saveDraft,
  type Draft,
  type DraftSummary,
} from "./drafts";
export { importPipeline } from "./pipelines";
export * from "./schemas";
