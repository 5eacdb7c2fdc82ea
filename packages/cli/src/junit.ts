import type { TGateReport } from "./gate";

// JUnit XML, as CI systems read it: one <testsuite> per gate (an eval set), one <testcase> per
// grader × partition row; a failed row carries its numbers and its worst cases.

// XML 1.0 cannot carry most control characters, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const attr = (o: Record<string, string | number>) =>
  Object.entries(o)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join("");

export function renderJunit(reports: TGateReport[]): string {
  const tests = reports.reduce((n, r) => n + r.rows.length + (r.rows.length ? 0 : 1), 0);
  const failures = reports.reduce((n, r) => n + r.rows.filter((x) => x.verdict === "fail").length, 0);
  const extra = reports.filter((r) => r.verdict === "FAIL" && !r.rows.some((x) => x.verdict === "fail")).length;
  const time = reports.reduce((t, r) => t + (r.durationMs ?? 0) / 1000, 0);
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attr({ name: "yardstick", tests, failures: failures + extra, errors: 0, time: time.toFixed(3) })}>`,
  ];
  for (const r of reports) {
    const failed = r.rows.filter((x) => x.verdict === "fail").length;
    const orphan = r.verdict === "FAIL" && failed === 0;
    out.push(
      `  <testsuite${attr({
        name: r.name,
        tests: r.rows.length + (orphan ? 1 : 0),
        failures: failed + (orphan ? 1 : 0),
        errors: 0,
        time: ((r.durationMs ?? 0) / 1000).toFixed(3),
      })}>`,
    );
    out.push(
      `    <properties>`,
      `      <property${attr({ name: "runId", value: r.runId })}/>`,
      `      <property${attr({ name: "candidate", value: r.candidate })}/>`,
      ...(r.baseline ? [`      <property${attr({ name: "baseline", value: r.baseline })}/>`] : []),
      `      <property${attr({ name: "costUsd", value: r.costUsd })}/>`,
      `    </properties>`,
    );
    for (const row of r.rows) {
      const name = `${row.grader} · ${row.partition}`;
      out.push(`    <testcase${attr({ classname: `yardstick.${r.name}`, name, time: "0" })}>`);
      if (row.verdict === "fail") {
        const body = [
          ...row.reasons,
          `value ${row.value ?? "n/a"}, threshold ${row.threshold ?? "none"}, delta vs baseline ${row.delta ?? "n/a"}${row.ci ? ` [${row.ci[0]}, ${row.ci[1]}]` : ""}, p ${row.p ?? "n/a"}`,
          row.worstCases.length ? `worst cases: ${row.worstCases.join(", ")}` : "",
        ].filter(Boolean);
        out.push(
          `      <failure${attr({ message: row.reasons[0] ?? "gate failed", type: "gate" })}>${xmlEscape(body.join("\n"))}</failure>`,
        );
      }
      out.push(`    </testcase>`);
    }
    if (orphan) {
      out.push(
        `    <testcase${attr({ classname: `yardstick.${r.name}`, name: "run", time: "0" })}>`,
        `      <failure${attr({ message: r.failures[0] ?? "gate failed", type: "gate" })}>${xmlEscape(r.failures.join("\n"))}</failure>`,
        `    </testcase>`,
      );
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`, "");
  return out.join("\n");
}
