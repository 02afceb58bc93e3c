// The components feature's server surface (minimal: what the designer and jobs use; the asset consolidation extends it).
export { getComponentVersion } from "./components";
