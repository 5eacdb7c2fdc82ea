import { describe, expect, it } from "vitest";
import { CsvSyntaxError, csvField, parseCsv } from "./csv";

describe("parseCsv (RFC 4180)", () => {
  it("reads plain, quoted, escaped and multi-line fields with their starting line", () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"line1\nline2",\n3,,""\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "line1\nline2", ""] },
      { line: 5, fields: ["3", "", ""] },
    ]);
  });

  it("handles a last record without a newline and skips blank lines", () => {
    expect(parseCsv("a\n\n1")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 3, fields: ["1"] },
    ]);
    expect(parseCsv("")).toEqual([]);
  });

  it("keeps an empty quoted field at the end of the input", () => {
    expect(parseCsv('a,""')).toEqual([{ line: 1, fields: ["a", ""] }]);
  });

  it("rejects stray and unterminated quotes naming the line", () => {
    expect(() => parseCsv('a\nb"c')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\nb"c')).toThrow(/line 2: quote inside an unquoted field/);
    expect(() => parseCsv('a\n"open')).toThrow(/line 2: unterminated/);
    expect(() => parseCsv('"a"b')).toThrow(/line 1: unexpected character after a closing quote/);
  });

  it("round-trips fields written with csvField", () => {
    const values = ["plain", "with,comma", 'q"uote', "multi\nline", " padded ", ""];
    const text = values.map(csvField).join(",");
    expect(parseCsv(text)).toEqual([{ line: 1, fields: values }]);
  });
});
