/** "stratified by tags · 10%" — a queue's sampling in words. */
export function samplingLabel(q: {
  sampling: string;
  rate: number;
  stratifyBy: string | null;
  scoreName: string | null;
  scoreBelow: number | null;
  dailyCap: number;
}): string {
  const pct = `${+(q.rate * 100).toFixed(2)}%`;
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
