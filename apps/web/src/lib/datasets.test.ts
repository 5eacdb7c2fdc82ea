import { describe, expect, it } from "vitest";
import { authorName, changeSummary, formatFromFileName, partitionCounts, previewValue, sniffFormat } from "./datasets";

describe("partitionCounts / changeSummary", () => {
  it("reads stored counts, treating missing or malformed ones as 0", () => {
    expect(partitionCounts({ golden: 3, regression: "7", extra: 9 })).toEqual({
      golden: 3,
      regression: 0,
      adversarial: 0,
      distribution: 0,
    });
    expect(partitionCounts(null)).toEqual({ golden: 0, regression: 0, adversarial: 0, distribution: 0 });
    expect(changeSummary({ added: 2 })).toEqual({ added: 2, removed: 0, modified: 0 });
    expect(changeSummary(undefined)).toEqual({ added: 0, removed: 0, modified: 0 });
  });
});

describe("previewValue", () => {
  it("shows strings and JSON on one line, cut with an ellipsis at the limit", () => {
    expect(previewValue("two\n  lines")).toBe("two lines");
    expect(previewValue({ q: "hi", n: [1, 2] })).toBe('{"q":"hi","n":[1,2]}');
    expect(previewValue("abcdef", 4)).toBe("abc…");
    expect(previewValue("abcd", 4)).toBe("abcd");
    expect(previewValue(null)).toBe("");
  });

  it("does not throw on values JSON cannot hold", () => {
    expect(previewValue(10n)).toBe("10");
  });
});

describe("import format", () => {
  it("follows the file name's extension, case-insensitively", () => {
    expect(formatFromFileName("items.CSV")).toBe("csv");
    expect(formatFromFileName("items.jsonl")).toBe("jsonl");
    expect(formatFromFileName("items.ndjson")).toBe("jsonl");
    expect(formatFromFileName("items.json")).toBe("jsonl");
    expect(formatFromFileName("items.txt")).toBeNull();
  });

  it("sniffs pasted text: an object first means JSONL, even after a BOM or blank lines", () => {
    expect(sniffFormat('\uFEFF\n  {"input": 1}')).toBe("jsonl");
    expect(sniffFormat("input,expected\n1,2")).toBe("csv");
  });
});

describe("authorName", () => {
  it("names a person by name, else email; no user means the API", () => {
    expect(authorName({ name: "Ada", email: "ada@example.com" })).toBe("Ada");
    expect(authorName({ name: "", email: "ada@example.com" })).toBe("ada@example.com");
    expect(authorName(null)).toBe("API");
  });
});
