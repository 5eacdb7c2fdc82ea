/**
 * Display data for a calibration run, prepared here (pure, tested) so the UI only renders:
 * the confusion matrix as heat-map cells and the two raters' score distributions.
 */

export interface TConfusionCell {
  human: number;
  judge: number;
  count: number;
  /** count / the row's total (share of the items humans rated `human`), 0 for an empty row. */
  rowShare: number;
  /** count / the largest cell, for the colour scale (0..1). */
  intensity: number;
  diagonal: boolean;
  /** |human − judge| in scale levels. */
  distance: number;
}

export interface TConfusionView {
  levels: number[];
  rows: Array<{ human: number; total: number; cells: TConfusionCell[] }>;
  columnTotals: number[];
  total: number;
  /** Items on the diagonal / total; null when there are none. */
  exactShare: number | null;
  /** Items whose judge score is within one level of the human score / total. */
  withinOneShare: number | null;
}

export function confusionView(levels: readonly number[], confusion: readonly (readonly number[])[]): TConfusionView {
  if (confusion.length !== levels.length || confusion.some((r) => r.length !== levels.length)) {
    throw new RangeError(`confusion must be ${levels.length}×${levels.length}`);
  }
  const max = Math.max(0, ...confusion.flat());
  const total = confusion.flat().reduce((s, v) => s + v, 0);
  let exact = 0;
  let withinOne = 0;
  const rows = levels.map((human, i) => {
    const row = confusion[i]!;
    const rowTotal = row.reduce((s, v) => s + v, 0);
    const cells = levels.map((judge, j) => {
      const count = row[j]!;
      const distance = Math.abs(i - j);
      if (distance === 0) exact += count;
      if (distance <= 1) withinOne += count;
      return {
        human,
        judge,
        count,
        rowShare: rowTotal ? count / rowTotal : 0,
        intensity: max ? count / max : 0,
        diagonal: i === j,
        distance,
      };
    });
    return { human, total: rowTotal, cells };
  });
  const columnTotals = levels.map((_, j) => confusion.reduce((s, r) => s + r[j]!, 0));
  return {
    levels: [...levels],
    rows,
    columnTotals,
    total,
    exactShare: total ? exact / total : null,
    withinOneShare: total ? withinOne / total : null,
  };
}

export interface TScoreDistribution {
  level: number;
  human: number;
  judge: number;
  /** Shares of each rater's total (0 when that rater scored nothing). */
  humanShare: number;
  judgeShare: number;
}

/** How often each rater used each level: the marginals of the confusion matrix. */
export function scoreDistribution(view: TConfusionView): TScoreDistribution[] {
  return view.levels.map((level, i) => {
    const human = view.rows[i]!.total;
    const judge = view.columnTotals[i]!;
    return {
      level,
      human,
      judge,
      humanShare: view.total ? human / view.total : 0,
      judgeShare: view.total ? judge / view.total : 0,
    };
  });
}

/** Mean judge score minus mean human score: positive when the judge is more lenient than people. */
export function judgeBias(view: TConfusionView): number | null {
  if (!view.total) return null;
  let h = 0;
  let j = 0;
  for (const row of view.rows)
    for (const c of row.cells) {
      h += c.human * c.count;
      j += c.judge * c.count;
    }
  return (j - h) / view.total;
}
