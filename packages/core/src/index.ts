// @yardstick/core: pure domain code (no I/O). Subpaths: "@yardstick/core/stats".
export * as stats from "./stats/index";
