export * from "./items";
export { parseCsv, csvField, CsvSyntaxError, type TCsvRecord } from "./csv";
