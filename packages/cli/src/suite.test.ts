import { describe, expect, it } from "vitest";
import { CliError } from "./errors";
import { parseSuite } from "./suite";
import { suiteGraders } from "./commands/eval";

const ISSUE_SUITE = `version: "1.0"
eval_sets:
  - name: ticket_classification
    type: deterministic            # deterministic | llm_judge | semantic_similarity
    source: dataset:tickets@3      # or a local JSONL path
    samples: 200                   # optional: a seeded random subset
    prompt: classify@production
    graders: [valid-label]
    threshold: 0.99
  - name: response_quality
    type: llm_judge
    source: data/support.jsonl
    prompt: support-reply@candidate
    judge_model: claude-sonnet-4-6
    dimensions: [accuracy, helpfulness, tone]
    thresholds: {accuracy: 3.5, helpfulness: 3.5, tone: 4.0}
    baseline: support-reply@production
`;

function errorOf(text: string): string {
  try {
    parseSuite(text, "suite.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).kind).toBe("suite");
    return (err as CliError).message;
  }
  throw new Error("expected the suite to be rejected");
}

const replaceLine = (n: number, line: string) =>
  ISSUE_SUITE.split("\n")
    .map((l, i) => (i === n - 1 ? line : l))
    .join("\n");

describe("parseSuite", () => {
  it("accepts the issue's example", () => {
    const s = parseSuite(ISSUE_SUITE, "suite.yaml");
    expect(s.eval_sets.map((e) => [e.name, e.type, e.source, e.samples])).toEqual([
      ["ticket_classification", "deterministic", "dataset:tickets@3", 200],
      ["response_quality", "llm_judge", "data/support.jsonl", undefined],
    ]);
  });

  it("maps sets onto saved graders: thresholds on the judge scale for llm_judge", () => {
    const [det, judge] = parseSuite(ISSUE_SUITE, "suite.yaml").eval_sets;
    expect(suiteGraders(det!)).toEqual([
      { name: "valid-label", kind: "deterministic", threshold: 0.99, metric: "passRate" },
    ]);
    expect(suiteGraders(judge!)[2]).toEqual({
      name: "tone",
      kind: "llm_judge",
      judgeModel: "claude-sonnet-4-6",
      threshold: 4,
      scale: "judge",
    });
  });

  it("an unknown key fails with its line and field (a renamed key fails loudly)", () => {
    expect(errorOf(replaceLine(9, "    treshold: 0.99"))).toBe("suite.yaml:9: eval_sets[0].treshold: unknown key");
  });

  it("a wrong type fails at the value's line", () => {
    expect(errorOf(replaceLine(6, "    samples: lots"))).toBe("suite.yaml:6: eval_sets[0].samples: must be a number");
    expect(errorOf(replaceLine(16, "    thresholds: {accuracy: high, helpfulness: 3.5, tone: 4.0}"))).toBe(
      "suite.yaml:16: eval_sets[1].thresholds.accuracy: must be a number",
    );
  });

  it("a missing field fails at the line its eval set starts", () => {
    expect(errorOf(replaceLine(7, "    # no prompt"))).toBe(
      "suite.yaml:3: eval_sets[0].prompt: missing required field",
    );
    expect(errorOf("eval_sets: []\n")).toContain("suite.yaml:1: version: missing required field");
  });

  it("checks the rules between fields", () => {
    expect(errorOf(replaceLine(15, "    graders: [accuracy]"))).toContain(
      "suite.yaml:10: eval_sets[1].dimensions: is required for llm_judge",
    );
    expect(errorOf(replaceLine(16, "    thresholds: {accuracy: 3.5, clarity: 3}"))).toBe(
      "suite.yaml:16: eval_sets[1].thresholds.clarity: is not one of this set's dimensions",
    );
    expect(errorOf(ISSUE_SUITE.replace("name: response_quality", "name: ticket_classification"))).toBe(
      'suite.yaml:10: eval_sets[1].name: "ticket_classification" is already eval set 0',
    );
    expect(errorOf(replaceLine(7, "    prompt: classify"))).toContain("eval_sets[0].prompt: must be");
  });

  it("reports YAML syntax errors and duplicate keys with their line", () => {
    expect(errorOf('version: "1.0"\neval_sets:\n  - name: a\n    name: b\n')).toMatch(/^suite\.yaml:4: \(YAML\): /);
    expect(errorOf('version: "1.0"\neval_sets: [\n')).toMatch(/^suite\.yaml:\d+: \(YAML\): /);
  });

  it("lists every problem, sorted by line", () => {
    const msg = errorOf(replaceLine(6, "    samples: -1").replace('version: "1.0"', "version: 2"));
    expect(msg.split("\n")).toEqual([
      'suite.yaml:1: version: must be "1.0"',
      "suite.yaml:6: eval_sets[0].samples: must be at least 1",
    ]);
  });
});
