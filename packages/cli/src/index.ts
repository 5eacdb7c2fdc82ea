// @yardstick/cli as a library: the entry point and the pure pieces (for tests and other tools).
export { main, HELP } from "./main";
export { evaluateGate, isGatingRegression, type TGateReport, type TGateRow } from "./gate";
export { renderJunit } from "./junit";
export { renderTable, renderMarkdown } from "./table";
export { parseSuite } from "./suite";
export { EXIT, CliError } from "./errors";
