import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { ZSuite, type TSuite } from "@yardstick/contracts/suite";
import { CliError } from "./errors";

// Suite files: YAML parsed with `yaml` (which keeps every node's position) and validated with the
// strict zod schema in contracts. Every problem is reported as `file:line: field: message`, so a
// renamed key fails loudly and points at itself.

export interface TSuiteIssue {
  line: number;
  field: string;
  message: string;
}

type TPath = PropertyKey[];

/** eval_sets[1].thresholds.tone */
export function fieldName(path: TPath): string {
  return path.reduce<string>(
    (s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    "",
  );
}

/** The deepest node on `path` (and whether it is the node itself), and the key node of its last segment. */
function locate(root: unknown, path: TPath): { node: Node | null; keyNode: Node | null; exact: boolean } {
  let node = (root ?? null) as Node | null;
  let keyNode: Node | null = null;
  for (const [i, seg] of path.entries()) {
    let next: Node | null = null;
    let nextKey: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair) {
        next = (pair.value as Node | null) ?? (pair.key as Node);
        nextKey = pair.key as Node;
      }
    } else if (isSeq(node) && typeof seg === "number") {
      next = (node.items[seg] as Node | undefined) ?? null;
    }
    if (!next) return { node, keyNode, exact: i === path.length };
    node = next;
    keyNode = nextKey;
  }
  return { node, keyNode, exact: true };
}

function issuesOf(error: z.ZodError, contents: unknown, lines: LineCounter): TSuiteIssue[] {
  const lineOf = (n: Node | null) => (n?.range ? lines.linePos(n.range[0]).line : 1);
  const out: TSuiteIssue[] = [];
  for (const iss of error.issues) {
    if (iss.code === "unrecognized_keys") {
      for (const key of iss.keys) {
        const { keyNode, node } = locate(contents, [...iss.path, key]);
        out.push({ line: lineOf(keyNode ?? node), field: fieldName([...iss.path, key]), message: "unknown key" });
      }
      continue;
    }
    const { node, keyNode, exact } = locate(contents, iss.path);
    // Not in the file at all: the key is missing (zod 4 issues do not carry the input).
    const missing = !exact;
    out.push({
      line: lineOf(exact ? (keyNode ?? node) : node),
      field: fieldName(iss.path) || "(file)",
      // A cross-field rule ("is required for llm_judge") keeps its own words.
      message: missing && iss.code !== "custom" ? "missing required field" : iss.message,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

export function suiteError(file: string, issues: TSuiteIssue[]): CliError {
  const shown = issues.slice(0, 20).map((i) => `${file}:${i.line}: ${i.field}: ${i.message}`);
  const more = issues.length > 20 ? [`… and ${issues.length - 20} more`] : [];
  return new CliError("suite", [...shown, ...more].join("\n"));
}

/** Parses and validates a suite; throws a CliError listing every problem with its line and field. */
export function parseSuite(text: string, file: string): TSuite {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw suiteError(
      file,
      doc.errors.map((e) => ({
        line: lines.linePos(e.pos[0]).line,
        field: "(YAML)",
        message: e.message.split("\n")[0]!,
      })),
    );
  }
  const parsed = ZSuite.safeParse(doc.toJS());
  if (!parsed.success) throw suiteError(file, issuesOf(parsed.error, doc.contents, lines));
  return parsed.data;
}

export function readSuite(file: string): TSuite {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(
      "file",
      `cannot read the suite ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseSuite(text, file);
}
