/**
 * The pipeline designer's pure logic (no I/O): graph model, type compatibility, validation,
 * Azure ML CLI v2 YAML import and export, the ARM PipelineJob body and auto-layout.
 * Shared by the designer (browser), the studio's routes and the local service's runner.
 */
export * from "./types";
export * from "./yaml-source";
export * from "./component-spec";
export * from "./compatibility";
export * from "./graph";
export * from "./validate";
export * from "./import-yaml";
export * from "./export-yaml";
export * from "./to-arm";
export * from "./layout";
export * from "./schema";
export * from "./pack";
