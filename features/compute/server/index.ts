// The compute feature's server surface.
export * from "./computes";
export * from "./schemas";
export * from "./users";
