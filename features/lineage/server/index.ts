// The lineage feature's server surface: what app/api routes use.
export {
  getImpact,
  getLineage,
  impactQuery,
  lineageIndex,
  lineageParams,
  lineageQuery,
  readLineageInput,
  type ImpactQuery,
  type LineageQuery,
} from "./lineage";
