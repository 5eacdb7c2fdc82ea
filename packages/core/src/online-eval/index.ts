export * from "./sampling";
export * from "./mapping";
export * from "./estimates";
export * from "./planner";
