// The datastores feature's server surface: what app/api routes and other features (data-assets) may use.
export {
  createFolder,
  deleteMany,
  deletePath,
  downloadLink,
  listFolder,
  proxyUpload,
  startUpload,
  statFile,
  streamContent,
} from "./browse";
export { deleteDatastore, getDatastore, listDatastores, putDatastore } from "./datastores";
export { previewFile } from "./preview";
export {
  datastoreBody,
  datastoreName,
  datastoreParams,
  datastorePath,
  deleteManyBody,
  deleteQuery,
  folderBody,
  listQuery,
  nonRootPath,
  pathQuery,
  proxyUploadQuery,
  uploadBody,
} from "./schemas";
