import { describe, expect, it } from "vitest";
import {
  DATASET_LIMITS,
  canonicalJson,
  countPartitions,
  datasetItemsToJsonl,
  formatImportIssue,
  parseDatasetCsv,
  parseDatasetJsonl,
  type TDatasetItem,
} from "./items";

const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const errorsOf = (r: ReturnType<typeof parseDatasetJsonl>) => (r.ok ? [] : r.errors.map(formatImportIssue));

describe("parseDatasetJsonl", () => {
  it("reads items, fills defaults and accepts expected_output as a spelling of expectedOutput", () => {
    const r = parseDatasetJsonl(
      jsonl(
        { id: "a", input: { q: "2+2" }, expectedOutput: "4", partition: "golden", tags: ["math", "math"] },
        { input: "free text", expected_output: null, context: "ctx", metadata: { k: 1 } },
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items).toEqual([
      {
        line: 1,
        id: "a",
        fields: {
          input: { q: "2+2" },
          expectedOutput: "4",
          context: null,
          partition: "golden",
          tags: ["math"],
          metadata: null,
          source: null,
          provenance: null,
        },
      },
      {
        line: 2,
        id: undefined,
        fields: {
          input: "free text",
          expectedOutput: null,
          context: "ctx",
          partition: "distribution",
          tags: [],
          metadata: { k: 1 },
          source: null,
          provenance: null,
        },
      },
    ]);
  });

  it("names the line and the field of a renamed or missing field, and reports every bad line", () => {
    const r = parseDatasetJsonl(
      jsonl(
        { id: "ok", input: "x", expectedOutput: "y" },
        { id: "b", input: "x", expected_answer: "y" },
        { id: "c", expectedOutput: "y" },
        { id: "d", input: "x", expectedOutput: 3, partition: "train" },
      ) + "{not json\n",
    );
    expect(errorsOf(r)).toEqual([
      expect.stringMatching(/^line 2: field expected_answer: unknown field/),
      "line 2: field expectedOutput: missing required field (use null for reference-free grading)",
      "line 3: field input: missing required field",
      "line 4: field expectedOutput: must be a string or null",
      "line 4: field partition: must be one of golden, regression, adversarial, distribution",
      expect.stringMatching(/^line 5: invalid JSON/),
    ]);
  });

  it("rejects duplicate ids naming both lines, non-objects and empty files", () => {
    const r = parseDatasetJsonl(
      jsonl({ id: "a", input: 1, expectedOutput: null }, { id: "a", input: 2, expectedOutput: null }, [1]),
    );
    expect(errorsOf(r)).toEqual([
      "line 3: expected a JSON object",
      'line 2: field id: duplicate id "a" (first on line 1)',
    ]);
    expect(errorsOf(parseDatasetJsonl("\n\n"))).toEqual(["line 0: the file holds no items"]);
    expect(errorsOf(parseDatasetJsonl(jsonl({ input: null, expectedOutput: null })))).toEqual([
      "line 1: field input: is required",
    ]);
  });

  it("enforces the item limit", () => {
    const many = Array.from({ length: DATASET_LIMITS.maxItems + 1 }, () => '{"input":1,"expectedOutput":null}').join(
      "\n",
    );
    expect(errorsOf(parseDatasetJsonl(many))).toEqual([expect.stringMatching(/limit is 50000 per import/)]);
  });

  it("caps the reported errors but counts them all", () => {
    const r = parseDatasetJsonl(Array.from({ length: 80 }, () => "{}").join("\n"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(DATASET_LIMITS.maxReportedErrors);
    expect(r.errorCount).toBe(160);
  });
});

describe("parseDatasetCsv", () => {
  it("maps the header, parses JSON input/metadata, tags and empty cells", () => {
    const csv = [
      "id,input,expected_output,context,partition,tags,metadata,source",
      'q1,"{""q"":""hi""}",hello,,golden,a;b|c,"{""k"":1}",manual',
      "q2,plain question,,some context,,,,",
      '"q3","multi\nline",x,,adversarial,,,',
    ].join("\r\n");
    const r = parseDatasetCsv(csv);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(
      r.items.map((i) => [i.line, i.id, i.fields.input, i.fields.expectedOutput, i.fields.partition, i.fields.tags]),
    ).toEqual([
      [2, "q1", { q: "hi" }, "hello", "golden", ["a", "b", "c"]],
      [3, "q2", "plain question", null, "distribution", []],
      [4, "q3", "multi\nline", "x", "adversarial", []],
    ]);
    expect(r.items[0]!.fields.metadata).toEqual({ k: 1 });
    expect(r.items[0]!.fields.source).toBe("manual");
    expect(r.items[1]!.fields.context).toBe("some context");
  });

  it("a renamed expected_output column is an error naming it, never read as reference-free", () => {
    const r = parseDatasetCsv("id,input,expected_answer\n1,hi,there\n");
    expect(errorsOf(r)).toEqual([
      expect.stringMatching(
        /^line 1: field expected_answer: unknown column \(known columns: id, input, expected_output/,
      ),
      "line 1: field expected_output: missing required column",
    ]);
  });

  it("reports bad JSON, wrong field counts, duplicates and CSV syntax with lines", () => {
    expect(errorsOf(parseDatasetCsv("input,expectedOutput,metadata\n{oops,x,\na,b\nc,d,[1]\n"))).toEqual([
      expect.stringMatching(/^line 2: field input: invalid JSON/),
      "line 3: expected 3 fields, found 2",
      "line 4: field metadata: must be a JSON object",
    ]);
    expect(errorsOf(parseDatasetCsv("id,input,expected_output\na,1,\na,2,\n"))).toEqual([
      'line 3: field id: duplicate id "a" (first on line 2)',
    ]);
    expect(errorsOf(parseDatasetCsv('input,expected_output\n"x,y\n'))).toEqual(["line 2: unterminated quoted field"]);
    expect(errorsOf(parseDatasetCsv("input,input,expected_output\n"))).toEqual([
      "line 1: field input: column given twice",
    ]);
  });
});

describe("export and helpers", () => {
  it("JSONL export re-imports to the same items", () => {
    const items: TDatasetItem[] = [
      {
        id: "x",
        input: { a: [1, 2] },
        expectedOutput: null,
        context: "c",
        partition: "regression",
        tags: ["t"],
        metadata: { m: true },
        source: "trace",
        provenance: { traceId: "t1" },
      },
    ];
    const back = parseDatasetJsonl(datasetItemsToJsonl(items));
    expect(back.ok && back.items.map((i) => ({ id: i.id, ...i.fields }))).toEqual(items);
  });

  it("canonicalJson sorts keys at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("countPartitions lists every partition", () => {
    expect(countPartitions(["golden", "golden", "adversarial"])).toEqual({
      golden: 2,
      regression: 0,
      adversarial: 1,
      distribution: 0,
    });
  });
});
