export * from "./latency-sketch";
export * from "./panels";
export { mulberry } from "./rng";
