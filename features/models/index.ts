// The models feature's client surface.
export { ModelList } from "./components/ModelList";
export { DETAIL_BLOCK, detailBlocks } from "./detail-blocks";
export { ModelDetail } from "./components/ModelDetail";
