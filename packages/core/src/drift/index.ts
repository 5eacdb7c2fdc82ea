export * from "./text";
export * from "./language";
export * from "./topics";
export * from "./distributions";
export * from "./quality";
export * from "./weighted";
export * from "./judge";
export * from "./sampling";
