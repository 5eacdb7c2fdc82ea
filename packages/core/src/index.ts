// @yardstick/core: pure domain code (no I/O). Subpaths: "@yardstick/core/stats".
export * as stats from "./stats/index";
export * as graders from "./graders/index";
export * as judge from "./judge/index";
export * as ingest from "./ingest/index";
export * as cost from "./cost/index";
