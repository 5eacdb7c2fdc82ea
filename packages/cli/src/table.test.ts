import { describe, expect, it } from "vitest";
import { evaluateGate } from "./gate";
import { renderMarkdown, renderTable } from "./table";
import { artifactFixture, comparisonFixture, metricFixture } from "./test-fixtures";

describe("results table", () => {
  const report = evaluateGate({
    name: "support",
    artifact: artifactFixture({ threshold: 0.9 }),
    candidateArm: 1,
    comparison: comparisonFixture([metricFixture()]),
  });

  it("aligns columns: value, threshold, delta with CI, p, verdict", () => {
    const lines = renderTable(report).split("\n");
    expect(lines[0]).toMatch(
      /^GRADER\s+PARTITION\s+METRIC\s+VALUE\s+THRESHOLD\s+Δ VS BASELINE \(95% CI\)\s+P\s+VERDICT$/,
    );
    expect(lines[1]).toMatch(
      /^exact\s+all\s+pass rate\s+1\.000\s+≥ 0\.900\s+−0\.800 \[−0\.900, −0\.700\]\s+2\.0e-6\s+FAIL$/,
    );
    expect(lines[2]).toMatch(/^exact\s+golden\s+pass rate\s+1\.000\s+= 1\.000\s+—\s+—\s+pass$/);
    // Columns line up: every row's "pass rate" starts at the same offset as METRIC.
    const col = lines[0]!.indexOf("METRIC");
    expect(lines.slice(1, 4).every((l) => l.indexOf("pass rate") === col)).toBe(true);
    expect(lines).toContain(
      "support: FAIL — answerer v2 (staging) vs answerer v1 (production) (run run1, $0.0123, 4.2 s)",
    );
    expect(lines.some((l) => l.startsWith("  ✗ exact pass rate fell"))).toBe(true);
  });

  it("renders Markdown for a job summary, escaping pipes", () => {
    const md = renderMarkdown([{ ...report, name: "a|b" }]);
    expect(md).toContain("### ❌ a\\|b: FAIL");
    expect(md).toContain("| grader | partition | metric | value | threshold | Δ vs baseline (95% CI) | p | verdict |");
    expect(md).toContain("| exact | all | pass rate | 1.000 | ≥ 0.900 | −0.800 [−0.900, −0.700] | 2.0e-6 | FAIL |");
  });
});
