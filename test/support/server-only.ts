// vitest stand-in for the "server-only" marker package, whose default entry throws outside React server bundles.
export {};
