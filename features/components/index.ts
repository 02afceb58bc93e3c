// The components feature's client surface (minimal: what the designer uses; the asset consolidation extends it).
export { useComponents } from "./hooks";
export type { ComponentSummary } from "./server/components";
export { ComponentsPage } from "./components/ComponentsPage";
