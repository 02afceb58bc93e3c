// The palette feature's server surface: what app/api routes use.
export { paletteQuery, searchWorkspace, type PaletteQueryInput } from "./search";
