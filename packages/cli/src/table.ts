import type { TGateReport, TGateRow } from "./gate";

// The results table: plain aligned text for a terminal or log, Markdown for a GitHub job summary.

const HEAD = ["grader", "partition", "metric", "value", "threshold", "Δ vs baseline (95% CI)", "p", "verdict"];

const num = (x: number | null) => (x === null ? "—" : x.toFixed(3));
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;

function cells(r: TGateRow): string[] {
  const delta = r.delta === null ? "—" : `${signed(r.delta)}${r.ci ? ` [${signed(r.ci[0])}, ${signed(r.ci[1])}]` : ""}`;
  const threshold = r.threshold === null ? "—" : `${r.partition === "golden" ? "=" : "≥"} ${r.threshold.toFixed(3)}`;
  const p = r.p === null ? "—" : r.p < 0.001 ? r.p.toExponential(1) : r.p.toFixed(3);
  return [
    r.grader,
    r.partition,
    r.metric === "passRate" ? "pass rate" : "mean score",
    num(r.value),
    threshold,
    delta,
    p,
    r.verdict === "fail" ? "FAIL" : r.verdict,
  ];
}

function footer(report: TGateReport): string[] {
  const lines = [
    `${report.name}: ${report.verdict} — ${report.candidate}${report.baseline ? ` vs ${report.baseline}` : ""} (run ${report.runId}, $${report.costUsd.toFixed(4)}${report.durationMs !== null ? `, ${(report.durationMs / 1000).toFixed(1)} s` : ""})`,
  ];
  if (report.headline) lines.push(`  ${report.headline}`);
  for (const f of report.failures) lines.push(`  ✗ ${f}`);
  for (const n of report.notes) lines.push(`  note: ${n}`);
  return lines;
}

export function renderTable(report: TGateReport): string {
  const rows = [HEAD, ...report.rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + " ".repeat(widths[i]! - [...c].length))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!.map((h) => h.toUpperCase())), ...rows.slice(1).map(line), "", ...footer(report)].join("\n");
}

const md = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(reports: TGateReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    out.push(`### ${report.verdict === "PASS" ? "✅" : "❌"} ${md(report.name)}: ${report.verdict}`, "");
    out.push(
      `${md(report.candidate)}${report.baseline ? ` vs ${md(report.baseline)}` : ""} · run \`${report.runId}\` · $${report.costUsd.toFixed(4)}`,
      "",
    );
    out.push(`| ${HEAD.join(" | ")} |`, `| ${HEAD.map(() => "---").join(" | ")} |`);
    for (const r of report.rows) out.push(`| ${cells(r).map(md).join(" | ")} |`);
    out.push("");
    if (report.headline) out.push(md(report.headline), "");
    for (const f of report.failures) out.push(`- ❌ ${md(f)}`);
    for (const n of report.notes) out.push(`- ${md(n)}`);
    out.push("");
  }
  return out.join("\n");
}
