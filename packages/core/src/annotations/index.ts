export * from "./sampling";
export * from "./labels";
export * from "./bootstrap-units";
export * from "./pairwise";
