import { GraderConfigError, parseGraderConfig, type TLlmJudgeConfig } from "@yardstick/core/graders";
import { DEFAULT_ANCHORS } from "@yardstick/core/judge";
import { describe, expect, it } from "vitest";
import {
  configJson,
  draftLevels,
  errorField,
  EXAMPLE_CONFIGS,
  GRADER_TYPES,
  graderTypeLabel,
  judgeConfigOf,
  judgeDraftOf,
  judgeFieldOf,
  parseJsonText,
  type TJudgeDraft,
} from "./graders";

/** A judge config as the server stores it (defaults filled in). */
const judge = (input: Record<string, unknown>) => parseGraderConfig({ type: "llm_judge", ...input }) as TLlmJudgeConfig;

const FULL = judge({
  rubric: {
    name: "Helpfulness",
    description: "Does the answer help the customer?",
    criteria: ["Answers the question", "Cites the policy"],
    scale: { min: 0, max: 3, anchors: { "0": "Useless", "3": "Perfect" } },
  },
  model: "claude-haiku-4-5",
  samples: 3,
  temperature: 0.2,
  maxTokens: 512,
  passThreshold: 0.75,
  stableVariance: 0.2,
  includeExpected: false,
  includeContext: true,
});

const MINIMAL = judge({
  rubric: { name: "Tone", criteria: ["Polite"], scale: { min: 1, max: 5, anchors: { "1": "Rude", "5": "Warm" } } },
});

function draft(patch: Partial<TJudgeDraft> = {}): TJudgeDraft {
  return { ...judgeDraftOf(MINIMAL), ...patch };
}

describe("graderTypeLabel", () => {
  it("names known types, echoes unknown ones and shows a dash for none", () => {
    expect(graderTypeLabel("llm_judge")).toBe("LLM judge");
    expect(graderTypeLabel("json_schema")).toBe("JSON schema");
    expect(graderTypeLabel("from_the_future")).toBe("from_the_future");
    expect(graderTypeLabel(null)).toBe("—");
    expect(graderTypeLabel(undefined)).toBe("—");
  });

  it("does not treat Object.prototype keys as types", () => {
    expect(graderTypeLabel("toString")).toBe("toString");
  });
});

describe("EXAMPLE_CONFIGS", () => {
  it("has one example for every type but llm_judge (which has a form)", () => {
    expect(Object.keys(EXAMPLE_CONFIGS).sort()).toEqual(GRADER_TYPES.filter((t) => t !== "llm_judge").sort());
    for (const [type, config] of Object.entries(EXAMPLE_CONFIGS)) expect(config.type).toBe(type);
  });

  it("each example saves as is: the server's schema accepts it", () => {
    for (const config of Object.values(EXAMPLE_CONFIGS)) {
      expect(() => parseGraderConfig(config), config.type).not.toThrow();
    }
  });

  it("survives the JSON editor: configJson then parseJsonText gives the same config", () => {
    for (const config of Object.values(EXAMPLE_CONFIGS)) {
      const text = configJson(config);
      expect(text).toContain("\n  "); // pretty-printed for the editor
      expect(parseJsonText(text)).toEqual({ ok: true, value: config });
    }
  });
});

describe("parseJsonText", () => {
  it("parses valid JSON of any kind", () => {
    expect(parseJsonText('{"a": [1, 2.5e3, true, null, "x\\n\\u00e9"]}')).toEqual({
      ok: true,
      value: { a: [1, 2500, true, null, "x\né"] },
    });
    expect(parseJsonText("  42 ")).toEqual({ ok: true, value: 42 });
  });

  it.each([
    ["", "Line 1: Unexpected end of JSON"],
    ['{\n  "a": 1,\n  "b": 2,\n}', "Line 4: Expected a property name in double quotes"],
    ["{\n  'a': 1\n}", "Line 2: Expected a property name in double quotes"],
    ['{\n  "a" 1\n}', "Line 2: Expected ':' after the property name"],
    ["[1, 2\n 3]", "Line 2: Expected ',' or ']'"],
    ['{"a": "open\n"}', "Line 1: Unterminated string"],
    ['{"a": "bad \\x escape"}', "Line 1: Invalid escape in string"],
    ['{"a": "\\u12g4"}', "Line 1: Invalid \\u escape"],
    ['"tab\there"', "Line 1: Control character in string"],
    ["{}\n\n{}", "Line 3: Unexpected text after the JSON value"],
    ["01", "Line 1: Unexpected text after the JSON value"],
    ['{\n  "a": undefined\n}', 'Line 2: Unexpected character "u"'],
  ])("%j fails with %j", (text, error) => {
    expect(parseJsonText(text)).toEqual({ ok: false, error });
  });
});

describe("judge form: config → draft → config", () => {
  it("round-trips a judge config with every optional setting", () => {
    const { config, errors } = judgeConfigOf(judgeDraftOf(FULL));
    expect(errors).toEqual({});
    expect(parseGraderConfig(config)).toEqual(FULL);
  });

  it("round-trips a minimal config without inventing optional keys", () => {
    const { config, errors } = judgeConfigOf(judgeDraftOf(MINIMAL));
    expect(errors).toEqual({});
    expect(config).not.toHaveProperty("model");
    expect(config).not.toHaveProperty("maxTokens");
    expect(config).not.toHaveProperty("stableVariance");
    expect((config as { rubric: object }).rubric).not.toHaveProperty("description");
    expect(parseGraderConfig(config)).toEqual(MINIMAL);
  });

  it("keeps settings the form does not show (temperature, maxTokens, stableVariance)", () => {
    const d = judgeDraftOf(FULL);
    expect(d.extra).toEqual({ temperature: 0.2, maxTokens: 512, stableVariance: 0.2 });
    expect(judgeConfigOf({ ...d, rubricName: "Renamed" }).config).toMatchObject({
      temperature: 0.2,
      maxTokens: 512,
      stableVariance: 0.2,
      rubric: { name: "Renamed" },
    });
  });

  it("starts a new judge on a 1–5 scale with the default anchors", () => {
    const d = judgeDraftOf();
    expect(d).toMatchObject({ min: "1", max: "5", samples: "1", passThreshold: "0.5", extra: {} });
    expect(d.anchors).toEqual(DEFAULT_ANCHORS);
    d.anchors["1"] = "changed";
    expect(DEFAULT_ANCHORS["1"]).not.toBe("changed"); // a copy, not the shared constant
  });

  it("leaves the rubric's required text to the server", () => {
    const { config, errors } = judgeConfigOf(judgeDraftOf());
    expect(errors).toEqual({});
    expect(() => parseGraderConfig(config)).toThrow(GraderConfigError);
  });
});

