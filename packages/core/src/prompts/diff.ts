// Line diff (longest common subsequence) for side-by-side prompt comparison. Common prefix and
// suffix are trimmed first; a pathological pair (more than MAX_CELLS comparisons) degrades to
// "all removed, all added" instead of taking quadratic memory.

export type TDiffRow =
  | { type: "equal"; left: number; right: number; text: string }
  | { type: "removed"; left: number; text: string }
  | { type: "added"; right: number; text: string };

const MAX_CELLS = 4_000_000;

export function diffLines(a: string, b: string): TDiffRow[] {
  const x = a === "" ? [] : a.split("\n");
  const y = b === "" ? [] : b.split("\n");
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const rows: TDiffRow[] = [];
  for (let i = 0; i < start; i++) rows.push({ type: "equal", left: i + 1, right: i + 1, text: x[i]! });
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  const n = mx.length;
  const m = my.length;
  if (n * m > MAX_CELLS) {
    mx.forEach((t, i) => rows.push({ type: "removed", left: start + i + 1, text: t }));
    my.forEach((t, j) => rows.push({ type: "added", right: start + j + 1, text: t }));
  } else {
    // lcs[i][j] = LCS length of mx[i..] and my[j..]
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i]![j] = mx[i] === my[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && mx[i] === my[j]) {
        rows.push({ type: "equal", left: start + i + 1, right: start + j + 1, text: mx[i]! });
        i++;
        j++;
      } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
        rows.push({ type: "added", right: start + j + 1, text: my[j]! });
        j++;
      } else {
        rows.push({ type: "removed", left: start + i + 1, text: mx[i]! });
        i++;
      }
    }
  }
  const offX = endX;
  const offY = endY;
  for (let k = 0; k < x.length - endX; k++)
    rows.push({ type: "equal", left: offX + k + 1, right: offY + k + 1, text: x[offX + k]! });
  return rows;
}

/** Applies a diff to its left side: gives the right side (used by tests as an oracle). */
export function applyDiff(rows: TDiffRow[]): string {
  return rows
    .filter((r) => r.type !== "removed")
    .map((r) => r.text)
    .join("\n");
}

export type TPromptVersionLike = {
  system: string | null;
  messages: Array<{ role: string; content: string }>;
  model: string;
  params: Record<string, unknown>;
  tools: unknown[] | null;
  variables: string[];
};

export type TFieldChange = { field: "model" | "params" | "tools" | "variables"; from: unknown; to: unknown };

function messagesText(messages: TPromptVersionLike["messages"]): string {
  return messages.map((m) => `[${m.role}]\n${m.content}`).join("\n");
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

/** What changed between two prompt versions: line diffs of system and messages, plus field changes. */
export function diffPromptVersions(a: TPromptVersionLike, b: TPromptVersionLike) {
  const system = diffLines(a.system ?? "", b.system ?? "");
  const messages = diffLines(messagesText(a.messages), messagesText(b.messages));
  const fields: TFieldChange[] = [];
  if (a.model !== b.model) fields.push({ field: "model", from: a.model, to: b.model });
  if (!sameJson(a.params, b.params)) fields.push({ field: "params", from: a.params, to: b.params });
  if (!sameJson(a.tools ?? null, b.tools ?? null)) fields.push({ field: "tools", from: a.tools, to: b.tools });
  if (!sameJson(a.variables, b.variables)) fields.push({ field: "variables", from: a.variables, to: b.variables });
  const changed = fields.length > 0 || [...system, ...messages].some((r) => r.type !== "equal");
  return { changed, system, messages, fields };
}
