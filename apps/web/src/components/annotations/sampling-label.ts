/** "stratified by tags · 10%" — a queue's sampling in words. */
export function samplingLabel(q: {
  kind?: string;
  promptAName?: string | null;
  promptAVersion?: number | null;
  promptBName?: string | null;
  promptBVersion?: number | null;
  sampling: string;
  rate: number;
  stratifyBy: string | null;
  scoreName: string | null;
  scoreBelow: number | null;
  dailyCap: number;
}): string {
  const pct = `${+(q.rate * 100).toFixed(2)}%`;
  if (q.kind === "pairwise")
    return `pairwise · ${q.promptAName} v${q.promptAVersion} vs ${q.promptBName} v${q.promptBVersion} · ${pct} · ≤ ${q.dailyCap}/day`;
  const what =
    q.sampling === "stratified"
      ? `stratified by ${q.stratifyBy} · ${pct} each`
      : q.sampling === "errors"
        ? `errors · ${pct}`
        : q.sampling === "low_score"
          ? `${q.scoreName} ≤ ${q.scoreBelow}`
          : `random · ${pct}`;
  return `${what} · ≤ ${q.dailyCap}/day`;
}
