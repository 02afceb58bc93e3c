// The models feature's server surface: what app/api routes and other features may use.
export {
  listModels,
  listModelSummaries,
  listModelsQuery,
  getModelVersion,
  listModelVersionPage,
  listModelVersions,
  readModelHistory,
  mlflowInfo,
  modelParams,
  modelVersionFiles,
  modelVersionParams,
  modelVersionUri,
  registerModelBody,
  registerModelVersion,
  updateModelVersion,
  updateModelVersionBody,
} from "./models";
