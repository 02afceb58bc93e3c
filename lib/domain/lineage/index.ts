// Lineage: node keys and references (refs), edges from ARM bodies (extract), the index and its questions (graph),
// incremental layout (layout), links to each node's page (links). Pure logic, no I/O.
export * from "./refs";
export * from "./extract";
export * from "./graph";
export * from "./layout";
export * from "./links";
