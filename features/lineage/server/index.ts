// The lineage feature's server surface.
export * from "./lineage";
export * from "./schemas";
