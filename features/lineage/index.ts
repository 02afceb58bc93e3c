// The lineage feature's client surface: app/ pages compose LineagePanel into the asset and job pages' Lineage tab.
export { LineagePanel } from "./components/LineagePanelOnDemand";
export { LineageGraph } from "./components/LineageGraph";
