export * from "./metrics";
export * from "./rules";
export * from "./delivery";
