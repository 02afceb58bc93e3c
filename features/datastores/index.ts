// The datastores feature's client surface.
export { DatastoreList } from "./components/DatastoreList";
export { DatastoreBrowser } from "./components/DatastoreBrowser";
export { FilePreview } from "./components/FilePreview";
export type { RegisterDataDialogProps } from "./components/DatastoreBrowser";
