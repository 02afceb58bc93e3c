// The lineage feature's client surface.
export { LineagePage } from "./components/LineagePage";
