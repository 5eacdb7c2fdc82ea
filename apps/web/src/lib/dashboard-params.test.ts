import { describe, expect, it } from "vitest";
import { explorerHref, localInputValue, parsePromptKey, toCsv, toDashboardQuery } from "./dashboard-params";

describe("dashboard params", () => {
  it("maps URL state to the query, dropping what is incomplete", () => {
    const q = toDashboardQuery({
      range: "30d",
      env: "production",
      prompt: "qa@2",
      tags: "a, b",
      compare: "release",
      a: "v1",
    });
    expect(q.range).toBe("30d");
    expect(q.filters).toMatchObject({
      environment: "production",
      promptName: "qa",
      promptVersion: 2,
      tags: ["a", "b"],
    });
    expect("compare" in q).toBe(false);
    expect(toDashboardQuery({ range: "custom", from: "2026-01-02" }).range).toBe("7d");
    expect(parsePromptKey("name@with@3")).toEqual({ promptName: "name@with", promptVersion: 3 });
  });

  it("links a bucket to the explorer with the same filters", () => {
    const href = explorerHref(
      "p1",
      { env: "prod", tags: "vip", prompt: "qa@2" },
      { start: "2026-01-02T00:00:00.000Z", ms: 86_400_000 },
      { errors: true, model: "m" },
    );
    const u = new URL(href, "http://x");
    expect(u.pathname).toBe("/projects/p1/traces");
    expect(Object.fromEntries(u.searchParams)).toEqual({
      range: "custom",
      from: localInputValue(Date.parse("2026-01-02T00:00:00.000Z")),
      to: localInputValue(Date.parse("2026-01-03T00:00:00.000Z")),
      env: "prod",
      model: "m",
      tags: "vip",
      prompt: "qa",
      promptVersion: "2",
      errors: "1",
    });
  });

  it("writes CSV with quoting", () => {
    expect(
      toCsv([
        { a: 1, b: 'x,"y"' },
        { a: null, c: 2 },
      ]),
    ).toBe('a,b,c\n1,"x,""y""",\n,,2\n');
  });
});

describe("localInputValue", () => {
  it("is the same instant as a datetime-local value", () => {
    const ms = Date.parse("2026-03-04T05:00:00.000Z");
    expect(new Date(localInputValue(ms)).getTime()).toBe(ms);
  });
});
