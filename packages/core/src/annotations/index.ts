export * from "./sampling";
export * from "./labels";
export * from "./bootstrap-units";
