/** Edit distance (insert/delete/substitute, cost 1 each) over Unicode code points, O(min(n, m)) memory. */
export function levenshtein(a: string, b: string): number {
  let s = Array.from(a);
  let t = Array.from(b);
  if (s.length < t.length) [s, t] = [t, s];
  if (t.length === 0) return s.length;
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const sub = (prev[j - 1] as number) + (si === t[j - 1] ? 0 : 1);
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length] as number;
}

/** 1 − distance / max(length): 1 for identical strings (including two empty ones), 0 for nothing in common. */
export function levenshteinSimilarity(a: string, b: string): number {
  const max = Math.max(Array.from(a).length, Array.from(b).length);
  return max === 0 ? 1 : 1 - levenshtein(a, b) / max;
}