describe("judgeConfigOf", () => {
  it("trims text, drops blank criteria lines and a blank description or model", () => {
    const { config } = judgeConfigOf(
      draft({ rubricName: "  Tone  ", description: "   ", criteria: " Polite \n\n  Brief\n ", model: "  " }),
    );
    expect(config).toMatchObject({ rubric: { name: "Tone", criteria: ["Polite", "Brief"] } });
    expect((config as { rubric: object }).rubric).not.toHaveProperty("description");
    expect(config).not.toHaveProperty("model");
  });

  it("keeps only anchors on the scale, trimmed and non-blank", () => {
    const { config } = judgeConfigOf(
      draft({ min: "1", max: "3", anchors: { "0": "below", "1": " low ", "2": "  ", "3": "high", "4": "above" } }),
    );
    expect(config).toMatchObject({ rubric: { scale: { min: 1, max: 3, anchors: { "1": "low", "3": "high" } } } });
    expect((config as { rubric: { scale: { anchors: object } } }).rubric.scale.anchors).not.toHaveProperty("2");
  });

  it("leaves empty samples and pass threshold to the server's defaults", () => {
    const { config, errors } = judgeConfigOf(draft({ samples: " ", passThreshold: "" }));
    expect(errors).toEqual({});
    expect(config).not.toHaveProperty("samples");
    expect(config).not.toHaveProperty("passThreshold");
    expect(parseGraderConfig(config)).toMatchObject({ samples: 1, passThreshold: 0.5 });
  });

  it.each<[Partial<TJudgeDraft>, Partial<Record<string, string>>]>([
    [{ min: "" }, { min: "Required" }],
    [{ max: " " }, { max: "Required" }],
    [{ min: "1.5" }, { min: "Enter a whole number" }],
    [{ max: "five" }, { max: "Enter a whole number" }],
    [{ samples: "0" }, { samples: "Enter a value from 1 to 10" }],
    [{ samples: "11" }, { samples: "Enter a value from 1 to 10" }],
    [{ samples: "2.5" }, { samples: "Enter a whole number" }],
    [{ passThreshold: "abc" }, { passThreshold: "Enter a number" }],
    [{ passThreshold: "1.01" }, { passThreshold: "Enter a value from 0 to 1" }],
    [{ passThreshold: "-0.1" }, { passThreshold: "Enter a value from 0 to 1" }],
    [{ passThreshold: "Infinity" }, { passThreshold: "Enter a number" }],
  ])("rejects %j with %j", (patch, expected) => {
    expect(judgeConfigOf(draft(patch)).errors).toEqual(expected);
  });

  it("accepts the bounds themselves", () => {
    expect(judgeConfigOf(draft({ samples: "10", passThreshold: "0" })).errors).toEqual({});
    expect(judgeConfigOf(draft({ samples: "1", passThreshold: "1" })).errors).toEqual({});
  });
});

describe("draftLevels", () => {
  it("lists every level from min to max", () => {
    expect(draftLevels({ min: "1", max: "5" })).toEqual([1, 2, 3, 4, 5]);
    expect(draftLevels({ min: "-1", max: "1" })).toEqual([-1, 0, 1]);
    expect(draftLevels({ min: "0", max: "100" })).toHaveLength(101);
  });

  it("is empty while the range is unusable", () => {
    expect(draftLevels({ min: "5", max: "5" })).toEqual([]);
    expect(draftLevels({ min: "5", max: "1" })).toEqual([]);
    expect(draftLevels({ min: "1.5", max: "5" })).toEqual([]);
    expect(draftLevels({ min: "x", max: "5" })).toEqual([]);
    expect(draftLevels({ min: "0", max: "101" })).toEqual([]);
  });
});

describe("judgeFieldOf / errorField", () => {
  it.each([
    ["config.rubric.name", "rubricName"],
    ["rubric.description", "description"],
    ["config.rubric.criteria.2", "criteria"],
    ["config.rubric.scale.min", "min"],
    ["config.rubric.scale.max", "max"],
    ["config.rubric.scale", "max"],
    ["config.rubric.scale.anchors.3", "anchors"],
    ["config.model", "model"],
    ["samples", "samples"],
    ["config.passThreshold", "passThreshold"],
    ["config.temperature", undefined],
    ["name", undefined],
  ])("%s → %s", (path, field) => {
    expect(judgeFieldOf(path)).toBe(field);
  });

  it("reads the field a service error names", () => {
    expect(errorField({ data: { field: "config.rubric.name" } })).toBe("config.rubric.name");
    expect(errorField({ data: {} })).toBeUndefined();
    expect(errorField(new Error("boom"))).toBeUndefined();
    expect(errorField(null)).toBeUndefined();
  });
});
