// The data-assets feature's client surface (minimal: what the designer uses; the asset consolidation extends it).
export { useDataAssets } from "./hooks";
export { DataAssetList } from "./components/DataAssetList";
export { DataAssetDetail } from "./components/DataAssetDetail";
export { RegisterDataDialog } from "./components/RegisterDataDialog";
