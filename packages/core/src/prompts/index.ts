export * from "./template";
export * from "./diff";
export * from "./schemas";
