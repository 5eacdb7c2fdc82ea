/**
 * Compares two BENCH_PANELS_OUT files (e.g. the same BENCH_ROWS and BENCH_END loaded by
 * BENCH_LOAD=ingest and by the fast loader): every number equal up to float summation order
 * (relative 1e-9), everything else equal. Exits 1 on a difference. Usage:
 * tsx bench/compare-panels.ts a.json b.json
 */
import { readFileSync } from "node:fs";

const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f!, "utf8")) as unknown);
const diffs: string[] = [];
let numbers = 0;
function walk(x: unknown, y: unknown, path: string) {
  if (diffs.length > 20) return;
  if (typeof x === "number" && typeof y === "number") {
    numbers++;
    if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) diffs.push(`${path}: ${x} != ${y}`);
    return;
  }
  if (x && y && typeof x === "object" && typeof y === "object") {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (x !== y) diffs.push(`${path}: ${JSON.stringify(x)} != ${JSON.stringify(y)}`);
}
walk(a, b, "$");
console.log(diffs.length ? diffs.join("\n") : `identical (${numbers} numbers compared)`);
console.log(JSON.stringify({ bench: "compare-panels", numbers, differences: diffs.length }));
process.exit(diffs.length ? 1 : 0);
