// The data-assets feature's server surface: what app/api routes and other features may use.
export {
  createVersion,
  getDataAsset,
  getVersion,
  importYaml,
  listDataAssets,
  listDataAssetSummaries,
  listVersionPage,
  listVersions,
  readDataHistory,
  patchDataAsset,
  patchVersion,
} from "./data";
export { createVersionBody, dataParams, importBody, listQuery, patchBody, versionParams } from "./schemas";
