import type { TExperimentPartition } from "@yardstick/contracts/experiments";

// Repeats of a case are a cluster, not independent samples: each side of a comparison is reduced
// to one value per item and grader (mean score, pass fraction) before any pairing, and the
// disagreement between repeats is kept as the item's flakiness.

export interface TCompareCase {
  itemKey: string;
  partition: TExperimentPartition;
  repeat: number;
  error: boolean;
  /** Per grader id: score (null = none) and pass. Graders missing from the map count as failed. */
  graders: Record<string, { score: number | null; passed: boolean }>;
}

export interface TItemGraderValue {
  /** Mean score over the repeats that have one; null when none has. */
  score: number | null;
  /** Share of repeats that passed (errors count as failed). */
  passRate: number;
  /** Repeats disagree on pass/fail. */
  flaky: boolean;
  /** max − min score across repeats (0 with fewer than two scores). */
  scoreSpread: number;
}

export interface TItemCluster {
  itemKey: string;
  partition: TExperimentPartition;
  repeats: number;
  errors: number;
  graders: Record<string, TItemGraderValue>;
}

/** One cluster per item; `graderIds` are the graders to summarise. */
export function clusterByItem(cases: Iterable<TCompareCase>, graderIds: readonly string[]): Map<string, TItemCluster> {
  const acc = new Map<
    string,
    { partition: TExperimentPartition; repeats: number; errors: number; scores: number[][]; passes: number[] }
  >();
  for (const c of cases) {
    let a = acc.get(c.itemKey);
    if (!a) {
      a = {
        partition: c.partition,
        repeats: 0,
        errors: 0,
        scores: graderIds.map(() => []),
        passes: graderIds.map(() => 0),
      };
      acc.set(c.itemKey, a);
    }
    a.repeats++;
    if (c.error) a.errors++;
    graderIds.forEach((id, g) => {
      const r = c.graders[id];
      if (r?.passed) a.passes[g]!++;
      if (r && r.score !== null) a.scores[g]!.push(r.score);
    });
  }
  const out = new Map<string, TItemCluster>();
  for (const [itemKey, a] of acc) {
    const graders: Record<string, TItemGraderValue> = {};
    graderIds.forEach((id, g) => {
      const s = a.scores[g]!;
      const passes = a.passes[g]!;
      graders[id] = {
        score: s.length ? s.reduce((x, y) => x + y, 0) / s.length : null,
        passRate: passes / a.repeats,
        flaky: passes > 0 && passes < a.repeats,
        scoreSpread: s.length > 1 ? Math.max(...s) - Math.min(...s) : 0,
      };
    });
    out.set(itemKey, { itemKey, partition: a.partition, repeats: a.repeats, errors: a.errors, graders });
  }
  return out;
}
