import { describe, expect, it } from "vitest";
import { evaluateGate } from "./gate";
import { renderJunit, xmlEscape } from "./junit";
import { artifactFixture, comparisonFixture, metricFixture } from "./test-fixtures";

describe("renderJunit", () => {
  it("writes a test case per grader × partition; a failure carries its numbers and worst cases", () => {
    const pass = evaluateGate({ name: "ok", artifact: artifactFixture(), candidateArm: 1 });
    const fail = evaluateGate({
      name: "bad <set>",
      artifact: artifactFixture(),
      candidateArm: 1,
      comparison: comparisonFixture([metricFixture()]),
    });
    const xml = renderJunit([pass, fail]);
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="yardstick" tests="6" failures="1"'),
    ).toBe(true);
    expect(xml).toContain('<testsuite name="bad &lt;set&gt;" tests="3" failures="1" errors="0" time="4.200">');
    expect(xml).toContain('<testcase classname="yardstick.ok" name="exact · golden" time="0">');
    expect(xml).toMatch(
      /<testcase classname="yardstick.bad &lt;set&gt;" name="exact · all" time="0">\n {6}<failure message="exact pass rate fell 1.000 → 0.200[^"]*" type="gate">[^<]*worst cases: item-010<\/failure>/,
    );
    expect(xml).toContain('<property name="baseline" value="answerer v1 (production)"/>');
    expect(xml.match(/<testcase /g)).toHaveLength(6);
  });

  it("a failed gate without a failing row still fails one test case", () => {
    const a = artifactFixture();
    a.arms[0]!.verdict = "FAIL";
    const xml = renderJunit([evaluateGate({ name: "s", artifact: a, candidateArm: 1 })]);
    expect(xml).toContain('tests="4" failures="1"');
    expect(xml).toContain('name="run"');
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    expect(xmlEscape(`a<b & "c" 'd'\u0001`)).toBe("a&lt;b &amp; &quot;c&quot; &apos;d&apos;");
  });
});
